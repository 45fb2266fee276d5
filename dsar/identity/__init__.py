"""Identity verification (rules.md 5): the proportionate ladder per right, and redacted ID copies
that are inspected, encrypted, access-logged and deleted on time."""

from __future__ import annotations

from dsar.cases import panels
from dsar.core import jobs as core_jobs  # not "jobs": the package has a jobs module of its own
from dsar.core.storage import upkeep
from dsar.identity import cli, staff_views, views
from dsar.identity.panel import panel_for


def init_app(app) -> None:
    app.register_blueprint(views.bp)
    app.register_blueprint(staff_views.bp)
    cli.init_app(app)
    panels.register(app, "identity", "identity/case_panel.html", panel_for, order=30)
    core_jobs.register_periodic(app, "dsar.identity.service.request_policy_id_copies")
    core_jobs.register_periodic(app, "dsar.identity.retention.sweep_expired_id_copies")
    upkeep.register_rotation(app, "ID copies", "dsar.identity.retention.rotate_keys")
