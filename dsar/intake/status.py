"""What the requester's status page shows: where the case stands and what happens next.

Prepared values only; the template decides nothing. It shows no personal data beyond the reference
and the rights chosen, because a forwarded link must not reveal who made the request."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from dsar.cases.models import Case
from dsar.core.db import db
from dsar.intake.forms import RIGHT_LABELS
from workflows.states import CaseRole, CaseState

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

# Rules 5.3: the person is told why an ID copy is asked for and when it is deleted.
ID_COPY_STEP = _l(
    "We asked you by e-mail for a copy of the front of an identity document, with the photo and the "
    "document and national numbers blacked out, because we could not confirm your identity otherwise. "
    "Use the link in that e-mail. We delete the copy once checked, at the latest %(days)s days after "
    "you upload it."
)


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
    if _id_copy_awaited(case):
        next_step = ID_COPY_STEP % {"days": current_app.config["ID_COPY_TTL_DAYS"]}
    return StatusView(
        reference=case.reference,
        state_label=str(label),
        next_step=str(next_step),
        rights=[str(RIGHT_LABELS.get(right, right)) for right in case.rights],
        receipt_date=case.receipt_date,
        # The deadline in force (pauses and an extension included). A processor names no date of its
        # own: the client controller decides and answers (rules P1, P4).
        due_date=case.due_date if case.role == CaseRole.CONTROLLER else None,
        email_confirmed=case.email_confirmed_at is not None,
    )


def _id_copy_awaited(case: Case) -> bool:
    """An ID copy was asked for and none has passed inspection yet (then staff hold the next step)."""
    from dsar.identity.models import CopyStatus, IdCopyRequest

    open_requests = db.session.query(IdCopyRequest).filter(
        IdCopyRequest.case_id == case.id, IdCopyRequest.closed_at.is_(None)
    )
    return any(all(copy.status != CopyStatus.STORED for copy in request.copies) for request in open_requests)
