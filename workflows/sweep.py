"""Which reminders and escalations are due for a case today (rules 3.3-3.5; security.md R-06).

Pure: the portal stores each notice under its key in a unique-constrained table, so a notice is
raised exactly once however often the sweep runs, and a missed day is caught up on the next run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from workflows.calendars import Calendar
from workflows.states import CaseRole, CaseState

INFORMATION_REMINDER_DAYS = 14  # rules 3.4: remind after 14 calendar days without an answer
CLOSURE_PROPOSAL_DAYS = 30  # rules 3.4: propose closure after 30 days
FORWARD_WARNING_WORKING_DAYS = 2  # [CHOICE] warn staff 2 working days before the forward-by date
FORWARD_ACKNOWLEDGEMENT_WORKING_DAYS = 2  # an unacknowledged forward escalates to staff after this
DONE = frozenset({CaseState.ANSWERED, CaseState.CLOSED})


@dataclass(frozen=True)
class ClockFacts:
    """The dates a case's notices hang on, as stored on the case."""

    state: CaseState
    due_date: date  # the deadline in force: one_month_due, or the extended date once extended
    case_role: CaseRole = CaseRole.CONTROLLER
    forward_by: date | None = None
    open_pause_requested_on: date | None = None
    forwarded_on: date | None = None
    controller_acknowledged: bool = False
    # Rules 2.7: a consent withdrawal still undecided and the day it must have taken effect by.
    withdrawal_due: date | None = None


class Notice(NamedTuple):
    """A (kind, key) pair. The key names the kind and the date it is anchored to, so it is stable
    from one sweep to the next and changes only when that date changes."""

    kind: str
    key: str


def notices_due(
    facts: ClockFacts, today: date, cal: Calendar, reminder_points: tuple[int, ...] = (7, 2)
) -> list[Notice]:
    """Every notice whose moment has come by ``today``. Notices already raised come back on later
    days with the same key; the portal's unique (case, key) constraint makes them a no-op."""
    if facts.state in DONE:
        return []
    found = _deadline_notices(facts.due_date, today, cal, reminder_points)
    if facts.case_role == CaseRole.PROCESSOR and facts.forward_by and facts.state != CaseState.FORWARDED:
        found += _forward_notices(facts.forward_by, today, cal)
    if facts.forwarded_on and not facts.controller_acknowledged:
        found += _unanswered_forward(facts.forwarded_on, today, cal)
    if facts.open_pause_requested_on:
        found += _pause_notices(facts.open_pause_requested_on, today)
    if facts.withdrawal_due and today > facts.withdrawal_due:
        # Rules 2.7 [CHOICE]: effective within 2 working days, whatever the other rights wait for.
        found.append(Notice("withdrawal_overdue", f"withdrawal_overdue:{facts.withdrawal_due}"))
    return found


def _deadline_notices(due: date, today: date, cal: Calendar, points: tuple[int, ...]) -> list[Notice]:
    if today > due:
        return [Notice("overdue", f"overdue:{due}")]
    # Only the latest reminder point reached: a sweep that missed days sends one catch-up reminder.
    reached = [n for n in sorted(points, reverse=True) if today >= cal.add_working_days(due, -n)]
    return [Notice(f"reminder_{reached[-1]}", f"reminder_{reached[-1]}:{due}")] if reached else []


def _forward_notices(forward_by: date, today: date, cal: Calendar) -> list[Notice]:
    if today > forward_by:
        return [Notice("forward_overdue", f"forward_overdue:{forward_by}")]
    if today >= cal.add_working_days(forward_by, -FORWARD_WARNING_WORKING_DAYS):
        return [Notice("forward_due_warning", f"forward_due_warning:{forward_by}")]
    return []


def _unanswered_forward(forwarded_on: date, today: date, cal: Calendar) -> list[Notice]:
    if today >= cal.add_working_days(forwarded_on, FORWARD_ACKNOWLEDGEMENT_WORKING_DAYS):
        return [Notice("forward_unanswered", f"forward_unanswered:{forwarded_on}")]
    return []


def _pause_notices(requested_on: date, today: date) -> list[Notice]:
    found = []
    if today >= requested_on + timedelta(days=INFORMATION_REMINDER_DAYS):
        found.append(Notice("information_reminder", f"information_reminder:{requested_on}"))
    if today >= requested_on + timedelta(days=CLOSURE_PROPOSAL_DAYS):
        found.append(Notice("closure_proposal", f"closure_proposal:{requested_on}"))
    return found


@dataclass(frozen=True)
class Horizon:
    """For one calendar and one day: the latest anchor dates whose notices have come by ``today``.
    A case whose dates lie beyond every horizon has nothing due, so the portal selects the cases to
    look at with plain date comparisons in SQL instead of loading every open case."""

    today: date
    reminders: dict[int, date]  # reminder point -> latest due date whose reminder has come
    forward_warning: date  # latest forward-by date whose warning has come
    forward_unanswered: date  # latest forwarding day whose "unanswered" escalation has come
    information_reminder: date  # latest pause-request day whose reminder has come
    closure_proposal: date


def horizon(today: date, cal: Calendar, reminder_points: tuple[int, ...] = (7, 2)) -> Horizon:
    return Horizon(
        today=today,
        reminders={n: _latest_reached(today, cal, n) for n in reminder_points},
        forward_warning=_latest_reached(today, cal, FORWARD_WARNING_WORKING_DAYS),
        forward_unanswered=_latest_anchor_after(today, cal, FORWARD_ACKNOWLEDGEMENT_WORKING_DAYS),
        information_reminder=today - timedelta(days=INFORMATION_REMINDER_DAYS),
        closure_proposal=today - timedelta(days=CLOSURE_PROPOSAL_DAYS),
    )


def _latest_reached(today: date, cal: Calendar, working_days: int) -> date:
    """The latest date d with ``add_working_days(d, -working_days) <= today`` (monotonic in d)."""
    day = today
    while cal.add_working_days(day + timedelta(days=1), -working_days) <= today:
        day += timedelta(days=1)
    return day


def _latest_anchor_after(today: date, cal: Calendar, working_days: int) -> date:
    """The latest date d with ``add_working_days(d, working_days) <= today``."""
    day = today
    while cal.add_working_days(day, working_days) > today:
        day -= timedelta(days=1)
    return day
