"""Client controllers (for whom the organisation is a processor) and forwarding requests to them."""

from __future__ import annotations

from flask import Flask

from dsar.cases import hooks, panels
from dsar.controllers import service, views
from dsar.controllers.panel import panel_for


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    panels.register(app, "controllers", "controllers/case_panel.html", panel_for, order=20)
    hooks.add(hooks.controller_notices, service.remind_controller)
    hooks.controller_names.provide(service.controller_names)
