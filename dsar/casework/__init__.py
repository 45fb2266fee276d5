"""The internal side of a case file (rules.md 6.3): notes, attachments, time spent, the Art. 19 and
per-system checklists, Art. 12(5) approvals and staff confirmation of identity. Nothing here is
ever shown to the requester."""

from __future__ import annotations

from dsar.cases import panels
from dsar.casework import case_hooks, views
from dsar.casework.panel import panel_for, rights_panels
from dsar.core import jobs
from dsar.core.storage import upkeep


def init_app(app) -> None:
    app.register_blueprint(views.bp)
    case_hooks.init_app(app)  # decision inputs and the Art. 12(5) hold on the answer
    jobs.register_periodic(app, "dsar.casework.attachments.rescan_held_attachments")
    upkeep.register_rotation(app, "attachments", "dsar.casework.attachments.rotate_keys")
    panels.register(app, "casework", "casework/panel.html", panel_for, order=40)
    # One part per right, shown inside that right's section.
    panels.register(app, "casework_rights", "casework/sub_request.html", rights_panels, slot="right")
