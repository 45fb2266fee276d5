"""The periodic deadline sweep: raises each reminder and escalation of workflows.sweep once.

Idempotent and safe to run concurrently: a notice is a row under a unique (case, key) constraint,
so a second sweep (or a second worker) that stored the same notice first makes this batch roll back
and be redone, finding it there (security.md R-06). A sweep that did not run for days catches up on
its next run.

Linear and bounded: the cases with a notice due are found in SQL (dates against the horizons of
workflows.sweep, and the notice already stored), read in id order in batches, and each batch is
committed with its notices, timeline events, audit entries and mails, or not at all. A sweep cut
off half-way leaves only whole batches behind, and the next one raises the rest."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import String, and_, cast, exists, false, insert, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from dsar.cases import hooks
from dsar.cases.clock import CalendarChanged, calendar_for, calendar_of
from dsar.cases.clock_actions import open_pause, reply_url
from dsar.cases.models import Case, CaseEvent, CaseNotice, CasePause, SubRequest
from dsar.core import audit
from dsar.core.db import db, utcnow
from dsar.core.mail import queue_mail
from dsar.core.time import BRUSSELS, brussels_today
from workflows.deadlines import consent_withdrawal_due
from workflows.states import CaseRole, CaseState, Right
from workflows.sweep import DONE, ClockFacts, Horizon, Notice, horizon, notices_due

log = logging.getLogger(__name__)
REQUESTER_NOTICES = {"information_reminder"}
# A forwarded case waits for the client controller: its deadline reminders go to the controller.
CONTROLLER_NOTICES = {"reminder_7", "reminder_2", "overdue"}
BATCH_SIZE = 500  # cases per transaction: one head lock and one commit per batch


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
    due_somewhere = cases_with_notices_due(today, points)
    raised, after = 0, 0
    while True:
        ids = db.session.scalars(
            select(Case.id).where(due_somewhere, Case.id > after).order_by(Case.id).limit(BATCH_SIZE)
        ).all()
        if not ids:
            return raised
        raised += _sweep_batch(ids, today, points)
        after = ids[-1]


def _sweep_batch(ids: list[int], today: date, points: tuple[int, ...]) -> int:
    for attempt in (1, 2):
        try:
            raised = _raise_due(ids, today, points)
            db.session.commit()
            return raised
        except IntegrityError:  # another sweep stored some of these notices first: redo the batch
            db.session.rollback()
            if attempt == 2:
                raise
    return 0


def _raise_due(ids: list[int], today: date, points: tuple[int, ...]) -> int:
    cases = db.session.scalars(
        select(Case)
        .where(Case.id.in_(ids))
        .order_by(Case.id)
        .options(selectinload(Case.pauses), selectinload(Case.sub_requests))
    ).all()
    stored: dict[int, set[str]] = {}  # the keys alone: no mapped object per notice already raised
    for case_id, key in db.session.execute(
        select(CaseNotice.case_id, CaseNotice.key).where(CaseNotice.case_id.in_(ids))
    ):
        stored.setdefault(case_id, set()).add(key)
    batch = _Batch()
    for case in cases:
        try:
            due = notices_due(facts_of(case), today, calendar_of(case), points)
        except CalendarChanged as exc:
            log.error("%s", exc)
            continue
        known = stored.get(case.id, set())
        for notice in due:
            if notice.key not in known:
                batch.add(case, notice)
    return batch.store()


def cases_with_notices_due(today: date, points: tuple[int, ...]):
    """A SQL condition true for every open case with a notice due today and not yet stored (and
    for a few more, which the exact check in Python then skips). One branch per holiday calendar."""
    countries = db.session.scalars(
        select(Case.holiday_country).where(Case.closed_at.is_(None)).distinct()
    ).all()
    per_calendar = [
        and_(Case.holiday_country == country, _due_under(horizon(today, calendar_for(country), points)))
        for country in countries
    ]
    return and_(
        Case.closed_at.is_(None), Case.state.not_in([s.value for s in DONE]), or_(false(), *per_calendar)
    )


def _due_under(h: Horizon):
    return or_(
        and_(Case.due_date < h.today, ~_stored("overdue", anchor=Case.due_date)),
        *(
            and_(
                Case.due_date >= h.today,
                Case.due_date <= latest,
                ~_stored(*[f"reminder_{m}" for m in h.reminders if m <= n], anchor=Case.due_date),
            )
            for n, latest in h.reminders.items()
        ),
        and_(
            Case.role == CaseRole.PROCESSOR.value,
            Case.state != CaseState.FORWARDED.value,
            Case.forward_by <= h.forward_warning,
            ~_stored("forward_overdue", anchor=Case.forward_by),
        ),
        # Few cases wait for a controller's acknowledgement: these are looked at every day.
        and_(
            Case.controller_acknowledged_at.is_(None),
            Case.forwarded_at < _start_of_day(h.forward_unanswered + timedelta(days=1)),
        ),
        exists().where(
            CasePause.case_id == Case.id,
            CasePause.received_on.is_(None),
            CasePause.requested_on <= h.information_reminder,
        ),
        # Rules 2.7: a consent withdrawal still undecided two working days (so at least two calendar
        # days) after receipt; few cases have one, the exact date is checked in Python.
        and_(
            Case.received_at < _start_of_day(h.today - timedelta(days=2)),
            exists().where(
                SubRequest.case_id == Case.id,
                SubRequest.right == Right.CONSENT_WITHDRAWAL.value,
                SubRequest.outcome.is_(None),
            ),
            ~exists().where(CaseNotice.case_id == Case.id, CaseNotice.kind == "withdrawal_overdue"),
        ),
    )


def _stored(*kinds: str, anchor) -> object:
    """A notice of one of ``kinds`` anchored on ``anchor`` exists (keys as in workflows.sweep)."""
    keys = [literal(f"{kind}:") + cast(anchor, String) for kind in kinds]
    return exists().where(CaseNotice.case_id == Case.id, CaseNotice.key.in_(keys))


def _start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=BRUSSELS)


class _Batch:
    """The notices of one batch with their timeline events (what cases.service.record_event writes:
    the event, its audit entry, the listeners told), stored by two multi-row INSERTs
    (the unit of work per object cost more than the rest of the sweep); audit entries and mails
    join the same transaction, so the batch is committed whole or not at all."""

    def __init__(self) -> None:
        self.notices: list[dict] = []
        self.events: list[dict] = []

    def add(self, case: Case, notice: Notice) -> None:
        now, kind = utcnow(), f"notice_{notice.kind}"
        self.notices.append({"case_id": case.id, "kind": notice.kind, "key": notice.key, "raised_at": now})
        data = {"key": notice.key}
        self.events.append({"case_id": case.id, "kind": kind, "actor_id": None, "data": data, "at": now})
        audit.record(f"case.{kind}", None, case.id, key=notice.key)
        for listener in hooks.event_listeners:
            listener(case, CaseEvent(case_id=case.id, kind=kind, data=data, at=now))
        _announce(case, notice)

    def store(self) -> int:
        if self.notices:  # a notice stored meanwhile by another sweep: IntegrityError, batch redone
            db.session.execute(insert(CaseNotice), self.notices)
            db.session.execute(insert(CaseEvent), self.events)
        return len(self.notices)


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
        for remind in hooks.controller_notices:  # the client controller's reminder
            remind(case, notice.kind)
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
