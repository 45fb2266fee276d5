"""Staff pages: the case list and the case file. Thin: load, check access, prepare, render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dsar.cases import queue
from dsar.cases.clock import CalendarChanged, calendar_of, days_left, working_days_left
from dsar.cases.clock_actions import open_pause
from dsar.cases.files import CaseFile
from dsar.cases.forms import ActionForm, DecisionForm, ExtendForm, InformationRequestForm
from dsar.cases.models import Case
from dsar.cases.service import allowed_moves
from dsar.controllers import service as controllers_service
from dsar.controllers.panel import panel_for
from dsar.core import audit
from dsar.core.db import db
from dsar.core.time import brussels_today
from dsar.intake.forms import RIGHT_LABELS
from workflows.explain import explain_deadlines

bp = Blueprint("cases", __name__, url_prefix="/staff")

PAGE_SIZE = 50


@dataclass
class CaseRow:
    case: Case
    days_left: int
    working_days_left: int
    risk: str  # overdue, urgent, soon, ok: decided here, not in the template


def warn_date(case: Case) -> date:
    """Dashboards warn on the unpaused date (rules 3.4, conservative); an extension is a real new date."""
    return case.due_date if case.extended_at else min(case.due_date, case.one_month_due)


def risk_of(days: int) -> str:
    if days < 0:
        return "overdue"
    if days <= 3:
        return "urgent"
    if days <= 10:
        return "soon"
    return "ok"


def row_for(case: Case, today: date) -> CaseRow:
    due = warn_date(case)
    left = days_left(due, today)
    try:
        working = working_days_left(due, today, calendar_of(case))
    except CalendarChanged:
        working = left
    return CaseRow(case=case, days_left=left, working_days_left=working, risk=risk_of(left))


@bp.route("/cases")
@login_required
def case_list():
    page = max(request.args.get("page", 1, type=int), 1)
    today = brussels_today()
    filters = queue.QueueFilter.from_args(request.args)
    selected = queue.open_cases(filters, today)
    total = queue.count(selected)
    cases = db.session.scalars(
        selected.options(selectinload(Case.sub_requests))
        .order_by(Case.due_date, Case.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return render_template(
        "cases/list.html",
        rows=[row_for(case, today) for case in cases],
        page=page,
        has_next=page * PAGE_SIZE < total,
        total=total,
        filters=filters,
        filter_args=filters.as_args(),
        right_labels=RIGHT_LABELS,
        controllers=controllers_service.all_controllers(),
    )


@bp.route("/cases/<reference>")
@login_required
def case_detail(reference: str):
    case = db.session.scalar(select(Case).where(Case.reference == reference)) or abort(404)
    audit.record("case.viewed", current_user.id, case.id)  # every view of a case is on the trail
    db.session.commit()
    try:
        explanations = explain_deadlines(case.received_at, calendar_of(case), case.paused_days)
    except CalendarChanged:
        explanations = []
    return render_template(
        "cases/detail.html",
        case=case,
        row=row_for(case, brussels_today()),
        right_labels=RIGHT_LABELS,
        explanations=[e for e in explanations if e.key != "forward_by" or case.role == "processor"],
        moves=allowed_moves(case, current_user.role),
        open_pause=open_pause(case),
        extend_form=ExtendForm(),
        information_form=InformationRequestForm(),
        action_form=ActionForm(),
        controller_panel=panel_for(case),
        case_files=db.session.scalars(
            select(CaseFile).where(CaseFile.case_id == case.id).order_by(CaseFile.id)
        ).all(),
        decision_forms={sub.id: DecisionForm(prefix=f"d{sub.id}", obj=sub) for sub in case.sub_requests},
    )
