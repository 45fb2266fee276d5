"""Time spent per case, and the monthly report per client controller that bills the processor's
assistance by the hour (DPA art. 9.6: "tegen een uurtarief", EUR 120 excl. VAT by default)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from dsar.cases.models import Case
from dsar.cases.service import record_event
from dsar.casework.models import TimeEntry
from dsar.core import csv_writer
from dsar.core.db import db
from dsar.core.time import brussels_today

MAX_MINUTES = 24 * 60


class TimeError(ValueError):
    pass


def log_time(case: Case, actor_id: int, worked_on: date, minutes: int, activity: str) -> TimeEntry:
    activity = (activity or "").strip()
    if not activity:
        raise TimeError("activity")
    if not 1 <= minutes <= MAX_MINUTES:
        raise TimeError("minutes")
    if worked_on > brussels_today():
        raise TimeError("future")
    entry = TimeEntry(
        case_id=case.id, staff_id=actor_id, worked_on=worked_on, minutes=minutes, activity=activity[:200]
    )
    db.session.add(entry)
    db.session.flush()
    record_event(case, "time_logged", actor_id, entry_id=entry.id, minutes=minutes)
    return entry


def entries_of(case: Case) -> list[TimeEntry]:
    query = select(TimeEntry).where(TimeEntry.case_id == case.id).order_by(TimeEntry.worked_on, TimeEntry.id)
    return list(db.session.scalars(query))


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class ReportRow:
    reference: str
    minutes: int

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)


@dataclass
class MonthReport:
    controller_id: int
    month: date  # the first day
    rows: list[ReportRow]
    hourly_rate: Decimal

    @property
    def minutes(self) -> int:
        return sum(row.minutes for row in self.rows)

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)

    @property
    def amount(self) -> Decimal:
        return (self.hours * self.hourly_rate).quantize(Decimal("0.01"))


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def month_report(controller_id: int, month: date, hourly_rate: Decimal) -> MonthReport:
    """Minutes per case of one client controller, worked in one calendar month."""
    first, last = month_bounds(month)
    query = (
        select(Case.reference, func.sum(TimeEntry.minutes))
        .join(Case, Case.id == TimeEntry.case_id)
        .where(Case.client_controller_id == controller_id, TimeEntry.worked_on.between(first, last))
        .group_by(Case.reference)
        .order_by(Case.reference)
    )
    rows = [ReportRow(reference, int(minutes)) for reference, minutes in db.session.execute(query)]
    return MonthReport(controller_id, first, rows, hourly_rate)


def report_csv(report: MonthReport, controller_name: str) -> bytes:
    """Formula-safe CSV (ASVS 5.0 1.2.10), like the case register export."""
    buffer, writer = csv_writer.in_memory()
    writer.writerow(["client_controller", "month", "case", "minutes", "hours"])
    month = report.month.strftime("%Y-%m")
    for row in report.rows:
        writer.writerow((controller_name, month, row.reference, row.minutes, row.hours))
    writer.writerow((controller_name, month, "total", report.minutes, report.hours))
    writer.writerow((controller_name, month, "amount_excl_vat", "", report.amount))
    return buffer.getvalue().encode("utf-8-sig")
