"""The figures the DPO reports (EDPB CEF 2024/2025 KPIs, rules 3.3 "extension rate is a KPI"),
computed from the database: open cases and the tombstones of purged ones, so a purge never changes
a statistic (rules 6.2: aggregate statistics are kept).

Definitions, per case received (Brussels receipt date) in the period:
- volume: sub-requests per right per month of receipt (one case may invoke several rights);
- answered within one month: the Brussels date of the answer is on or before ``one_month_due``, the
  legal one-month date (Art. 12(3), rolled per Reg. 1182/71) without pauses or extension: the
  strict EDPB "answered within one month" figure;
- answered within the deadline in force: on or before ``due_date``, i.e. the one-month date moved
  by lawful pauses (rules 3.4) or the extended date (rules 3.3) where the case was extended;
- both shares are over the cases answered so far (unanswered cases are not counted as late yet;
  they show up in "overdue now");
- extension rate: extended cases / cases received;
- median handling time: calendar days from receipt date to the Brussels date of the answer;
- overdue now: cases neither answered nor closed whose deadline in force is before today
  (whatever their receipt date)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, extract, func, select, union_all

from dsar.cases.models import Case, SubRequest
from dsar.core.db import db
from dsar.core.time import brussels_today
from dsar.retention import service as retention
from workflows.deadlines import add_months


@dataclass
class ReportFilter:
    since: date
    until: date
    role: str | None = None
    controller_id: int | None = None

    @classmethod
    def from_args(cls, args, today: date | None = None) -> ReportFilter:
        today = today or brussels_today()
        until = _day(args.get("until")) or today
        since = _day(args.get("since")) or add_months(until.replace(day=1), -11)  # the last 12 months
        if since > until:
            since, until = until, since
        role = args.get("role") if args.get("role") in ("controller", "processor") else None
        return cls(since, until, role, args.get("controller", type=int))

    def as_args(self) -> dict:
        found = {"since": self.since.isoformat(), "until": self.until.isoformat()}
        found.update(role=self.role, controller=self.controller_id)
        return {key: value for key, value in found.items() if value}

    def apply(self, query: Select, table, period: bool = True) -> Select:
        if period:
            query = query.where(table.receipt_date >= self.since, table.receipt_date <= self.until)
        if self.role:
            query = query.where(table.role == self.role)
        if self.controller_id:
            query = query.where(table.client_controller_id == self.controller_id)
        return query


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _case_facts(filters: ReportFilter):
    columns = ("receipt_date", "one_month_due", "due_date", "extended_at", "answered_at")
    live = filters.apply(select(*(getattr(Case, c) for c in columns)), Case)
    purged = retention.purged_case_facts(columns, filters.apply)
    return union_all(live, purged).subquery()


def _right_facts(filters: ReportFilter):
    live = filters.apply(select(SubRequest.right, Case.receipt_date).join(Case), Case)
    purged = retention.purged_right_facts(filters.apply)
    return union_all(live, purged).subquery()


def volume_per_month(filters: ReportFilter) -> dict[tuple[int, int], dict[str, int]]:
    facts = _right_facts(filters)
    year, month = extract("year", facts.c.receipt_date), extract("month", facts.c.receipt_date)
    rows = db.session.execute(
        select(year, month, facts.c.right, func.count()).group_by(year, month, facts.c.right)
    ).all()
    volume: dict[tuple[int, int], dict[str, int]] = {}
    for y, m, right, count in rows:
        volume.setdefault((int(y), int(m)), {})[right] = count
    return volume


def months_of(filters: ReportFilter) -> list[tuple[int, int]]:
    months, day = [], filters.since.replace(day=1)
    while day <= filters.until:
        months.append((day.year, day.month))
        day = add_months(day, 1)
    return months


@dataclass
class Summary:
    received: int = 0
    extended: int = 0
    answered: int = 0
    within_one_month: int = 0
    within_deadline: int = 0
    overdue_now: int = 0
    median_days: float | None = None
    on_time_by_month: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def extension_rate(self) -> float | None:
        return self.share(self.extended, self.received)

    @property
    def share_within_one_month(self) -> float | None:
        return self.share(self.within_one_month, self.answered)

    @property
    def share_within_deadline(self) -> float | None:
        return self.share(self.within_deadline, self.answered)


def summary(filters: ReportFilter, today: date | None = None) -> Summary:
    facts = _case_facts(filters)
    received, extended = db.session.execute(
        select(func.count(), func.count(facts.c.extended_at)).select_from(facts)
    ).one()
    result = Summary(received=received, extended=extended, overdue_now=overdue_now(filters, today))
    # The Brussels date of an answer needs time-zone rules SQLite lacks: the answered cases' four
    # dates come back (one narrow row per case) and are compared here.
    answered = db.session.execute(
        select(facts.c.receipt_date, facts.c.one_month_due, facts.c.due_date, facts.c.answered_at).where(
            facts.c.answered_at.is_not(None)
        )
    ).all()
    days = []
    for receipt, one_month, due, answered_at in answered:
        answered_on = brussels_today(answered_at)
        in_month, in_time = answered_on <= one_month, answered_on <= due
        result.within_one_month += in_month
        result.within_deadline += in_time
        days.append((answered_on - receipt).days)
        done, total = result.on_time_by_month.get((receipt.year, receipt.month), (0, 0))
        result.on_time_by_month[(receipt.year, receipt.month)] = (done + in_month, total + 1)
    result.answered = len(answered)
    result.median_days = statistics.median(days) if days else None
    return result


def overdue_now(filters: ReportFilter, today: date | None = None) -> int:
    today = today or brussels_today()
    query = select(func.count(Case.id)).where(
        Case.answered_at.is_(None), Case.closed_at.is_(None), Case.due_date < today
    )
    return db.session.scalar(filters.apply(query, Case, period=False))
