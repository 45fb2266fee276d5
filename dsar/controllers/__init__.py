"""Client controllers (for whom the organisation is a processor) and forwarding requests to them."""

from __future__ import annotations


def init_app(app) -> None:
    from dsar.cases import panels
    from dsar.controllers import views
    from dsar.controllers.panel import panel_for

    app.register_blueprint(views.bp)
    panels.register(app, "controllers", "controllers/case_panel.html", panel_for, order=20)
