"""The periodic deadline sweep: raises each reminder and escalation of workflows.sweep once.

Idempotent and safe to run concurrently: a notice is a row under a unique (case, key) constraint,
inserted in its own savepoint, so a second sweep (or a second worker) finds it there and does
nothing (security.md R-06). A sweep that did not run for days catches up on its next run."""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from dsar.cases.clock import CalendarChanged, calendar_of
from dsar.cases.clock_actions import open_pause, reply_url
from dsar.cases.models import Case, CaseNotice
from dsar.cases.service import record_event
from dsar.controllers import service as controllers_service
from dsar.core.db import db
from dsar.core.mail import queue_mail
from dsar.core.time import brussels_today
from workflows.deadlines import consent_withdrawal_due
from workflows.states import CaseRole, CaseState, Right
from workflows.sweep import ClockFacts, Notice, notices_due

log = logging.getLogger(__name__)
REQUESTER_NOTICES = {"information_reminder"}
# A forwarded case waits for the client controller: its deadline reminders go to the controller.
CONTROLLER_NOTICES = {"reminder_7", "reminder_2", "overdue"}


def reminder_points() -> tuple[int, ...]:
    raw = current_app.config["REMINDER_WORKING_DAYS"]
    return tuple(sorted({int(part) for part in str(raw).split(",") if part.strip()}, reverse=True))


def facts_of(case: Case) -> ClockFacts:
    pause = open_pause(case)
    return ClockFacts(
        state=CaseState(case.state),
        due_date=case.due_date,
        case_role=CaseRole(case.role),
        forward_by=case.forward_by,
        open_pause_requested_on=pause.requested_on if pause else None,
        forwarded_on=brussels_today(case.forwarded_at) if case.forwarded_at else None,
        controller_acknowledged=case.controller_acknowledged_at is not None,
        withdrawal_due=withdrawal_due(case),
    )


def withdrawal_due(case: Case):
    """The 2-working-day date of a consent withdrawal not decided yet (rules 2.7); None otherwise."""
    pending = any(sub.right == Right.CONSENT_WITHDRAWAL and not sub.outcome for sub in case.sub_requests)
    return consent_withdrawal_due(case.received_at, calendar_of(case)) if pending else None


def sweep_deadlines() -> int:
    """Raise what is due today for every open case; returns how many notices were new."""
    today = brussels_today()
    points = reminder_points()
    cases = db.session.scalars(
        select(Case)
        .where(Case.closed_at.is_(None))
        .options(selectinload(Case.pauses), selectinload(Case.notices), selectinload(Case.sub_requests))
    ).all()
    raised = 0
    for case in cases:
        try:
            due = notices_due(facts_of(case), today, calendar_of(case), points)
        except CalendarChanged as exc:
            log.error("%s", exc)
            continue
        known = {notice.key for notice in case.notices}
        raised += sum(_raise(case, notice) for notice in due if notice.key not in known)
    db.session.commit()
    return raised


def _raise(case: Case, notice: Notice) -> bool:
    """Store the notice once; only the sweep that stored it sends its mail."""
    try:
        with db.session.begin_nested():
            db.session.add(CaseNotice(case_id=case.id, kind=notice.kind, key=notice.key))
    except IntegrityError:
        return False
    record_event(case, f"notice_{notice.kind}", key=notice.key)
    _announce(case, notice)
    return True


def _announce(case: Case, notice: Notice) -> None:
    organisation = current_app.config["ORGANISATION_NAME"]
    if notice.kind in REQUESTER_NOTICES:
        queue_mail(
            case.requester_email,
            "information_reminder",
            case.language,
            case_id=case.id,
            case=case,
            organisation=organisation,
            reply_link=reply_url(case),
        )
        return
    forwarded = case.role == "processor" and case.forwarded_at is not None
    waiting_for_controller = forwarded and case.controller_instruction_at is None
    if waiting_for_controller and notice.kind in CONTROLLER_NOTICES:
        controllers_service.remind_controller(case, notice.kind)
        if notice.kind != "overdue":  # an overdue case is escalated to staff as well
            return
    staff_address = current_app.config["STAFF_ALERT_EMAIL"]
    if staff_address:
        queue_mail(
            staff_address,
            "staff_alert",
            current_app.config["DEFAULT_LANGUAGE"],
            case_id=case.id,
            case=case,
            organisation=organisation,
            kind=notice.kind,
        )
