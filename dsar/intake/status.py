"""What the requester's status page shows: where the case stands and what happens next.

Prepared values only; the template decides nothing. It shows no personal data beyond the reference
and the rights chosen, because a forwarded link must not reveal who made the request."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from dsar.cases.models import Case
from dsar.intake.forms import RIGHT_LABELS
from workflows.states import CaseState

STATE_TEXT = {
    CaseState.RECEIVED: (_l("Received"), _l("We will check your request shortly.")),
    CaseState.AWAITING_VERIFICATION: (
        _l("Waiting for your confirmation"),
        _l("Please open the confirmation link in the e-mail we sent you. The deadline already runs."),
    ),
    CaseState.IN_PROGRESS: (_l("In progress"), _l("We are handling your request.")),
    CaseState.AWAITING_INFORMATION: (
        _l("Waiting for information from you"),
        _l("We asked you for information by e-mail; the deadline is paused until you reply."),
    ),
    CaseState.EXTENDED: (
        _l("In progress (deadline extended)"),
        _l("We told you why we need more time; the new deadline is shown below."),
    ),
    CaseState.FORWARDED: (
        _l("Forwarded to the organisation responsible"),
        _l("That organisation decides on your request and will answer you."),
    ),
    CaseState.ANSWERED: (_l("Answered"), _l("We sent you our answer.")),
    CaseState.CLOSED: (_l("Closed"), _l("This request is closed.")),
}


@dataclass
class StatusView:
    reference: str
    state_label: str
    next_step: str
    rights: list[str]
    receipt_date: object
    due_date: object
    email_confirmed: bool


def describe(case: Case) -> StatusView:
    label, next_step = STATE_TEXT.get(case.state, (case.state, ""))
    due = case.one_month_due if case.state != CaseState.EXTENDED else case.extended_due
    return StatusView(
        reference=case.reference,
        state_label=str(label),
        next_step=str(next_step),
        rights=[str(RIGHT_LABELS.get(right, right)) for right in case.rights],
        receipt_date=case.receipt_date,
        due_date=due,
        email_confirmed=case.email_confirmed_at is not None,
    )
