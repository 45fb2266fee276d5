"""What the requester's status page shows: where the case stands and what happens next.

Prepared values only; the template decides nothing. It shows no personal data beyond the reference
and the rights chosen, because a forwarded link must not reveal who made the request."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from dsar.cases import clock_actions, decisions
from dsar.cases.forms import RIGHT_LABELS, outcome_label
from dsar.cases.models import Case
from dsar.core import wording
from dsar.core.db import utcnow
from dsar.identity import service as identity_service
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

CHECKING_IDENTITY = _l("We are checking your identity")

# Rules 5.3: the person is told why an ID copy is asked for and when it is deleted.
ID_COPY_STEP = _l(
    "We asked you by e-mail for a copy of the front of an identity document, with your photo, the "
    "document or card number, your national number (rijksregisternummer or BSN) and the "
    "machine-readable lines (MRZ) blacked out, because we could not confirm your identity otherwise. "
    "Use the link in that e-mail. We delete the copy once checked, at the latest %(days)s days after "
    "you upload it."
)
# Once the e-mail address is confirmed, the requester's next step depends on the ID copy (rules 5.2-5.4).
ID_COPY_PROGRESS = {
    "proposed": _l(
        "We blacked out parts of the document you sent. Please look at the result with the link in "
        "our e-mail and accept it or send another copy."
    ),
    "inspecting": _l("We received your document and are checking it. You need not do anything now."),
    "with_staff": _l(
        "We received your document; a member of our staff is checking it. You need not do anything now."
    ),
}
# Level 3 or 4 without an ID copy asked for (yet): staff compare with what we already hold.
STAFF_CHECK_STEP = _l(
    "Your e-mail address is confirmed. We are checking your identity with the data we already hold; "
    "we will write to you if we need anything."
)
EMAIL_STATE = {
    "confirmed": _l("confirmed"),
    "pending": _l("not yet confirmed"),
    # Rules 5.2 level 1 (consent withdrawal, objection to direct marketing): no confirmation needed.
    "not_needed": _l("no confirmation needed for this request"),
}


@dataclass
class Download:
    name: str
    url: str
    expires_at: datetime | None


@dataclass
class StatusView:
    reference: str
    state_label: str
    next_step: str
    rights: list[str]
    receipt_date: object
    due_date: object
    email_state: str
    reply_link: str | None = None
    # Once answered (rules C4): what we decided per right, and the answer's files while they last.
    outcomes: list[tuple[str, str]] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    history: list[tuple[datetime, str]] = field(default_factory=list)
    contact: dict[str, object] = field(default_factory=dict)


def describe(case: Case) -> StatusView:
    label, next_step, asks_reply = _label_and_next_step(case)
    return StatusView(
        reference=case.reference,
        state_label=str(label),
        next_step=str(next_step),
        rights=[str(RIGHT_LABELS.get(right, right)) for right in case.rights],
        receipt_date=case.receipt_date,
        # The deadline in force (pauses and an extension included). A processor names no date of its
        # own: the client controller decides and answers (rules P1, P4).
        due_date=case.due_date if case.role == CaseRole.CONTROLLER else None,
        email_state=str(EMAIL_STATE[_email_state(case)]),
        reply_link=clock_actions.reply_url(case) if asks_reply and clock_actions.open_pause(case) else None,
        outcomes=_outcomes(case),
        downloads=_downloads(case),
        history=_history(case),
        contact=_contact(),
    )


def _outcomes(case: Case) -> list[tuple[str, str]]:
    """Shown only once the answer went out: before that a decision can still change."""
    if case.answered_at is None:
        return []
    return [
        (str(RIGHT_LABELS.get(sub.right, sub.right)), outcome_label(sub.outcome))
        for sub in case.sub_requests
        if sub.outcome
    ]


def _downloads(case: Case) -> list[Download]:
    if case.answered_at is None:
        return []
    now = utcnow()
    return [
        Download(record.display_name, decisions.download_url(record), record.expires_at)
        for record in decisions.answer_packages(case)
        if not record.held and (record.expires_at is None or record.expires_at > now)
    ]


def _history(case: Case) -> list[tuple[datetime, str]]:
    """The milestones the requester can check against the law's clock; no names, no free text (the
    status link may be forwarded)."""
    events = [(case.received_at, _("We received your request."))]
    if case.email_confirmed_at:
        events.append((case.email_confirmed_at, _("You confirmed your e-mail address.")))
    if case.extended_at:
        reason = wording.word(case.extension_reason, "extension_reason")
        events.append(
            (case.extended_at, _("We extended the deadline (Art. 12(3)): %(reason)s.", reason=reason))
        )
    if case.answered_at:
        events.append((case.answered_at, _("We sent you our answer.")))
    return sorted(events, key=lambda event: event[0])


def _contact() -> dict[str, object]:
    config = current_app.config
    return {
        "name": config["ORGANISATION_NAME"],
        "address": [
            line.strip() for line in re.split(r";|\n", config["ORGANISATION_ADDRESS"] or "") if line.strip()
        ],
        "email": config["CONTACT_EMAIL"],
        "privacy_notice": config["PRIVACY_NOTICE_URL"],
    }


def _email_state(case: Case) -> str:
    if case.email_confirmed_at is not None:
        return "confirmed"
    return "pending" if case.verification_level >= 2 else "not_needed"


VERIFYING = (CaseState.AWAITING_VERIFICATION, CaseState.AWAITING_INFORMATION)


def _label_and_next_step(case: Case) -> tuple[object, object, bool]:
    """The state, the one thing that happens next, exactly, and whether it is the requester's reply.
    While identity is open: what the requester still has to do comes first (send or approve an ID
    copy, confirm the address), then what we are doing (checking the copy, comparing with our data)."""
    label, next_step = STATE_TEXT.get(case.state, (case.state, ""))
    waiting_for_reply = case.state == CaseState.AWAITING_INFORMATION
    if case.state not in VERIFYING:
        return label, next_step, False
    progress = identity_service.id_copy_progress(case)
    if progress == "asked":
        return label, ID_COPY_STEP % {"days": current_app.config["ID_COPY_TTL_DAYS"]}, waiting_for_reply
    if progress == "proposed":
        return label, ID_COPY_PROGRESS[progress], False
    if case.state == CaseState.AWAITING_VERIFICATION and _email_state(case) == "pending":
        return label, next_step, False
    if progress is not None:
        return CHECKING_IDENTITY, ID_COPY_PROGRESS[progress], False
    if case.state == CaseState.AWAITING_VERIFICATION:
        return CHECKING_IDENTITY, STAFF_CHECK_STEP, False
    return label, next_step, waiting_for_reply
