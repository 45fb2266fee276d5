"""How requests come in: the public request form, e-mail confirmation and the requester's status
page, and staff registering a request that arrived by letter, phone or e-mail (offline)."""

from __future__ import annotations

from flask import Flask

from dsar.intake import offline_views, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.register_blueprint(offline_views.bp)
