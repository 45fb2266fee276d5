"""Legal clocks, exact to the day (rules.md section 3).

GDPR Art. 12(3) gives one month from receipt, extendable once by two further months. Periods
follow Reg. 1182/71: the day of receipt is not counted (Art. 3(1)); a period in months ends on the
same date of the last month, or on that month's last day when the date does not exist
(Art. 3(2)(c)); a last day that is a Saturday, Sunday or public holiday moves to the next working
day (Art. 3(4)).
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from workflows.calendars import Calendar
from workflows.errors import ExtensionError, WorkflowError

__all__ = [
    "RULES_VERSION",
    "Calendar",
    "ExtensionReason",
    "Pause",
    "add_months",
    "check_extension",
    "consent_withdrawal_due",
    "counted_paused_days",
    "extended_due",
    "forward_due",
    "receipt_date",
    "reminder_dates",
    "response_due",
    "sla_target",
]

RULES_VERSION = "2026.1"
BRUSSELS = ZoneInfo("Europe/Brussels")
PAUSE_WINDOW_WORKING_DAYS = 3  # rules 3.4: "without undue delay" = within 3 working days
CONSENT_WITHDRAWAL_WORKING_DAYS = 2  # rules 2.7 [CHOICE]


def receipt_date(received_at: datetime) -> date:
    """The Brussels calendar date of arrival, whatever the hour or the day (rules 3.2): no deferral
    to the next business day. A naive datetime is taken as Brussels local time."""
    if received_at.tzinfo is None:
        return received_at.date()
    return received_at.astimezone(BRUSSELS).date()


def add_months(day: date, months: int) -> date:
    """Same date ``months`` later, or the last day of that month (Reg. 1182/71 Art. 3(2)(c)).
    Always computed from the receipt date, never chained from an earlier result."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def response_due(received_at: datetime, cal: Calendar, paused_days: int = 0) -> date:
    """``one_month_due`` (rules 3.3): counted pause days are added to the raw date, then rolled."""
    return months_then_rolled(received_at, 1, cal, paused_days)


def extended_due(received_at: datetime, cal: Calendar, paused_days: int = 0) -> date:
    """The latest extended date: receipt + 3 months, then rolled (rules 3.3) — not the rolled
    one-month date plus two months, since Art. 3(4) applies only to the last day of the period."""
    return months_then_rolled(received_at, 3, cal, paused_days)


def months_then_rolled(received_at: datetime, months: int, cal: Calendar, paused_days: int) -> date:
    """Months from the receipt date, plus the paused calendar days, and only then the roll of
    Art. 3(4): a pause suspends the period, it does not move a date that was already rolled."""
    if paused_days < 0:
        raise WorkflowError("negative_pause")
    raw = add_months(receipt_date(received_at), months) + timedelta(days=paused_days)
    return cal.next_working_day(raw)


def forward_due(received_at: datetime, cal: Calendar, working_days: int = 5) -> date:
    """Processor forward-by date (rules 3.5, the DPA's "within five (5) working days"): the n-th
    working day after the day of receipt, which is never counted; a request received on a weekend
    or holiday counts from the next working day."""
    return cal.add_working_days(receipt_date(received_at), working_days)


def sla_target(received_at: datetime, cal: Calendar, days: int = 30) -> date:
    """The privacy-policy promise "within 30 days" (rules 3.6): never later than the legal date,
    and not rolled — it is an internal target."""
    return min(receipt_date(received_at) + timedelta(days=days), response_due(received_at, cal))


def consent_withdrawal_due(received_at: datetime, cal: Calendar) -> date:
    """Consent withdrawal takes effect within 2 working days (rules 2.7)."""
    return cal.add_working_days(receipt_date(received_at), CONSENT_WITHDRAWAL_WORKING_DAYS)


@dataclass(frozen=True)
class Pause:
    """An information request to the data subject: asked on one date, answered (or not yet)."""

    requested_on: date
    received_on: date | None = None


def pause_counts(receipt: date, requested_on: date, cal: Calendar) -> bool:
    """A pause suspends the clock only if the question went out without undue delay (rules 3.4)."""
    return requested_on <= cal.add_working_days(receipt, PAUSE_WINDOW_WORKING_DAYS)


def pause_suspends_clock(receipt: date, requested_on: date, cal: Calendar, extended: bool = False) -> bool:
    """Whether a question sent on ``requested_on`` suspends the clock, and so whether the mail may
    tell the requester it does: only when asked without undue delay (rules 3.4), and never once the
    deadline was extended (the extension notice already gave the requester a date)."""
    return not extended and pause_counts(receipt, requested_on, cal)


def counted_paused_days(receipt: date, pauses: list[Pause], cal: Calendar) -> int:
    """Calendar days of suspension: answer date minus question date, same day = 0 (rules 3.4).
    An open pause adds nothing until it is answered."""
    total = 0
    for pause in pauses:
        if pause.received_on is None or not pause_counts(receipt, pause.requested_on, cal):
            continue
        if pause.received_on < pause.requested_on:
            raise WorkflowError(
                "pause_answered_before_asked", asked=pause.requested_on, answered=pause.received_on
            )
        total += (pause.received_on - pause.requested_on).days
    return total


class ExtensionReason(StrEnum):
    """The reasons that can justify an extension (rules 3.3; EDPB 01/2022 §162-164). "Large effort"
    alone is not one."""

    LARGE_VOLUME = "large_volume"
    MULTIPLE_SYSTEMS = "multiple_systems"
    REDACTION_NEEDED = "redaction_needed"
    INTELLIGIBILITY = "intelligibility"
    MULTIPLE_REQUESTS = "multiple_requests"
    TEMPORARY_SURGE = "temporary_surge"


EXTENSION_REASON_TEXT = {
    ExtensionReason.LARGE_VOLUME: "A large volume of data",
    ExtensionReason.MULTIPLE_SYSTEMS: "Data spread across several systems or units",
    ExtensionReason.REDACTION_NEEDED: "Redaction needed for Art. 15(4) or 17(3) exceptions",
    ExtensionReason.INTELLIGIBILITY: "Making the data intelligible",
    ExtensionReason.MULTIPLE_REQUESTS: "Several requests from the same person",
    ExtensionReason.TEMPORARY_SURGE: "An exceptional, temporary surge of requests",
}


def check_extension(
    today: date,
    received_at: datetime,
    cal: Calendar,
    paused_days: int = 0,
    already_extended: bool = False,
    reason: str | None = None,
    new_due: date | None = None,
) -> date:
    """The new due date of a lawful extension, or ExtensionError saying why it is not lawful."""
    if already_extended:
        raise ExtensionError("extension_already_used")
    if reason not in set(ExtensionReason):
        raise ExtensionError("extension_reason_needed", reasons=list(ExtensionReason))
    one_month = response_due(received_at, cal, paused_days)
    if today > one_month:
        raise ExtensionError("extension_too_late", one_month=one_month)
    latest = extended_due(received_at, cal, paused_days)
    target = new_due or latest
    if target > latest:
        raise ExtensionError("extension_beyond_latest", latest=latest)
    if target <= one_month:
        raise ExtensionError("extension_not_after_one_month", one_month=one_month)
    return target


def reminder_dates(
    due: date, cal: Calendar, working_days_before: tuple[int, ...] = (7, 2)
) -> list[tuple[int, date]]:
    """The working day ``n`` working days before ``due``, for each configured reminder point."""
    return [(n, cal.add_working_days(due, -n)) for n in working_days_before]
