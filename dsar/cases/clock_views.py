"""Staff actions that move the legal clock. Each is allowed only when workflows/ and the
deadline rules allow it; a refusal is shown with its legal reason and changes nothing."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dsar.cases import clock_actions
from dsar.cases.forms import ActionForm, ExtendForm, InformationRequestForm
from dsar.cases.models import Case
from dsar.cases.service import case_or_404, require_move
from dsar.core.access import can
from dsar.core.db import db
from dsar.core.phrases import not_done
from workflows.errors import WorkflowError
from workflows.states import Move

bp = Blueprint("clock", __name__, url_prefix="/staff")


def _case_for(reference: str) -> Case:
    """Load the case; read-only roles get a 403 before anything else happens."""
    case = case_or_404(reference)
    if not can(current_user, "cases.work"):
        abort(403)
    return case


def _run(case: Case, move: Move, operation) -> None:
    try:
        require_move(case, move, current_user.role)
        operation()
    except (WorkflowError, clock_actions.ClockError) as refusal:
        db.session.rollback()
        flash(not_done(refusal), "error")
        return
    db.session.commit()


def _back(case: Case):
    return redirect(url_for("cases.case_detail", reference=case.reference))


@bp.route("/cases/<reference>/extend", methods=["POST"])
@login_required
def extend(reference: str):
    case = _case_for(reference)
    form = ExtendForm()
    if not form.validate_on_submit():
        flash(_("Give a reason and an explanation for the requester."), "error")
        return _back(case)
    _run(
        case,
        Move.EXTEND,
        lambda: clock_actions.extend_deadline(
            case, current_user.id, form.reason.data, form.note.data.strip(), form.new_due.data
        ),
    )
    return _back(case)


@bp.route("/cases/<reference>/request-information", methods=["POST"])
@login_required
def request_information(reference: str):
    case = _case_for(reference)
    form = InformationRequestForm()
    if not form.validate_on_submit():
        flash(_("Write what you need from the requester."), "error")
        return _back(case)
    _run(
        case,
        Move.REQUEST_INFORMATION,
        lambda: clock_actions.request_information(
            case, current_user.id, form.reason.data, form.message.data.strip()
        ),
    )
    return _back(case)


@bp.route("/cases/<reference>/information-received", methods=["POST"])
@login_required
def information_received(reference: str):
    case = _case_for(reference)
    if ActionForm().validate_on_submit():
        _run(
            case,
            Move.RECEIVE_INFORMATION,
            lambda: clock_actions.record_information_received(case, current_user.id),
        )
    return _back(case)
