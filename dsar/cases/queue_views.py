"""Working the queue: assign a case, and apply one action to the cases ticked in the queue.

Each ticked case is loaded, checked (role, allowed move, the duplicate rules) and committed on its
own: one refusal is reported for that case and changes nothing on it, the others go through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from dsar.cases import assignment, queue
from dsar.cases.models import Case
from dsar.cases.queue_forms import MAX_BULK, AssignForm, BulkForm, clean_reference
from dsar.core.access import requires
from dsar.core.db import db
from dsar.core.phrases import not_done, refusal_text
from workflows.errors import WorkflowError

bp = Blueprint("queue", __name__, url_prefix="/staff")

REFUSALS = (WorkflowError, assignment.CaseActionError)


@dataclass
class BulkOutcome:
    reference: str
    refusal: str | None = None


def _find(reference: str | None) -> Case | None:
    if reference is None:
        return None
    return db.session.scalar(select(Case).where(Case.reference == reference))


@bp.app_template_global("closed_as_label")
def closed_as_label(code: str | None) -> str:
    return assignment.closed_as_label(code)


@bp.route("/cases/<reference>/assign", methods=["POST"])
@requires("cases.work")
def assign(reference: str):
    case = _find(reference) or abort(404)
    form = AssignForm()
    if form.validate_on_submit():
        try:
            assignee = assignment.find_assignee(form.assignee.data)
            assignment.assign_case(case, assignee, current_user.id, current_user.role)
        except REFUSALS as refusal:
            db.session.rollback()
            flash(not_done(refusal), "error")
        else:
            db.session.commit()
    else:
        flash(_("Choose a staff member."), "error")
    return redirect(url_for("cases.case_detail", reference=case.reference))


def run_on_each(references: list[str], operation: Callable[[Case], None]) -> list[BulkOutcome]:
    """Apply ``operation`` to each case in its own transaction; report every refusal per case."""
    outcomes = []
    for reference in references:
        case = _find(reference)
        try:
            if case is None:
                raise assignment.CaseActionError(_("there is no case with that reference"))
            operation(case)
        except REFUSALS as refusal:
            db.session.rollback()
            outcomes.append(BulkOutcome(reference, refusal_text(refusal)))
        else:
            db.session.commit()
            outcomes.append(BulkOutcome(reference))
    return outcomes


def bulk_operation(form: BulkForm) -> Callable[[Case], None]:
    actor, role, reason = current_user.id, current_user.role, form.reason.data
    if form.action.data == "assign":
        assignee = assignment.find_assignee(form.assignee.data)
        return lambda case: assignment.assign_case(case, assignee, actor, role)
    if form.action.data == "duplicate":
        original = _find(clean_reference(form.duplicate_of.data))
        return lambda case: assignment.mark_duplicate(case, original, reason, actor, role)
    return lambda case: assignment.mark_spam(case, reason, actor, role)


def ticked_references() -> list[str]:
    raw = request.form.getlist("case")
    references = [clean_reference(value) or value[:20] for value in raw]
    return list(dict.fromkeys(references))  # each case once, in the order shown


@bp.route("/cases/bulk", methods=["POST"])
@requires("cases.work")
def bulk():
    back = redirect(url_for("cases.case_list", **queue.QueueFilter.from_args(request.args).as_args()))
    form, references = BulkForm(), ticked_references()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return back
    if not references or len(references) > MAX_BULK:
        flash(_("Tick between 1 and %(max)s cases.", max=MAX_BULK), "error")
        return back
    try:
        operation = bulk_operation(form)
    except assignment.CaseActionError as refusal:
        flash(not_done(refusal), "error")
        return back
    report(run_on_each(references, operation))
    return back


def report(outcomes: list[BulkOutcome]) -> None:
    """One line for what was done, one per reason for what was not (grouped: the flash messages
    travel in the session cookie, which must stay small)."""
    done = [o.reference for o in outcomes if o.refusal is None]
    if done:
        flash(
            ngettext(
                "Done for %(num)s case: %(references)s",
                "Done for %(num)s cases: %(references)s",
                len(done),
                references=", ".join(done),
            ),
            "info",
        )
    refused: dict[str, list[str]] = {}
    for outcome in outcomes:
        if outcome.refusal is not None:
            refused.setdefault(outcome.refusal, []).append(outcome.reference)
    for reason, references in refused.items():
        flash(
            _("Not done for %(references)s: %(reason)s", references=", ".join(references), reason=reason),
            "error",
        )
