"""Worked examples from rules.md 3.2-3.6, each derived by hand from the algorithm and the Belgian
statutory calendar of rules 3.8 (weekdays checked against a printed calendar). The comment on each
line is the derivation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from workflows.deadlines import (
    Calendar,
    add_months,
    consent_withdrawal_due,
    extended_due,
    forward_due,
    receipt_date,
    response_due,
    sla_target,
)
from workflows.errors import WorkflowError

BE = Calendar.for_country("BE")
NL = Calendar.for_country("NL")


def noon(y: int, m: int, d: int) -> datetime:
    """A naive datetime is Brussels local time."""
    return datetime(y, m, d, 12, 0)


def utc(y: int, m: int, d: int, hh: int, mm: int) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


@pytest.mark.parametrize(
    ("receipt", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 1, date(2028, 3, 29)),
        (date(2025, 2, 28), 1, date(2025, 3, 28)),  # the same date, not the end of March
        (date(2025, 5, 31), 1, date(2025, 6, 30)),
        (date(2025, 12, 31), 1, date(2026, 1, 31)),
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2025, 11, 15), 3, date(2026, 2, 15)),  # across the year end
    ],
)
def test_add_months_is_the_same_date_or_the_last_day_of_the_month(receipt, months, expected):
    assert add_months(receipt, months) == expected


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Art. 3(2)(c): the same date, or the last day of a shorter month.
        (noon(2025, 1, 31), date(2025, 2, 28)),  # Fri 28 Feb 2025
        (noon(2028, 1, 31), date(2028, 2, 29)),  # leap year: Tue 29 Feb 2028
        (noon(2025, 1, 30), date(2025, 2, 28)),  # Fri
        (noon(2025, 1, 29), date(2025, 2, 28)),  # Fri
        (noon(2026, 1, 30), date(2026, 3, 2)),  # Sat 28 Feb 2026 -> Mon 2 Mar
        (noon(2026, 1, 29), date(2026, 3, 2)),  # Sat 28 Feb 2026 -> Mon 2 Mar
        (noon(2027, 1, 30), date(2027, 3, 1)),  # Sun 28 Feb 2027 -> Mon 1 Mar
        (noon(2027, 1, 29), date(2027, 3, 1)),  # Sun 28 Feb 2027 -> Mon 1 Mar
        (noon(2028, 1, 30), date(2028, 2, 29)),  # Tue
        (noon(2028, 1, 29), date(2028, 2, 29)),  # the date exists in 2028: Tue
        (noon(2028, 2, 29), date(2028, 3, 29)),  # Wed
        (noon(2025, 2, 28), date(2025, 3, 28)),  # Fri; not 31 Mar
        (noon(2028, 2, 28), date(2028, 3, 28)),  # Tue; not 29 Mar
        (noon(2025, 3, 31), date(2025, 4, 30)),  # Wed
        (noon(2026, 3, 31), date(2026, 4, 30)),  # Thu
        (noon(2025, 5, 31), date(2025, 6, 30)),  # Mon
        (noon(2026, 5, 31), date(2026, 6, 30)),  # Tue
        (noon(2025, 8, 31), date(2025, 9, 30)),  # Tue
        (noon(2025, 10, 31), date(2025, 12, 1)),  # Sun 30 Nov 2025 -> Mon 1 Dec
        (noon(2026, 10, 31), date(2026, 11, 30)),  # Mon
        (noon(2025, 12, 31), date(2026, 2, 2)),  # Sat 31 Jan 2026 -> Mon 2 Feb
        (noon(2026, 12, 31), date(2027, 2, 1)),  # Sun 31 Jan 2027 -> Mon 1 Feb
        # EDPB examples 32/33: 5 Mar -> 5 Apr, 31 Aug -> 30 Sep.
        (noon(2027, 3, 5), date(2027, 4, 5)),  # Mon 5 Apr 2027 (Easter Monday was 29 Mar)
        (noon(2026, 8, 31), date(2026, 9, 30)),  # Wed
        (noon(2025, 3, 5), date(2025, 4, 7)),  # Sat 5 Apr 2025 -> Mon 7 Apr
        # Rolls that chain.
        (noon(2026, 3, 5), date(2026, 4, 7)),  # Easter Sun 5 Apr -> Easter Mon 6 -> Tue 7 Apr
        (noon(2025, 3, 20), date(2025, 4, 22)),  # Easter Sun 20 Apr -> Easter Mon 21 -> Tue 22
        (noon(2026, 4, 24), date(2026, 5, 26)),  # Whit Sun 24 May -> Whit Mon 25 -> Tue 26
        (noon(2026, 4, 1), date(2026, 5, 4)),  # Fri 1 May 2026 Labour Day -> Sat, Sun -> Mon 4
        (noon(2025, 7, 15), date(2025, 8, 18)),  # Fri 15 Aug 2025 Assumption -> Mon 18 Aug
        (noon(2026, 12, 1), date(2027, 1, 4)),  # Fri 1 Jan 2027 -> Mon 4 Jan
        (noon(2026, 11, 25), date(2026, 12, 28)),  # Fri 25 Dec 2026 -> Sat 26, Sun 27 -> Mon 28
        # Single weekday holidays: the next day is a working day.
        (noon(2026, 4, 14), date(2026, 5, 15)),  # Ascension Thu 14 May -> Fri 15 (no bridge day)
        (noon(2026, 6, 21), date(2026, 7, 22)),  # National Day Tue 21 Jul -> Wed 22 Jul
        (noon(2027, 10, 1), date(2027, 11, 2)),  # All Saints Mon 1 Nov -> Tue 2 Nov 2027
        (noon(2027, 10, 11), date(2027, 11, 12)),  # Armistice Thu 11 Nov -> Fri 12 Nov 2027
        # Received on a holiday, a weekend day or late on a Friday: that date is the receipt date.
        (noon(2026, 12, 25), date(2027, 1, 25)),  # Christmas -> Mon 25 Jan 2027
        (noon(2026, 1, 1), date(2026, 2, 2)),  # New Year -> Sun 1 Feb 2026 -> Mon 2 Feb
        (noon(2026, 2, 7), date(2026, 3, 9)),  # Sat 7 Feb -> Sat 7 Mar -> Mon 9 Mar
        (datetime(2026, 1, 30, 23, 59), date(2026, 3, 2)),  # Fri 23:59 -> Sat 28 Feb -> Mon 2 Mar
        # Not Belgian public holidays, so no roll (rules 3.2).
        (noon(2026, 3, 3), date(2026, 4, 3)),  # Good Friday 3 Apr 2026
        (noon(2025, 11, 26), date(2025, 12, 26)),  # Fri 26 Dec 2025
        (noon(2025, 6, 11), date(2025, 7, 11)),  # Flemish community day, Fri 11 Jul 2025
        (noon(2026, 10, 2), date(2026, 11, 2)),  # All Saints on Sun 1 Nov 2026: no replacement day
    ],
)
def test_one_month_due_in_belgium(received, due):
    assert response_due(received, BE) == due


@pytest.mark.parametrize(
    ("received", "due_be", "due_nl"),
    [
        (
            noon(2026, 3, 3),
            date(2026, 4, 3),
            date(2026, 4, 7),
        ),  # NL: Good Fri, Sat, Sun, Easter Mon
        (noon(2025, 11, 26), date(2025, 12, 26), date(2025, 12, 29)),  # NL: 26 Dec, Sat, Sun
        (noon(2026, 4, 5), date(2026, 5, 5), date(2026, 5, 6)),  # NL: Liberation Day Tue 5 May 2026
        (noon(2026, 3, 27), date(2026, 4, 27), date(2026, 4, 28)),  # NL: King's Day Mon 27 Apr
        (noon(2026, 6, 21), date(2026, 7, 22), date(2026, 7, 21)),  # 21 Jul is not Dutch
    ],
)
def test_the_calendar_decides_the_roll(received, due_be, due_nl):
    assert response_due(received, BE) == due_be
    assert response_due(received, NL) == due_nl


@pytest.mark.parametrize(
    ("received", "receipt"),
    [
        (utc(2026, 1, 31, 23, 30), date(2026, 2, 1)),  # 00:30 CET in Brussels
        (datetime(2026, 1, 31, 23, 30), date(2026, 1, 31)),  # naive = Brussels time
        # Night of 28-29 March 2026: clocks go from 02:00 CET to 03:00 CEST.
        (utc(2026, 3, 28, 22, 0), date(2026, 3, 28)),  # 23:00 CET Sat
        (utc(2026, 3, 28, 23, 30), date(2026, 3, 29)),  # 00:30 CET Sun
        (utc(2026, 3, 29, 21, 59), date(2026, 3, 29)),  # 23:59 CEST Sun
        (
            utc(2026, 3, 29, 22, 0),
            date(2026, 3, 30),
        ),  # 00:00 CEST Mon: 22:00 UTC is a day later now
        # Night of 24-25 October 2026: clocks go from 03:00 CEST back to 02:00 CET.
        (utc(2026, 10, 24, 21, 59), date(2026, 10, 24)),  # 23:59 CEST Sat
        (utc(2026, 10, 24, 22, 0), date(2026, 10, 25)),  # 00:00 CEST Sun
        (utc(2026, 10, 25, 22, 59), date(2026, 10, 25)),  # 23:59 CET Sun
        (utc(2026, 10, 25, 23, 0), date(2026, 10, 26)),  # 00:00 CET Mon
        # Other zones are converted too.
        (datetime(2026, 1, 31, 18, 30, tzinfo=ZoneInfo("America/New_York")), date(2026, 2, 1)),
        (datetime(2026, 2, 1, 0, 30, tzinfo=ZoneInfo("Europe/Brussels")), date(2026, 2, 1)),
    ],
)
def test_receipt_date_is_the_brussels_calendar_date(received, receipt):
    assert receipt_date(received) == receipt


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (utc(2026, 1, 31, 23, 30), date(2026, 3, 2)),  # receipt Sun 1 Feb -> Sun 1 Mar -> Mon 2 Mar
        (utc(2026, 3, 28, 22, 0), date(2026, 4, 28)),  # receipt Sat 28 Mar -> Tue 28 Apr
        (utc(2026, 3, 29, 22, 0), date(2026, 4, 30)),  # receipt Mon 30 Mar -> Thu 30 Apr
        (utc(2026, 2, 6, 22, 59), date(2026, 3, 6)),  # Fri 23:59 CET -> Fri 6 Mar
        (utc(2026, 2, 6, 23, 0), date(2026, 3, 9)),  # Sat 00:00 CET -> Sat 7 Mar -> Mon 9 Mar
    ],
)
def test_utc_and_brussels_around_midnight_give_different_due_dates(received, due):
    assert response_due(received, BE) == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (noon(2026, 1, 31), date(2026, 4, 30)),  # Thu; chaining would give Mon 4 May
        (noon(2026, 2, 1), date(2026, 5, 4)),  # Fri 1 May Labour Day, Sat, Sun -> Mon 4 May
        (noon(2026, 2, 2), date(2026, 5, 4)),  # Sat 2 May -> Mon 4 May
        (noon(2025, 11, 30), date(2026, 3, 2)),  # Sat 28 Feb 2026 -> Mon 2 Mar
        (noon(2027, 11, 30), date(2028, 2, 29)),  # leap year: Tue 29 Feb 2028
        (noon(2026, 10, 31), date(2027, 2, 1)),  # Sun 31 Jan 2027 -> Mon 1 Feb
        (noon(2026, 12, 28), date(2027, 3, 30)),  # Easter Sun 28 Mar 2027 -> Mon 29 -> Tue 30
    ],
)
def test_extended_due_is_receipt_plus_three_months_then_rolled(received, due):
    assert extended_due(received, BE) == due


@pytest.mark.parametrize(
    ("received", "forward_by"),
    [
        (noon(2026, 2, 7), date(2026, 2, 13)),  # Sat -> Mon 9 is day 1 ... Fri 13 is day 5
        (noon(2026, 2, 6), date(2026, 2, 13)),  # Fri -> Mon 9 ... next Fri 13
        (datetime(2026, 2, 2, 8, 0), date(2026, 2, 9)),  # Mon 08:00, not counted: Tue 3 ... Mon 9
        (noon(2026, 5, 7), date(2026, 5, 15)),  # Fri 8, Mon 11, Tue 12, Wed 13, (Ascension), Fri 15
        (noon(2026, 12, 23), date(2026, 12, 31)),  # Thu 24, (Christmas, weekend), Mon 28 ... Thu 31
        (noon(2026, 4, 6), date(2026, 4, 13)),  # received on Easter Monday: Tue 7 ... Mon 13
        (utc(2026, 2, 6, 23, 0), date(2026, 2, 13)),  # Sat 00:00 in Brussels: as received Sat
    ],
)
def test_processor_forward_by_date_in_belgium(received, forward_by):
    assert forward_due(received, BE) == forward_by


def test_forward_by_date_follows_the_calendar_and_the_agreed_number_of_days():
    # Thu 2 Apr 2026. BE: Fri 3 (Good Friday works), Tue 7, Wed 8, Thu 9, Fri 10.
    # NL: Good Friday and Easter Monday are holidays: Tue 7, Wed 8, Thu 9, Fri 10, Mon 13.
    assert forward_due(noon(2026, 4, 2), BE) == date(2026, 4, 10)
    assert forward_due(noon(2026, 4, 2), NL) == date(2026, 4, 13)
    assert forward_due(noon(2026, 2, 6), BE, working_days=3) == date(2026, 2, 11)  # Mon, Tue, Wed


@pytest.mark.parametrize(
    ("received", "target"),
    [
        (noon(2027, 3, 5), date(2027, 4, 4)),  # 5 Mar + 30 = Sun 4 Apr, before 5 Apr; not rolled
        (noon(2026, 2, 1), date(2026, 3, 2)),  # +30 = 3 Mar; legal date Sun 1 Mar -> Mon 2 Mar
        (noon(2026, 1, 31), date(2026, 3, 2)),  # +30 = 2 Mar = legal date (Sat 28 Feb -> Mon 2)
        (noon(2026, 7, 1), date(2026, 7, 31)),  # +30 = Fri 31 Jul; legal date Sat 1 Aug -> Mon 3
        (noon(2026, 2, 15), date(2026, 3, 16)),  # +30 = 17 Mar; legal Sun 15 Mar -> Mon 16 Mar
    ],
)
def test_sla_target_is_the_earlier_of_thirty_days_and_the_legal_date(received, target):
    assert sla_target(received, BE) == target


def test_sla_target_takes_another_number_of_days():
    assert sla_target(noon(2027, 3, 5), BE, days=20) == date(2027, 3, 25)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (noon(2026, 2, 6), date(2026, 2, 10)),  # Fri -> Mon 9, Tue 10
        (noon(2026, 2, 7), date(2026, 2, 10)),  # Sat -> Mon 9, Tue 10
        (noon(2026, 4, 30), date(2026, 5, 5)),  # Thu -> (Labour Day Fri 1 May) Mon 4, Tue 5
    ],
)
def test_consent_withdrawal_takes_effect_within_two_working_days(received, due):
    assert consent_withdrawal_due(received, BE) == due


def test_a_pause_is_added_to_the_raw_date_before_the_roll():
    # Receipt 5 Mar 2026: raw 5 Apr (Easter Sunday). Plus 2 paused days = Tue 7 Apr, a working
    # day, so the due date stays Tue 7 Apr - not the rolled 7 Apr plus 2 (Thu 9 Apr).
    assert response_due(noon(2026, 3, 5), BE, paused_days=2) == date(2026, 4, 7)
    # Receipt 2 Feb 2026: raw Mon 2 Mar + 5 = Sat 7 Mar -> Mon 9 Mar; raw Sat 2 May + 5 = Thu 7 May.
    assert response_due(noon(2026, 2, 2), BE, paused_days=5) == date(2026, 3, 9)
    assert extended_due(noon(2026, 2, 2), BE, paused_days=5) == date(2026, 5, 7)


def test_negative_paused_days_are_refused():
    with pytest.raises(WorkflowError, match="never shortens"):
        response_due(noon(2026, 2, 2), BE, paused_days=-1)
