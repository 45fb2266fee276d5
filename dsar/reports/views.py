"""The reports page (DPO, admin, auditor) and its figures as CSV. Aggregates only: no personal data."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from dsar.controllers import service as controllers_service
from dsar.core import csv_writer
from dsar.core.access import requires
from dsar.reports import charts, metrics
from workflows.states import Right

bp = Blueprint("reports", __name__, url_prefix="/staff/reports")

SHORT_LABELS = {
    Right.ACCESS: _l("Access"),
    Right.RECTIFICATION: _l("Rectification"),
    Right.ERASURE: _l("Erasure"),
    Right.RESTRICTION: _l("Restriction"),
    Right.PORTABILITY: _l("Portability"),
    Right.OBJECTION: _l("Objection"),
    Right.CONSENT_WITHDRAWAL: _l("Consent withdrawal"),
}


@dataclass
class MonthRow:
    label: str
    key: str  # YYYY-MM, for the CSV
    per_right: list[int]
    total: int
    on_time: float | None


def _month_rows(filters: metrics.ReportFilter, summary: metrics.Summary) -> list[MonthRow]:
    volume = metrics.volume_per_month(filters)
    rows = []
    for year, month in metrics.months_of(filters):
        counts = volume.get((year, month), {})
        per_right = [counts.get(right.value, 0) for right in Right]
        done, total = summary.on_time_by_month.get((year, month), (0, 0))
        label = format_date(filters.since.replace(year=year, month=month, day=1), "MMM yy")
        rows.append(
            MonthRow(label, f"{year}-{month:02d}", per_right, sum(per_right), summary.share(done, total))
        )
    return rows


def _report():
    filters = metrics.ReportFilter.from_args(request.args)
    summary = metrics.summary(filters)
    return filters, summary, _month_rows(filters, summary)


@bp.route("/")
@requires("reports.read")
def overview():
    filters, summary, months = _report()
    labels = [row.label for row in months]
    volume_title = _("Requests per right per month of receipt")
    on_time_title = _("Share answered within one month, per month of receipt")
    volume_chart = charts.stacked_bars(
        labels,
        [(str(SHORT_LABELS[right]), [row.per_right[i] for row in months]) for i, right in enumerate(Right)],
        volume_title,
        _("Stacked bars; the table below gives the same figures."),
    )
    on_time_chart = charts.percent_bars(
        labels,
        [row.on_time for row in months],
        on_time_title,
        _("Bars from 0 to 100 percent; the table below gives the same figures."),
    )
    return render_template(
        "reports/overview.html",
        filters=filters,
        summary=summary,
        months=months,
        rights=[SHORT_LABELS[right] for right in Right],
        volume_chart=volume_chart,
        on_time_chart=on_time_chart,
        volume_title=volume_title,
        on_time_title=on_time_title,
        controllers=controllers_service.all_controllers(),
        filter_args=filters.as_args(),
    )


@bp.route("/figures.csv")
@requires("reports.read")
def figures_csv():
    filters, summary, months = _report()
    buffer, writer = csv_writer.in_memory()
    writer.writerow(["figure", "value"])
    for name, value in _summary_items(filters, summary):
        writer.writerow([name, value])
    writer.writerow([])
    writer.writerow(["month", *[right.value for right in Right], "total", "answered_within_one_month_pct"])
    for row in months:
        writer.writerow((row.key, *row.per_right, row.total, row.on_time))
    return Response(
        buffer.getvalue().encode("utf-8-sig"),
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": "attachment; filename=dsar-figures.csv",
            "Cache-Control": "no-store",
        },
    )


def _summary_items(filters: metrics.ReportFilter, summary: metrics.Summary) -> list[tuple[str, object]]:
    return [
        ("period_from", filters.since.isoformat()),
        ("period_to", filters.until.isoformat()),
        ("role", filters.role or "all"),
        ("client_controller_id", filters.controller_id or "all"),
        ("cases_received", summary.received),
        ("cases_answered", summary.answered),
        ("answered_within_one_month_pct", summary.share_within_one_month),
        ("answered_within_deadline_in_force_pct", summary.share_within_deadline),
        ("extended", summary.extended),
        ("extension_rate_pct", summary.extension_rate),
        ("median_handling_days", summary.median_days),
        ("overdue_now", summary.overdue_now),
    ]
