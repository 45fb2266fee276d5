"""The legal clock of a case, computed by workflows/ and stored with the versions used (rules 6.3)."""

from __future__ import annotations

from datetime import date, datetime

from dsar.cases.models import Case
from workflows.deadlines import (
    RULES_VERSION,
    Calendar,
    extended_due,
    forward_due,
    receipt_date,
    response_due,
    sla_target,
)


def calendar_for(country: str) -> Calendar:
    return Calendar.for_country(country)


def set_clock(case: Case, received_at: datetime, country: str, paused_days: int = 0) -> None:
    """Fill the case's receipt date and deadlines from its receipt instant (rules 3.2-3.6)."""
    cal = calendar_for(country)
    case.received_at = received_at
    case.receipt_date = receipt_date(received_at)
    case.holiday_country = country
    case.calendar_version = cal.version
    case.rules_version = RULES_VERSION
    case.one_month_due = response_due(received_at, cal, paused_days=paused_days)
    case.extended_due = extended_due(received_at, cal, paused_days=paused_days)
    case.sla_target = sla_target(received_at, cal)
    case.forward_by = forward_due(received_at, cal) if case.role == "processor" else None


def days_left(due: date, today: date) -> int:
    """Calendar days from today to the due date (negative when overdue)."""
    return (due - today).days
