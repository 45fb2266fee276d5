"""Operations that move the legal clock: extending once, pausing for information, resuming.

The law decides whether a move is allowed (workflows/); these operations record it, recompute the
dates and queue the mail the requester must receive, all in the caller's transaction."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _

from dsar.cases import hooks
from dsar.cases.clock import apply_pauses, calendar_of
from dsar.cases.decisions import authority_for
from dsar.cases.models import Case, CaseMessage, CasePause
from dsar.cases.service import record_event, target_state
from dsar.core.db import utcnow
from dsar.core.links import LinkPurpose, signed_url
from dsar.core.mail import queue_mail
from dsar.core.time import brussels_today
from workflows.deadlines import check_extension, pause_suspends_clock
from workflows.rights import check_identity_question
from workflows.states import Move, Right

# Rules 3.4: a pause counts only when the question went out within 3 working days of receipt.
PAUSE_WINDOW_WORKING_DAYS = 3


class ClockError(ValueError):
    """A clock move the law does not allow; the message says why."""


def extend_deadline(case: Case, actor_id: int, reason: str, note: str, new_due: date | None = None) -> date:
    """Art. 12(3): extend once, with reasons, by a notice sent on or before the one-month date."""
    cal = calendar_of(case)
    new_date = check_extension(
        brussels_today(),
        case.received_at,
        cal,
        paused_days=case.paused_days,
        already_extended=case.extended_at is not None,
        reason=reason,
        new_due=new_due,
    )
    next_state = target_state(case, Move.EXTEND)  # an unverified or paused case keeps waiting
    case.extended_at = utcnow()
    case.extended_by_id = actor_id
    case.extension_reason = reason
    case.extension_note = note
    case.due_date = new_date
    case.state = next_state
    record_event(case, "deadline_extended", actor_id, reason=reason, new_due=new_date.isoformat())
    downloads = [item for attach in hooks.extension_attachments for item in attach(case, actor_id)]
    authority_name, authority_url = authority_for(case.language)  # the remedies (Art. 77, 79)
    _queue_to_requester(
        case,
        "extension_notice",
        authority_name=authority_name,
        authority_url=authority_url,
        reason=reason,
        note=note,
        new_due=new_date,
        downloads=downloads,
        download_days=current_app.config["DOWNLOAD_LINK_DAYS"],
    )
    return new_date


def request_information(case: Case, actor_id: int, reason: str, message: str) -> CasePause:
    """Ask the requester for what we need (identity, Art. 12(6); scope, Recital 63) and pause."""
    if open_pause(case):
        raise ClockError(_("An information request is already open for this case."))
    if reason == "identity":
        # Art. 12(6) concerns rights that have an identity check; level 1 has none (rules 5.2).
        check_identity_question([(Right(sub.right), sub.direct_marketing) for sub in case.sub_requests])
    now = utcnow()
    today = brussels_today(now)
    pause = CasePause(
        case=case,
        reason=reason,
        requested_at=now,
        requested_on=today,
        requested_by_id=actor_id,
        counted=pause_suspends_clock(
            case.receipt_date, today, calendar_of(case), extended=case.extended_at is not None
        ),
    )
    case.pauses.append(pause)
    case.messages.append(CaseMessage(direction="out", body=message, staff_id=actor_id))
    case.state = target_state(case, Move.REQUEST_INFORMATION)
    record_event(case, "information_requested", actor_id, reason=reason, counted=pause.counted)
    apply_pauses(case)
    # The mail says the clock is suspended only when it is (rules 3.4); otherwise it gives the date.
    _queue_to_requester(
        case,
        "information_request",
        message=message,
        reply_link=reply_url(case),
        counted=pause.counted,
        due_on=case.due_date,
    )
    return pause


def record_information_received(
    case: Case, actor_id: int | None, reply: str | None = None, received_at: datetime | None = None
) -> CasePause:
    """The requester answered: resume the clock, moved by the paused calendar days. An answer that
    came through another channel (a mail) resumes it on the day it arrived, not the day it was read."""
    pause = open_pause(case)
    if pause is None:
        raise ClockError(_("There is no open information request."))
    if reply:
        case.messages.append(CaseMessage(direction="in", body=reply))
    pause.received_at = received_at or utcnow()
    pause.received_on = brussels_today(pause.received_at)
    case.state = target_state(case, Move.RECEIVE_INFORMATION)
    apply_pauses(case)
    record_event(case, "information_received", actor_id, paused_days=case.paused_days)
    return pause


def open_pause(case: Case) -> CasePause | None:
    return next((p for p in case.pauses if p.received_on is None), None)


def reply_url(case: Case) -> str:
    return signed_url("intake.reply", LinkPurpose.REPLY, case.public_id)


def _queue_to_requester(case: Case, template: str, **context) -> None:
    queue_mail(
        case.requester_email,
        template,
        case.language,
        case_id=case.id,
        case=case,
        organisation=current_app.config["ORGANISATION_NAME"],
        **context,
    )
