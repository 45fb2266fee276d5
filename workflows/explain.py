"""Why each date is what it is, in plain steps a DPO can check by hand.

Each step is a ``Phrase`` (workflows.reasons): a code with its dates and days, worded by the portal
in the reader's language; as a string it reads in English (the ``flask dsar deadlines`` command)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from workflows.calendars import Calendar
from workflows.deadlines import (
    BRUSSELS,
    CONSENT_WITHDRAWAL_WORKING_DAYS,
    add_months,
    consent_withdrawal_due,
    extended_due,
    forward_due,
    receipt_date,
    response_due,
    sla_target,
)
from workflows.reasons import Holiday, Month, Phrase, Weekday

MONTHS_AFTER = {1: "one_month_after", 3: "three_months_after"}


@dataclass
class DateExplanation:
    key: str
    label: str
    date: date
    steps: list[Phrase] = field(default_factory=list)


def explain_receipt(received_at: datetime) -> list[Phrase]:
    """Rules 3.2: the Brussels calendar date of arrival, with no deferral."""
    receipt = receipt_date(received_at)
    if received_at.tzinfo is None:
        arrival = Phrase("received_local", local=received_at, receipt=receipt)
    else:
        utc, local = received_at.astimezone(UTC), received_at.astimezone(BRUSSELS)
        arrival = Phrase("received_utc", utc=utc, local=local, receipt=receipt)
    return [arrival, Phrase("receipt_day_not_counted")]


def explain_roll(raw: date, cal: Calendar) -> list[Phrase]:
    """One step per day skipped by Art. 3(4) Reg. 1182/71."""
    steps, current = [], raw
    while not cal.is_working_day(current):
        found = cal.holiday_name(current)
        name = Holiday(found, current, cal.country) if found else None
        following = current + timedelta(days=1)
        if current.weekday() >= 5:
            code = "rolled_weekend_holiday" if name else "rolled_weekend"
            steps.append(
                Phrase(code, day=current, weekday=Weekday.of(current), holiday=name or "", next=following)
            )
        else:
            steps.append(Phrase("rolled_holiday", day=current, holiday=name, next=following))
        current = following
    return steps


def explain_months(receipt: date, months: int, paused_days: int, cal: Calendar) -> list[Phrase]:
    raw = add_months(receipt, months)
    steps = [Phrase(MONTHS_AFTER[months], receipt=receipt, end=raw)]
    if raw.day != receipt.day:
        steps.append(Phrase("month_too_short", month=Month.of(raw), day=receipt.day))
    if paused_days:
        raw = raw + timedelta(days=paused_days)
        steps.append(Phrase("paused_days_added", days=paused_days, end=raw))
    return steps + explain_roll(raw, cal)


def explain_sla(receipt: date, one_month: date, target: date) -> list[Phrase]:
    """Rules 3.6: the earlier of receipt + 30 days and the legal due date, never rolled."""
    plus_30 = receipt + timedelta(days=30)
    code = "target_not_later" if plus_30 <= one_month else "target_due_earlier"
    return [
        Phrase("thirty_days_after", receipt=receipt, end=plus_30),
        Phrase(code, due=one_month, target=target),
    ]


def explain_working_days(receipt: date, count: int, cal: Calendar, result: date) -> list[Phrase]:
    counted, current = [], receipt
    while len(counted) < count:
        current += timedelta(days=1)
        if cal.is_working_day(current):
            counted.append(current)
    return [
        Phrase("working_days_counted", count=count, receipt=receipt, days=counted),
        Phrase("result_date", end=result),
    ]


def explain_deadlines(received_at: datetime, cal: Calendar, paused_days: int = 0) -> list[DateExplanation]:
    receipt = receipt_date(received_at)
    one_month = response_due(received_at, cal, paused_days)
    sla = sla_target(received_at, cal)
    forward = forward_due(received_at, cal)
    consent = consent_withdrawal_due(received_at, cal)
    return [
        DateExplanation("receipt_date", "Receipt date", receipt, explain_receipt(received_at)),
        DateExplanation(
            "one_month_due",
            "Legal due date (one month, Art. 12(3))",
            one_month,
            explain_months(receipt, 1, paused_days, cal),
        ),
        DateExplanation(
            "extended_due",
            "Latest date if extended (Art. 12(3))",
            extended_due(received_at, cal, paused_days),
            explain_months(receipt, 3, paused_days, cal),
        ),
        DateExplanation(
            "sla_target",
            "Internal target (30 days, not rolled)",
            sla,
            explain_sla(receipt, one_month, sla),
        ),
        DateExplanation(
            "forward_by",
            "Processor forward-by date (5 working days)",
            forward,
            explain_working_days(receipt, 5, cal, forward),
        ),
        DateExplanation(
            "consent_withdrawal_due",
            "Consent withdrawal effective by (2 working days)",
            consent,
            explain_working_days(receipt, CONSENT_WITHDRAWAL_WORKING_DAYS, cal, consent),
        ),
    ]
