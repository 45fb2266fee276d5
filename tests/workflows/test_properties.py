"""Invariants of the legal clocks, over many receipt times (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflows.deadlines import (
    Calendar,
    Pause,
    add_months,
    check_extension,
    consent_withdrawal_due,
    counted_paused_days,
    extended_due,
    forward_due,
    receipt_date,
    reminder_dates,
    response_due,
    sla_target,
)
from workflows.errors import ExtensionError
from workflows.explain import explain_deadlines

BRUSSELS = ZoneInfo("Europe/Brussels")
CALENDARS = st.sampled_from([Calendar.for_country("BE"), Calendar.for_country("NL")])
ZONES = st.sampled_from(
    [
        UTC,
        BRUSSELS,
        ZoneInfo("America/New_York"),
        ZoneInfo("Asia/Tokyo"),
        ZoneInfo("Pacific/Kiritimati"),  # UTC+14
        ZoneInfo("Pacific/Pago_Pago"),  # UTC-11
    ]
)
INSTANTS = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=ZONES)
DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
PAUSED = st.integers(min_value=0, max_value=60)
MANY = settings(max_examples=300, deadline=None)
SOME = settings(max_examples=150, deadline=None)


def working_days_between(start: date, end: date, cal: Calendar) -> int:
    """Working days after ``start`` up to and including ``end``, counted one by one."""
    return sum(cal.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


@MANY
@given(INSTANTS)
def test_receipt_date_of_an_aware_instant_is_the_brussels_local_date(received):
    assert receipt_date(received) == received.astimezone(BRUSSELS).date()


@MANY
@given(INSTANTS, CALENDARS, PAUSED)
def test_due_dates_are_working_days_never_before_the_raw_date(received, cal, paused):
    receipt = receipt_date(received)
    raw = add_months(receipt, 1) + timedelta(days=paused)
    due = response_due(received, cal, paused)
    assert cal.is_working_day(due)
    assert receipt < raw <= due
    assert all(not cal.is_working_day(raw + timedelta(days=i)) for i in range((due - raw).days))
    raw_extended = add_months(receipt, 3) + timedelta(days=paused)
    extended = extended_due(received, cal, paused)
    assert cal.is_working_day(extended) and raw_extended <= extended
    assert due < extended


@MANY
@given(INSTANTS, CALENDARS, PAUSED, PAUSED)
def test_pausing_never_shortens_a_deadline(received, cal, first, more):
    assert response_due(received, cal, first) <= response_due(received, cal, first + more)
    assert extended_due(received, cal, first) <= extended_due(received, cal, first + more)


PAUSES = st.lists(
    st.builds(
        lambda asked, wait, answered: Pause(asked, asked + timedelta(days=wait) if answered else None),
        st.integers(0, 20).map(lambda n: date(2026, 2, 2) + timedelta(days=n)),
        st.integers(0, 40),
        st.booleans(),
    ),
    max_size=4,
)


@SOME
@given(PAUSES, PAUSES, CALENDARS)
def test_another_pause_never_takes_paused_days_away(pauses, more, cal):
    receipt = date(2026, 2, 2)
    before = counted_paused_days(receipt, pauses, cal)
    assert before >= 0
    assert counted_paused_days(receipt, pauses + more, cal) >= before


@MANY
@given(INSTANTS, CALENDARS, st.integers(min_value=1, max_value=10))
def test_forward_by_is_exactly_n_working_days_after_receipt(received, cal, n):
    receipt = receipt_date(received)
    forward_by = forward_due(received, cal, n)
    assert cal.is_working_day(forward_by)
    assert working_days_between(receipt, forward_by, cal) == n


@SOME
@given(INSTANTS, CALENDARS)
def test_consent_withdrawal_counts_like_the_forward_by_date(received, cal):
    assert consent_withdrawal_due(received, cal) == forward_due(received, cal, working_days=2)


@MANY
@given(INSTANTS, CALENDARS)
def test_sla_target_is_never_after_either_limit(received, cal):
    receipt = receipt_date(received)
    target = sla_target(received, cal)
    assert receipt < target
    assert target == min(receipt + timedelta(days=30), response_due(received, cal))


@SOME
@given(DAYS, CALENDARS, st.integers(min_value=1, max_value=15))
def test_a_reminder_is_n_working_days_before_the_due_date(due, cal, n):
    [(points, reminder)] = reminder_dates(due, cal, (n,))
    assert points == n
    assert cal.is_working_day(reminder) and reminder < due
    assert working_days_between(reminder, due, cal) == n - (not cal.is_working_day(due))


@MANY
@given(DAYS, st.integers(min_value=1, max_value=3))
def test_add_months_keeps_the_day_or_ends_the_month(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + timedelta(days=1)).day == 1)


@SOME
@given(INSTANTS, CALENDARS, PAUSED, st.integers(min_value=-5, max_value=70))
def test_an_extension_is_possible_exactly_up_to_the_one_month_date(received, cal, paused, offset):
    one_month = response_due(received, cal, paused)
    today = receipt_date(received) + timedelta(days=offset)
    if today <= one_month:
        granted = check_extension(today, received, cal, paused, reason="large_volume")
        assert granted == extended_due(received, cal, paused)
    else:
        with pytest.raises(ExtensionError):
            check_extension(today, received, cal, paused, reason="large_volume")


@SOME
@given(INSTANTS, CALENDARS, st.integers(min_value=0, max_value=10))
def test_explanations_end_on_the_dates_they_explain(received, cal, paused):
    shown = {item.key: item.date for item in explain_deadlines(received, cal, paused)}
    assert shown == {
        "receipt_date": receipt_date(received),
        "one_month_due": response_due(received, cal, paused),
        "extended_due": extended_due(received, cal, paused),
        "sla_target": sla_target(received, cal),
        "forward_by": forward_due(received, cal),
        "consent_withdrawal_due": consent_withdrawal_due(received, cal),
    }
