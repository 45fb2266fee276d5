"""The organisation's clock: legal dates are Brussels calendar dates (rules.md 3.2)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from dsar.core.db import utcnow

BRUSSELS = ZoneInfo("Europe/Brussels")


def brussels_today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(BRUSSELS).date()


def brussels(at: datetime) -> datetime:
    return at.astimezone(BRUSSELS)
