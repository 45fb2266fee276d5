"""Invariants of the legal clocks, over many receipt times (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from workflows.deadlines import (
    Calendar,
    add_months,
    extended_due,
    forward_due,
    receipt_date,
    response_due,
)

CALENDARS = st.sampled_from([Calendar.for_country("BE"), Calendar.for_country("NL")])
INSTANTS = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
PAUSES = st.integers(min_value=0, max_value=60)


@settings(max_examples=300)
@given(INSTANTS, CALENDARS, PAUSES)
def test_due_dates_are_working_days_never_before_the_raw_date(received, cal, paused):
    raw = add_months(receipt_date(received), 1) + timedelta(days=paused)
    due = response_due(received, cal, paused)
    assert cal.is_working_day(due)
    assert raw <= due <= raw + timedelta(days=7)  # the longest run of non-working days is short
    assert due <= extended_due(received, cal, paused)


@settings(max_examples=300)
@given(INSTANTS, CALENDARS, PAUSES, PAUSES)
def test_pausing_never_shortens_a_deadline(received, cal, first, more):
    assert response_due(received, cal, first) <= response_due(received, cal, first + more)
    assert extended_due(received, cal, first) <= extended_due(received, cal, first + more)


@settings(max_examples=300)
@given(INSTANTS, CALENDARS, st.integers(min_value=1, max_value=10))
def test_forward_by_is_exactly_n_working_days_after_receipt(received, cal, n):
    receipt = receipt_date(received)
    forward_by = forward_due(received, cal, n)
    between = [receipt + timedelta(days=i) for i in range(1, (forward_by - receipt).days + 1)]
    assert cal.is_working_day(forward_by)
    assert sum(cal.is_working_day(d) for d in between) == n


@settings(max_examples=300)
@given(INSTANTS)
def test_receipt_date_is_the_brussels_local_date(received):
    assert receipt_date(received) == received.astimezone(ZoneInfo("Europe/Brussels")).date()


@settings(max_examples=300)
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)), st.integers(1, 3))
def test_add_months_keeps_the_day_or_ends_the_month(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result + timedelta(days=1)).month != result.month
