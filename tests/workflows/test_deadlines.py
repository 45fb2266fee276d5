"""Worked examples from rules.md 3.3-3.8, each computed by hand with the Belgian statutory calendar
(rules 3.8) and the Dutch Algemene termijnenwet list."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from workflows.deadlines import (
    Calendar,
    consent_withdrawal_due,
    extended_due,
    forward_due,
    receipt_date,
    response_due,
    sla_target,
)

BE = Calendar.for_country("BE")
NL = Calendar.for_country("NL")


def noon(y, m, d) -> datetime:
    """A naive datetime is Brussels local time."""
    return datetime(y, m, d, 12, 0)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Month ends (Art. 3(2)(c)): the last day of a shorter month.
        (noon(2025, 1, 31), date(2025, 2, 28)),  # Fri 28 Feb
        (noon(2028, 1, 31), date(2028, 2, 29)),  # leap year: Tue 29 Feb
        (noon(2025, 1, 30), date(2025, 2, 28)),
        (noon(2026, 1, 29), date(2026, 3, 2)),  # 28 Feb 2026 is a Saturday -> Mon 2 Mar
        (noon(2027, 1, 30), date(2027, 3, 1)),  # 28 Feb 2027 is a Sunday -> Mon 1 Mar
        (noon(2028, 2, 29), date(2028, 3, 29)),
        (noon(2025, 3, 31), date(2025, 4, 30)),
        (noon(2025, 5, 31), date(2025, 6, 30)),
        (noon(2025, 8, 31), date(2025, 9, 30)),
        (noon(2025, 10, 31), date(2025, 12, 1)),  # 30 Nov 2025 is a Sunday
        (noon(2025, 12, 31), date(2026, 2, 2)),  # 31 Jan 2026 is a Saturday
        (noon(2025, 2, 28), date(2025, 3, 28)),  # same date, not the month end
        # EDPB examples 32/33: 5 Mar -> 5 Apr, 31 Aug -> 30 Sep.
        (noon(2027, 3, 5), date(2027, 4, 5)),
        (noon(2026, 8, 31), date(2026, 9, 30)),
        (noon(2025, 3, 5), date(2025, 4, 7)),  # 5 Apr 2025 is a Saturday
        # Rolls that chain: Easter Sunday -> Easter Monday -> Tuesday; Friday holiday -> Monday.
        (noon(2026, 3, 5), date(2026, 4, 7)),
        (noon(2026, 4, 1), date(2026, 5, 4)),  # Fri 1 May 2026 Labour Day
        # Received on a holiday, and late on a Friday: that calendar date is the receipt date.
        (noon(2026, 12, 25), date(2027, 1, 25)),
        (datetime(2026, 1, 30, 23, 59), date(2026, 3, 2)),
        # Good Friday and 26 December are working days in Belgium.
        (noon(2026, 3, 3), date(2026, 4, 3)),
        (noon(2025, 11, 26), date(2025, 12, 26)),
    ],
)
def test_one_month_due_in_belgium(received, due):
    assert response_due(received, BE) == due


def test_good_friday_and_26_december_are_holidays_in_the_netherlands():
    assert response_due(noon(2026, 3, 3), NL) == date(2026, 4, 7)  # Good Fri, weekend, Easter Mon
    assert response_due(noon(2025, 11, 26), NL) == date(2025, 12, 29)


@pytest.mark.parametrize(
    ("received", "receipt"),
    [
        (datetime(2026, 1, 31, 23, 30, tzinfo=UTC), date(2026, 2, 1)),  # 00:30 in Brussels (CET)
        (datetime(2026, 3, 31, 21, 30, tzinfo=UTC), date(2026, 3, 31)),  # 23:30 CEST
        (datetime(2026, 3, 31, 22, 30, tzinfo=UTC), date(2026, 4, 1)),  # 00:30 CEST, after DST began
        (datetime(2026, 10, 24, 22, 30, tzinfo=UTC), date(2026, 10, 25)),  # still CEST: 00:30
        (datetime(2026, 10, 25, 22, 30, tzinfo=UTC), date(2026, 10, 25)),  # CET again: 23:30
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), date(2026, 10, 26)),
        (datetime(2026, 1, 31, 23, 30), date(2026, 1, 31)),  # naive = Brussels time
    ],
)
def test_receipt_date_is_the_brussels_calendar_date(received, receipt):
    assert receipt_date(received) == receipt


def test_utc_and_brussels_around_midnight_give_different_due_dates():
    assert response_due(datetime(2026, 1, 31, 23, 30, tzinfo=UTC), BE) == date(2026, 3, 2)  # 1 Mar Sun
    assert response_due(datetime(2026, 3, 31, 21, 30, tzinfo=UTC), BE) == date(2026, 4, 30)
    assert response_due(datetime(2026, 3, 31, 22, 30, tzinfo=UTC), BE) == date(2026, 5, 4)


def test_extended_due_is_receipt_plus_three_months_then_rolled():
    assert extended_due(noon(2026, 1, 31), BE) == date(2026, 4, 30)  # not 4 May (chained)
    assert extended_due(noon(2026, 2, 1), BE) == date(2026, 5, 4)  # Fri 1 May holiday, weekend
    assert extended_due(noon(2025, 11, 30), BE) == date(2026, 3, 2)  # 28 Feb 2026 Saturday


@pytest.mark.parametrize(
    ("received", "forward_by"),
    [
        (noon(2026, 2, 7), date(2026, 2, 13)),  # received Sat -> forward by Fri
        (noon(2026, 2, 6), date(2026, 2, 13)),  # received Fri -> next Fri
        (datetime(2026, 2, 2, 8, 0), date(2026, 2, 9)),  # 08:00 on a working day: not counted
        (noon(2026, 5, 7), date(2026, 5, 15)),  # Ascension Thu 14 May skipped
        (noon(2026, 12, 23), date(2026, 12, 31)),  # Christmas Fri 25 Dec skipped, 26 Dec is Sat
    ],
)
def test_processor_forward_by_date(received, forward_by):
    assert forward_due(received, BE) == forward_by


def test_sla_target_is_the_earlier_of_thirty_days_and_the_legal_date():
    assert sla_target(noon(2027, 3, 5), BE) == date(2027, 4, 4)  # a Sunday: internal, not rolled
    assert sla_target(noon(2026, 2, 1), BE) == date(2026, 3, 2)  # 3 Mar is later than the due date


def test_consent_withdrawal_takes_effect_within_two_working_days():
    assert consent_withdrawal_due(noon(2026, 2, 6), BE) == date(2026, 2, 10)


def test_belgian_calendar_is_the_statutory_list():
    statutory_2026 = {
        date(2026, 1, 1),
        date(2026, 4, 6),
        date(2026, 5, 1),
        date(2026, 5, 14),
        date(2026, 5, 25),
        date(2026, 7, 21),
        date(2026, 8, 15),
        date(2026, 11, 1),
        date(2026, 11, 11),
        date(2026, 12, 25),
    }
    days = [date.fromordinal(o) for o in range(date(2026, 1, 1).toordinal(), date(2027, 1, 1).toordinal())]
    weekday_holidays = {d for d in days if d.weekday() < 5 and not BE.is_working_day(d)}
    assert weekday_holidays == {d for d in statutory_2026 if d.weekday() < 5}
    assert BE.is_working_day(date(2026, 4, 3))  # Good Friday
    assert BE.is_working_day(date(2026, 11, 2)) and BE.is_working_day(date(2026, 7, 10))


def test_dutch_calendar_follows_the_algemene_termijnenwet():
    assert not NL.is_working_day(date(2026, 5, 5))  # Liberation Day, every year
    assert not NL.is_working_day(date(2027, 5, 5))
    assert NL.holiday_name(date(2025, 4, 26)) == "Koningsdag"  # 27 Apr 2025 is a Sunday
    assert NL.holiday_name(date(2026, 4, 27)) == "Koningsdag"
    assert NL.is_working_day(date(2026, 7, 21))  # the Belgian national day is not Dutch


def test_a_calendar_carries_a_version_and_refuses_a_different_one():
    from workflows.errors import CalendarVersionError

    assert BE.version.startswith("BE/holidays-")
    assert Calendar.from_version(BE.version) is BE
    with pytest.raises(CalendarVersionError):
        Calendar.from_version("BE/holidays-0.1/statutory-v1")
