"""Staff pages: the case list and the case file. Thin: load, check access, prepare, render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_login import login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from dsar.cases.clock import days_left
from dsar.cases.models import Case
from dsar.core.db import db
from dsar.core.time import brussels_today
from dsar.intake.forms import RIGHT_LABELS

bp = Blueprint("cases", __name__, url_prefix="/staff")

PAGE_SIZE = 50


@dataclass
class CaseRow:
    case: Case
    days_left: int
    risk: str  # overdue, urgent, soon, ok: drives the colour, decided here and not in the template


def risk_of(days: int) -> str:
    if days < 0:
        return "overdue"
    if days <= 3:
        return "urgent"
    if days <= 10:
        return "soon"
    return "ok"


def _rows(cases: list[Case], today: date) -> list[CaseRow]:
    rows = []
    for case in cases:
        left = days_left(case.one_month_due, today)
        rows.append(CaseRow(case=case, days_left=left, risk=risk_of(left)))
    return rows


@bp.route("/cases")
@login_required
def case_list():
    page = max(request.args.get("page", 1, type=int), 1)
    query = (
        select(Case)
        .where(Case.closed_at.is_(None))
        .options(selectinload(Case.sub_requests))
        .order_by(Case.one_month_due, Case.id)
    )
    total = db.session.scalar(select(func.count(Case.id)).where(Case.closed_at.is_(None)))
    cases = db.session.scalars(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return render_template(
        "cases/list.html",
        rows=_rows(cases, brussels_today()),
        page=page,
        has_next=page * PAGE_SIZE < total,
        total=total,
        right_labels=RIGHT_LABELS,
    )


@bp.route("/cases/<reference>")
@login_required
def case_detail(reference: str):
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    if case is None:
        abort(404)
    today = brussels_today()
    left = days_left(case.one_month_due, today)
    return render_template(
        "cases/detail.html",
        case=case,
        row=CaseRow(case=case, days_left=left, risk=risk_of(left)),
        right_labels=RIGHT_LABELS,
    )
