"""The holiday calendars: Belgium as in the table of rules 3.8, the Netherlands per the Algemene
termijnenwet art. 3, and the version string cases store."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from workflows.calendars import easter_sunday
from workflows.deadlines import Calendar
from workflows.errors import CalendarError, CalendarVersionError

BE = Calendar.for_country("BE")
NL = Calendar.for_country("NL")

# Rules 3.8, copied from the table (2025-2028).
BELGIAN_TABLE = {
    2025: ["1-1", "4-21", "5-1", "5-29", "6-9", "7-21", "8-15", "11-1", "11-11", "12-25"],
    2026: ["1-1", "4-6", "5-1", "5-14", "5-25", "7-21", "8-15", "11-1", "11-11", "12-25"],
    2027: ["1-1", "3-29", "5-1", "5-6", "5-17", "7-21", "8-15", "11-1", "11-11", "12-25"],
    2028: ["1-1", "4-17", "5-1", "5-25", "6-5", "7-21", "8-15", "11-1", "11-11", "12-25"],
}


def days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


def listed(year: int) -> set[date]:
    return {date(year, *map(int, day.split("-"))) for day in BELGIAN_TABLE[year]}


@pytest.mark.parametrize("year", sorted(BELGIAN_TABLE))
def test_belgian_non_working_weekdays_are_exactly_the_statutory_table(year):
    closed_weekdays = {d for d in days_of(year) if d.weekday() < 5 and not BE.is_working_day(d)}
    assert closed_weekdays == {d for d in listed(year) if d.weekday() < 5}
    assert all(BE.holiday_name(d) for d in listed(year))


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 4, 3),  # Good Friday
        date(2025, 12, 26),  # Fri 26 December
        date(2026, 5, 15),  # Friday after Ascension
        date(2025, 7, 11),  # Flemish community, Fri
        date(2027, 9, 27),  # French community, Mon
        date(2027, 11, 15),  # German-speaking community / King's Feast, Mon
        date(2026, 11, 2),  # Mon after All Saints on a Sunday: no replacement day
    ],
)
def test_days_that_are_not_belgian_statutory_holidays_are_working_days(day):
    assert day.weekday() < 5
    assert BE.is_working_day(day)
    assert BE.holiday_name(day) is None


def test_weekends_are_never_working_days():
    assert not BE.is_working_day(date(2026, 2, 7))  # Sat
    assert not BE.is_working_day(date(2026, 2, 8))  # Sun
    assert BE.holiday_name(date(2026, 2, 7)) is None


def test_next_working_day_is_the_day_itself_or_the_first_working_day_after_it():
    assert BE.next_working_day(date(2026, 2, 6)) == date(2026, 2, 6)  # Fri
    assert BE.next_working_day(date(2026, 2, 7)) == date(2026, 2, 9)  # Sat -> Mon
    assert BE.next_working_day(date(2026, 4, 5)) == date(2026, 4, 7)  # Easter Sun -> Tue


def test_add_working_days_never_counts_the_start_day_and_can_go_back():
    assert BE.add_working_days(date(2026, 2, 6), 1) == date(2026, 2, 9)  # Fri -> Mon
    assert BE.add_working_days(date(2026, 2, 6), 0) == date(2026, 2, 6)
    assert BE.add_working_days(date(2026, 5, 15), -2) == date(2026, 5, 12)  # over Ascension


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2028, date(2028, 4, 16)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),
    ],
)
def test_easter_sunday(year, easter):
    # 2285 has the earliest possible date (22 March), 2038 the latest (25 April).
    assert easter_sunday(year) == easter


def test_dutch_calendar_follows_the_algemene_termijnenwet():
    expected_2026 = {
        date(2026, 1, 1): "Nieuwjaarsdag",
        date(2026, 4, 3): "Goede Vrijdag",
        date(2026, 4, 5): "Eerste Paasdag",
        date(2026, 4, 6): "Tweede Paasdag",
        date(2026, 4, 27): "Koningsdag",
        date(2026, 5, 5): "Bevrijdingsdag",
        date(2026, 5, 14): "Hemelvaartsdag",
        date(2026, 5, 24): "Eerste Pinksterdag",
        date(2026, 5, 25): "Tweede Pinksterdag",
        date(2026, 12, 25): "Eerste Kerstdag",
        date(2026, 12, 26): "Tweede Kerstdag",
    }
    assert {d: NL.holiday_name(d) for d in days_of(2026) if NL.holiday_name(d)} == expected_2026


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028, 2029, 2030])
def test_liberation_day_is_a_dutch_holiday_every_year_not_only_in_lustrum_years(year):
    assert NL.holiday_name(date(year, 5, 5)) == "Bevrijdingsdag"


@pytest.mark.parametrize(
    ("year", "kings_day"),
    [
        (2025, date(2025, 4, 26)),  # 27 Apr 2025 is a Sunday: the Saturday before
        (2031, date(2031, 4, 26)),  # 27 Apr 2031 is a Sunday
        (2026, date(2026, 4, 27)),
        (2027, date(2027, 4, 27)),
    ],
)
def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday(year, kings_day):
    assert NL.holiday_name(kings_day) == "Koningsdag"
    other = date(year, 4, 27) if kings_day.day == 26 else date(year, 4, 26)
    assert NL.holiday_name(other) is None


def test_belgian_days_are_not_dutch_ones():
    assert NL.is_working_day(date(2026, 7, 21))  # Belgian National Day
    assert NL.is_working_day(date(2027, 11, 11))  # Armistice, Thu
    assert NL.is_working_day(date(2025, 8, 15))  # Assumption, Fri


def test_a_calendar_carries_a_version_and_refuses_a_different_one():
    assert BE.country == "BE"
    assert BE.version.startswith("BE/holidays-")
    assert BE.version.endswith("/statutory-v1")
    assert NL.version == "NL/termijnenwet/statutory-v1"
    assert Calendar.from_version(BE.version) is BE
    assert Calendar.from_version(NL.version) is NL
    with pytest.raises(CalendarVersionError, match="installed is"):
        Calendar.from_version("BE/holidays-0.1/statutory-v1")


def test_country_codes_are_case_insensitive_and_unknown_ones_are_refused():
    assert Calendar.for_country("be") is BE
    assert not Calendar.for_country("DE").is_working_day(date(2025, 10, 3))  # Unity Day, Fri
    with pytest.raises(CalendarError, match="'XX'"):
        Calendar.for_country("XX")
