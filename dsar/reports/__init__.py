"""Reports for the DPO: volumes, timeliness and extensions, as charts, tables and CSV."""

from __future__ import annotations

from dsar.reports import views


def init_app(app) -> None:
    app.register_blueprint(views.bp)
