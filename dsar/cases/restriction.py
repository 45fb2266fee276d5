"""Restriction of processing (Art. 18) as a state of the right: restricted on its ground when the
right is granted, lifted only after the data subject was told (Art. 18(3), rules 2.4). Never commits."""

from __future__ import annotations

from flask import current_app

from dsar.cases.models import SubRequest
from dsar.cases.service import record_event
from dsar.core import wording
from dsar.core.db import utcnow
from dsar.core.mail import queue_mail
from workflows.restriction import check_in_force, check_lift, check_restrict
from workflows.states import Outcome, Right

RESTRICTING = {Outcome.GRANTED, Outcome.PARTLY_GRANTED}


def ground_label(code: str | None) -> str:
    return wording.word(code, "restriction_basis")


def restrict_on_decision(sub: SubRequest, outcome: str, actor_id: int) -> None:
    """A granted restriction puts the right in the restricted state, on the ground the requester
    gave (or staff registered); without a ground it is refused (DecisionError)."""
    if sub.right != Right.RESTRICTION or outcome not in RESTRICTING or sub.restricted_at:
        return
    ground = check_restrict(sub.details.get("restriction_ground"))
    sub.restriction_ground, sub.restricted_at = ground.value, utcnow()
    record_event(sub.case, "restricted", actor_id, right=sub.right, ground=ground.value)


def send_lift_notice(sub: SubRequest, actor_id: int, explanation: str) -> None:
    """Art. 18(3): tell the data subject, before lifting, that the restriction will end and why."""
    check_in_force(restricted=sub.restricted_at is not None, lifted=sub.restriction_lifted_at is not None)
    case = sub.case
    queue_mail(
        case.requester_email,
        "restriction_lift_notice",
        case.language,
        case_id=case.id,
        case=case,
        organisation=current_app.config["ORGANISATION_NAME"],
        ground=sub.restriction_ground,  # worded in the mail's language by the template
        explanation=explanation,
    )
    sub.restriction_lift_notice_at = utcnow()
    record_event(case, "restriction_lift_notice_sent", actor_id, right=sub.right)


def lift_restriction(sub: SubRequest, actor_id: int) -> None:
    check_lift(
        restricted=sub.restricted_at is not None,
        lifted=sub.restriction_lifted_at is not None,
        notice_sent=sub.restriction_lift_notice_at is not None,
    )
    sub.restriction_lifted_at = utcnow()
    record_event(sub.case, "restriction_lifted", actor_id, right=sub.right)
