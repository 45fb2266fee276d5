"""What case work tells the case (``dsar/cases/hooks.py``): the inputs of a decision on one right,
and whether an Art. 12(5) proposal still waits for a DPO, which holds the answer (rules C3)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from dsar.cases import hooks
from dsar.cases.models import Case, SubRequest
from dsar.casework import approvals, checklists
from dsar.casework.models import Art125Approval
from dsar.core.db import db


def decision_inputs(sub: SubRequest) -> hooks.DecisionInputs:
    notified, reasons = checklists.art19_inputs(sub)
    # Art. 12(5) lets the controller charge or refuse: an approved fee left unpaid is a ground too.
    ground = approvals.approved_refusal(sub) or approvals.unpaid_fee(sub)
    return hooks.DecisionInputs(
        recipients_notified=notified,
        art19_justification=reasons,
        unticked_systems=checklists.unticked_systems(sub),
        fee_status=approvals.fee_status(sub),
        art12_5_approval=hooks.Approval(ground.justification, ground.decided_by_id) if ground else None,
    )


def art12_5_pending(case: Case) -> bool:
    """An Art. 12(5) refusal or fee still waiting for a DPO's approval (rules C3)."""
    if case.id is None:
        return False
    pending = db.session.scalar(
        select(Art125Approval.id)
        .join(SubRequest, SubRequest.id == Art125Approval.sub_request_id)
        .where(SubRequest.case_id == case.id, Art125Approval.status == "proposed")
        .limit(1)
    )
    return pending is not None


def init_app(app: Flask) -> None:
    hooks.decision_inputs.provide(decision_inputs)
    hooks.art12_5_pending.provide(art12_5_pending)
