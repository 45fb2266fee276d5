"""The legal clock of a case, computed by workflows/ and stored with the versions used (rules 6.3).

Dates are computed once and stored; they change only through a recorded event (a counted pause, an
extension), never because a holiday package was upgraded underneath an open case."""

from __future__ import annotations

from datetime import date, datetime

from dsar.cases.models import Case
from workflows.deadlines import (
    RULES_VERSION,
    Calendar,
    Pause,
    counted_paused_days,
    extended_due,
    forward_due,
    receipt_date,
    response_due,
    sla_target,
)


class CalendarChanged(RuntimeError):
    """The installed holiday calendar differs from the one this case's dates were computed with."""


def calendar_for(country: str) -> Calendar:
    return Calendar.for_country(country)


def calendar_of(case: Case) -> Calendar:
    """The calendar a case was dated with; refuses to mix calendar versions silently."""
    cal = calendar_for(case.holiday_country)
    if cal.version != case.calendar_version:
        raise CalendarChanged(
            f"case {case.reference} was dated with {case.calendar_version}, installed is {cal.version}"
        )
    return cal


def set_clock(case: Case, received_at: datetime, country: str) -> None:
    """Fill the case's receipt date and deadlines from its receipt instant (rules 3.2-3.6)."""
    cal = calendar_for(country)
    case.received_at = received_at
    case.receipt_date = receipt_date(received_at)
    case.holiday_country = country
    case.calendar_version = cal.version
    case.rules_version = RULES_VERSION
    case.one_month_due = response_due(received_at, cal)
    case.extended_due = extended_due(received_at, cal)
    case.sla_target = sla_target(received_at, cal)
    case.forward_by = forward_due(received_at, cal) if case.role == "processor" else None
    case.paused_days = 0
    case.due_date = case.one_month_due


def apply_pauses(case: Case) -> None:
    """Recompute the deadlines after a pause opened or closed (rules 3.4: suspension, not restart;
    paused calendar days are added to the raw dates before rolling)."""
    cal = calendar_of(case)
    pauses = [Pause(p.requested_on, p.received_on) for p in case.pauses if p.counted]
    case.paused_days = counted_paused_days(case.receipt_date, pauses, cal)
    case.extended_due = extended_due(case.received_at, cal, paused_days=case.paused_days)
    if case.extended_at is None:
        case.due_date = response_due(case.received_at, cal, paused_days=case.paused_days)


def days_left(due: date, today: date) -> int:
    """Calendar days from today to the due date (negative when overdue)."""
    return (due - today).days


def working_days_left(due: date, today: date, cal: Calendar) -> int:
    """Working days after today up to and including the due date (negative when overdue)."""
    if due < today:
        return -working_days_between(due, today, cal)
    return working_days_between(today, due, cal)


def working_days_between(start: date, end: date, cal: Calendar) -> int:
    count, day = 0, start
    while day < end:
        day = date.fromordinal(day.toordinal() + 1)
        count += cal.is_working_day(day)
    return count
