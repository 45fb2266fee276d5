"""Reports for the DPO: volumes, timeliness and extensions, as charts, tables and CSV."""

from __future__ import annotations


def init_app(app) -> None:
    from dsar.reports import views

    app.register_blueprint(views.bp)
