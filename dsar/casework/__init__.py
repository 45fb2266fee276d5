"""The internal side of a case file (rules.md 6.3): notes, attachments, time spent, the Art. 19 and
per-system checklists, Art. 12(5) approvals and staff confirmation of identity. Nothing here is
ever shown to the requester."""

from __future__ import annotations


def init_app(app) -> None:
    from dsar.casework import cli, views
    from dsar.casework.panel import panel_for, sub_panel_for

    app.register_blueprint(views.bp)
    cli.init_app(app)
    app.jinja_env.globals["casework_panel"] = panel_for
    app.jinja_env.globals["casework_sub_panel"] = sub_panel_for
