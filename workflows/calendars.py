"""Public-holiday calendars and working-day arithmetic (Reg. 1182/71 Art. 2: working days are all
days other than public holidays, Saturdays and Sundays of the Member State concerned)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

from workflows.errors import CalendarError, CalendarVersionError

CALENDAR_RULES = "statutory-v1"


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous algorithm of Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    r = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * r) // 451
    month, day = divmod(h + r - 7 * m + 114, 31)
    return date(year, month, day + 1)


def dutch_statutory_holidays(year: int) -> dict[date, str]:
    """Algemene termijnenwet art. 3 (rules.md 3.8): the holidays package's NL list differs (it has
    Liberation Day only in lustrum years), so the statutory list is kept here explicitly."""
    easter = easter_sunday(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # on a Sunday, King's Day is the Saturday before
        kings_day = date(year, 4, 26)
    return {
        date(year, 1, 1): "Nieuwjaarsdag",
        easter - timedelta(days=2): "Goede Vrijdag",
        easter: "Eerste Paasdag",
        easter + timedelta(days=1): "Tweede Paasdag",
        kings_day: "Koningsdag",
        date(year, 5, 5): "Bevrijdingsdag",
        easter + timedelta(days=39): "Hemelvaartsdag",
        easter + timedelta(days=49): "Eerste Pinksterdag",
        easter + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }


def package_holidays(country: str, year: int) -> dict[date, str]:
    """Statutory public holidays from the `holidays` package (default "public" category only:
    for Belgium that is the 10 days of the Law of 4 January 1974, rules.md 3.2)."""
    return dict(holidays.country_holidays(country, years=year).items())


@lru_cache(maxsize=512)
def _holidays_of(country: str, year: int) -> dict[date, str]:
    if country == "NL":
        return dutch_statutory_holidays(year)
    return package_holidays(country, year)


class Calendar:
    """The working-day calendar of one country. Build it with ``Calendar.for_country``."""

    def __init__(self, country: str):
        self.country = country.upper()
        if self.country != "NL" and self.country not in holidays.list_supported_countries():
            raise CalendarError("no_calendar", country=country)
        source = "termijnenwet" if self.country == "NL" else f"holidays-{holidays.__version__}"
        # Cases store this, so an upgrade of the holidays package cannot move their dates silently.
        self.version = f"{self.country}/{source}/{CALENDAR_RULES}"
        # A sweep asks about the same few hundred days for every case: remember each answer.
        self._working: dict[date, bool] = {}

    @classmethod
    def for_country(cls, country: str = "BE") -> Calendar:
        return _calendar(country.upper())

    @classmethod
    def from_version(cls, version: str) -> Calendar:
        """The calendar a stored version names, if it is the one installed; else an error."""
        cal = cls.for_country(version.partition("/")[0])
        if cal.version != version:
            raise CalendarVersionError("calendar_version", computed=version, installed=cal.version)
        return cal

    def holiday_name(self, day: date) -> str | None:
        return _holidays_of(self.country, day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        """Reg. 1182/71 Art. 2: not a Saturday, a Sunday or a public holiday."""
        working = self._working.get(day)
        if working is None:
            working = self._working[day] = day.weekday() < 5 and self.holiday_name(day) is None
        return working

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it
        (Reg. 1182/71 Art. 3(4))."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself is never counted, Art. 3(1));
        a negative count goes back in time the same way."""
        step = timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def __repr__(self) -> str:
        return f"Calendar({self.version!r})"


@lru_cache(maxsize=32)
def _calendar(country: str) -> Calendar:
    return Calendar(country)
