"""What the case file shows about the client controller (prepared values for the template)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user

from dsar.cases.models import Case
from dsar.controllers import service
from dsar.controllers.forms import INSTRUCTION_LABELS, AssignForm
from dsar.controllers.models import ClientController, Forward
from dsar.core.access import can
from dsar.core.db import db


@dataclass
class ControllerPanel:
    controller: ClientController | None
    forward: Forward | None
    instruction_label: str | None
    assign_form: AssignForm | None


def panel_for(case: Case) -> ControllerPanel:
    controller = (
        db.session.get(ClientController, case.client_controller_id) if case.client_controller_id else None
    )
    forward = service.latest_forward(case) if controller else None
    label = INSTRUCTION_LABELS.get(forward.instruction) if forward and forward.instruction else None
    choices = service.all_controllers()
    assign_form = None
    if choices and can(current_user, "cases.work"):
        assign_form = AssignForm(controller_id=case.client_controller_id or 0)
        assign_form.controller_id.choices = [(0, "—")] + [(c.id, c.name) for c in choices]
    return ControllerPanel(controller, forward, str(label) if label else None, assign_form)
