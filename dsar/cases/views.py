"""Staff pages: the case list and the case file. Thin: load, check access, prepare, render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from flask import Blueprint, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from dsar.cases import assignment, duplicates, hooks, panels, queue
from dsar.cases.clock import CalendarChanged, calendar_of, days_left, working_days_left
from dsar.cases.clock_actions import open_pause
from dsar.cases.files import CaseFile
from dsar.cases.forms import (
    RIGHT_LABELS,
    ActionForm,
    DecisionForm,
    ExtendForm,
    InformationRequestForm,
    LiftNoticeForm,
    ReclassifyForm,
)
from dsar.cases.models import Case
from dsar.cases.queue_forms import BulkForm
from dsar.cases.restriction import ground_label as restriction_ground_label
from dsar.cases.service import allowed_moves, case_or_404
from dsar.core import audit, recent_login, wording
from dsar.core.access import can
from dsar.core.db import db
from dsar.core.time import brussels_today
from workflows.calendars import Calendar
from workflows.explain import explain_deadlines
from workflows.next_step import next_step
from workflows.states import Right

bp = Blueprint("cases", __name__, url_prefix="/staff")

PAGE_SIZE = 50


@dataclass
class CaseRow:
    case: Case
    days_left: int
    working_days_left: int
    risk: str  # overdue, soon, ok: decided here, not in the template
    possible_duplicate: bool = False
    # The row's texts, made here with what the page looked up once (language, labels, the link's
    # prefix) rather than per cell in Jinja, where each one asks Babel and Flask again.
    rights: str = ""
    state: str = ""
    risk_label: str = ""
    url: str = ""
    select_label: str = ""


# Risk by working days, the unit staff plan in; a label always goes with the colour (WCAG 1.4.1).
DUE_SOON_WORKING_DAYS = 5
RISK_LABELS = {"overdue": _l("Overdue"), "soon": _l("Due soon"), "ok": _l("On track")}


def warn_date(case: Case) -> date:
    """Dashboards warn on the unpaused date (rules 3.4, conservative); an extension is a real new date."""
    return case.due_date if case.extended_at else min(case.due_date, case.one_month_due)


def risk_of(days: int, working_days: int) -> str:
    if days < 0:
        return "overdue"
    if working_days <= DUE_SOON_WORKING_DAYS:
        return "soon"
    return "ok"


@lru_cache(maxsize=4096)
def _working_days_left(due: date, today: date, cal: Calendar) -> int:
    """A page of cases sorted by due date shares few dates: count each span once."""
    return working_days_left(due, today, cal)


def row_for(case: Case, today: date, flagged: bool = False) -> CaseRow:
    due = warn_date(case)
    left = days_left(due, today)
    try:
        working = _working_days_left(due, today, calendar_of(case))
    except CalendarChanged:
        working = left
    return CaseRow(case, left, working, risk_of(left, working), flagged)


def queue_rows(cases: list[Case], today: date, flagged: set[int]) -> list[CaseRow]:
    """The queue's rows with their texts. The rights come from one narrow query (not 50 cases'
    sub-requests loaded whole), so a page costs the same statements whatever it shows."""
    language = str(get_locale())
    rights = queue.rights_of([case.id for case in cases])
    risk_labels = {key: str(label) for key, label in RISK_LABELS.items()}
    select_label = gettext("Select %(reference)s")
    # References are [0-9A-Z-] only, so the link is the route's prefix plus the reference as is.
    link = url_for("cases.case_detail", reference="-").removesuffix("-")
    rows = []
    for case in cases:
        row = row_for(case, today, case.id in flagged)
        row.rights = ", ".join(wording.word_in(language, right, "right") for right in rights[case.id])
        row.state = wording.word_in(language, case.state, "state")
        row.risk_label = risk_labels[row.risk]
        row.url = link + case.reference
        row.select_label = select_label % {"reference": case.reference}
        rows.append(row)
    return rows


@bp.route("/cases")
@login_required
def case_list():
    today = brussels_today()
    filters = queue.QueueFilter.from_args(request.args)
    selected = queue.open_cases(filters, today, current_user.id)
    after = queue.parse_cursor(request.args.get("after"))
    cases = db.session.scalars(queue.page(selected, after, PAGE_SIZE + 1)).all()
    has_next, cases = len(cases) > PAGE_SIZE, cases[:PAGE_SIZE]
    flagged = duplicates.flagged_ids([case.id for case in cases])
    staff = assignment.assignable_staff()
    return render_template(
        "cases/list.html",
        rows=queue_rows(cases, today, flagged),
        first_page=after is None,
        next_cursor=queue.cursor_of(cases[-1]) if has_next else None,
        total=queue.count(selected),
        count_cap=queue.COUNT_CAP,
        filters=filters,
        filter_args=filters.as_args(),
        right_labels=RIGHT_LABELS,
        controllers=hooks.controller_names(),
        staff=staff,
        staff_names=assignment.names_of({case.assignee_id for case in cases if case.assignee_id}),
        bulk_form=BulkForm() if can(current_user, "cases.work") else None,
    )


def _decision_forms(case) -> tuple[dict, int | None]:
    """The decision form of each right; one interrupted by a fresh sign-in (a refusal, security.md
    A-11) comes back filled in with what was typed, once, for the user to check and send again."""
    forms, held_sub = {}, None
    held = recent_login.held_action()
    for sub in case.sub_requests:
        action = url_for("decisions.decide", reference=case.reference, sub_id=sub.id)
        formdata = recent_login.take_held_form(action) if held == action else None
        if formdata is not None:
            held_sub = sub.id
        forms[sub.id] = DecisionForm(formdata=formdata, prefix=f"d{sub.id}", obj=sub)
    return forms, held_sub


def _applies(date_key: str, case) -> bool:
    """A date is shown only on the cases it governs: the forward-by date on processor cases (rules
    2.6), the Art. 7(3) date on cases that hold a consent withdrawal."""
    if date_key == "forward_by":
        return case.role == "processor"
    if date_key == "consent_withdrawal_due":
        return Right.CONSENT_WITHDRAWAL.value in case.rights
    return True


@bp.route("/cases/<reference>")
@login_required
def case_detail(reference: str):
    case = case_or_404(reference)
    decision_forms, held_sub = _decision_forms(case)
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
        next_step=next_step(case.state, case.role, sum(1 for sub in case.sub_requests if not sub.outcome)),
        right_labels=RIGHT_LABELS,
        explanations=[e for e in explanations if _applies(e.key, case)],
        moves=allowed_moves(case, current_user.role),
        open_pause=open_pause(case),
        extend_form=ExtendForm(),
        information_form=InformationRequestForm(),
        action_form=ActionForm(),
        panels=panels.prepare_all(case),  # every feature's part of the page (cases/panels.py)
        panel_slots=panels.templates_by_slot(),
        case_files=db.session.scalars(
            select(CaseFile).where(CaseFile.case_id == case.id).order_by(CaseFile.id)
        ).all(),
        decision_forms=decision_forms,
        held_sub=held_sub,
        lift_forms={
            sub.id: LiftNoticeForm(prefix=f"l{sub.id}") for sub in case.sub_requests if sub.restricted_at
        },
        reclassify_forms={
            sub.id: ReclassifyForm(prefix=f"m{sub.id}")
            for sub in case.sub_requests
            if sub.right == "objection" and not sub.direct_marketing and not sub.outcome
        },
        restriction_ground_label=restriction_ground_label,
        # Art. 12(4): a refusal after the one-month date of an extended case needs a confirmation.
        late_refusal_warning=case.extended_at is not None and brussels_today() > case.one_month_due,
    )
