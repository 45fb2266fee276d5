"""Why each date is what it is, in plain steps a DPO can check by hand."""

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


@dataclass
class DateExplanation:
    key: str
    label: str
    date: date
    steps: list[str] = field(default_factory=list)


def day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def explain_receipt(received_at: datetime) -> list[str]:
    """Rules 3.2: the Brussels calendar date of arrival, with no deferral."""
    receipt = receipt_date(received_at)
    if received_at.tzinfo is None:
        arrival = f"Received {received_at:%Y-%m-%d %H:%M} Europe/Brussels"
    else:
        utc, local = received_at.astimezone(UTC), received_at.astimezone(BRUSSELS)
        arrival = f"Received {utc:%Y-%m-%d %H:%M} UTC = {local:%Y-%m-%d %H:%M} Europe/Brussels"
    return [
        f"{arrival} -> receipt date {day(receipt)}",
        "The day of receipt is not counted (Art. 3(1) Reg. 1182/71); no deferral for weekends or holidays.",
    ]


def explain_roll(raw: date, cal: Calendar) -> list[str]:
    """One step per day skipped by Art. 3(4) Reg. 1182/71."""
    steps, current = [], raw
    while not cal.is_working_day(current):
        name = cal.holiday_name(current)
        if current.weekday() >= 5:
            why = f"a {current:%A}" + (f" ({name})" if name else "")
        else:
            why = f"a public holiday ({name})"
        following = current + timedelta(days=1)
        steps.append(f"{day(current)} is {why} -> {day(following)}")
        current = following
    return steps


def explain_months(receipt: date, months: int, paused_days: int, cal: Calendar) -> list[str]:
    raw = add_months(receipt, months)
    unit = "month" if months == 1 else "months"
    steps = [f"{months} {unit} after {day(receipt)} = {day(raw)} (Art. 3(2)(c) Reg. 1182/71)"]
    if raw.day != receipt.day:
        steps.append(f"{raw:%B} has no day {receipt.day}: the period ends on its last day")
    if paused_days:
        raw = raw + timedelta(days=paused_days)
        steps.append(f"+ {paused_days} paused calendar days = {day(raw)} (rules 3.4)")
    return steps + explain_roll(raw, cal)


def explain_sla(receipt: date, one_month: date, target: date) -> list[str]:
    """Rules 3.6: the earlier of receipt + 30 days and the legal due date, never rolled."""
    plus_30 = receipt + timedelta(days=30)
    steps = [f"{day(receipt)} + 30 days = {day(plus_30)}"]
    if plus_30 <= one_month:
        steps.append(f"Not later than the legal due date {day(one_month)} -> {day(target)}")
    else:
        steps.append(f"The legal due date {day(one_month)} is earlier -> {day(target)}")
    return steps


def explain_working_days(receipt: date, count: int, cal: Calendar, result: date) -> list[str]:
    counted, current = [], receipt
    while len(counted) < count:
        current += timedelta(days=1)
        if cal.is_working_day(current):
            counted.append(day(current))
    return [
        f"{count} working days after {day(receipt)}, that day not counted: {', '.join(counted)}",
        f"-> {day(result)}",
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
