"""Staff decide each right, answer the requester and close the case. Refusals by the rules are
shown with their legal reason and change nothing."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dsar.cases import decisions, reclassify, restriction
from dsar.cases.forms import ActionForm, DecisionForm, LiftNoticeForm, ReclassifyForm, lines
from dsar.cases.models import SubRequest
from dsar.cases.service import case_or_404, right_or_404
from dsar.core import recent_login
from dsar.core.access import requires
from dsar.core.attempts import attempt
from dsar.core.db import db
from workflows.states import Outcome

bp = Blueprint("decisions", __name__, url_prefix="/staff")

REFUSALS = (Outcome.REFUSED, Outcome.PARTLY_GRANTED)


def _back(reference: str):
    return redirect(url_for("cases.case_detail", reference=reference))


@bp.route("/cases/<reference>/rights/<int:sub_id>/decide", methods=["POST"])
@requires("cases.work")
def decide(reference: str, sub_id: int):
    case = case_or_404(reference)
    sub = db.session.get(SubRequest, sub_id)
    if sub is None or sub.case_id != case.id:  # no reaching another case's right through this one
        abort(404)
    form = DecisionForm(prefix=f"d{sub.id}")
    if not form.validate_on_submit():
        flash(_("Check the decision form."), "error")
        return _back(reference)
    if form.outcome.data in REFUSALS and not recent_login.is_recent():
        # security.md A-11: not acting on a right is high-risk. Back to this right's form afterwards,
        # with what was typed kept on the server and filled in again.
        back_to = url_for("cases.case_detail", reference=reference, _anchor=f"sub-{sub.id}")
        return recent_login.reauth_redirect(back_to=back_to)
    decision = decisions.Decision(
        outcome=form.outcome.data,
        legal_ground=form.legal_ground.data or None,
        reasons=(form.reasons.data or "").strip() or None,
        recipients_notified=lines(form.recipients_notified.data),
        art19_justification=(form.art19_justification.data or "").strip() or None,
        balancing_note=(form.balancing_note.data or "").strip() or None,
        justification=(form.justification.data or "").strip() or None,
        direct_marketing=bool(sub.details.get("objection_direct_marketing")),
        late_refusal_confirmed=bool(form.confirm_late_refusal.data),
    )
    attempt(lambda: decisions.decide(sub, decision, current_user.id, current_user.role))
    return _back(reference)


@bp.route("/cases/<reference>/answer", methods=["POST"])
@requires("cases.work")
def answer(reference: str):
    case = case_or_404(reference)
    if ActionForm().validate_on_submit() and attempt(
        lambda: decisions.answer(case, current_user.id, current_user.role)
    ):
        flash(_("The answer is on its way to the requester."), "info")
    return _back(reference)


@bp.route("/cases/<reference>/close", methods=["POST"])
@requires("cases.work")
def close(reference: str):
    case = case_or_404(reference)
    if ActionForm().validate_on_submit():
        attempt(lambda: decisions.close(case, current_user.id, current_user.role))
    return _back(reference)


@bp.route("/cases/<reference>/rights/<int:sub_id>/lift-notice", methods=["POST"])
@requires("cases.work")
def restriction_lift_notice(reference: str, sub_id: int):
    """Art. 18(3): the data subject is told before the restriction is lifted."""
    sub = right_or_404(reference, sub_id)
    form = LiftNoticeForm(prefix=f"l{sub.id}")
    if not form.validate_on_submit():
        flash(_("Say why the restriction ends."), "error")
        return _back(reference)
    explanation = form.explanation.data.strip()
    if attempt(lambda: restriction.send_lift_notice(sub, current_user.id, explanation)):
        flash(_("The requester was told that the restriction will be lifted."), "info")
    return _back(reference)


@bp.route("/cases/<reference>/rights/<int:sub_id>/lift", methods=["POST"])
@requires("cases.work")
def lift_restriction(reference: str, sub_id: int):
    sub = right_or_404(reference, sub_id)
    if ActionForm().validate_on_submit():
        attempt(lambda: restriction.lift_restriction(sub, current_user.id))
    return _back(reference)


@bp.route("/cases/<reference>/rights/<int:sub_id>/direct-marketing", methods=["POST"])
@requires("cases.work")
def reclassify_direct_marketing(reference: str, sub_id: int):
    """Art. 21(3): an objection staff recognise as one to direct marketing becomes absolute."""
    sub = right_or_404(reference, sub_id)
    form = ReclassifyForm(prefix=f"m{sub.id}")
    if not form.validate_on_submit():
        flash(_("Say why it concerns direct marketing."), "error")
        return _back(reference)
    reason = form.reason.data
    if attempt(lambda: reclassify.reclassify_as_direct_marketing(sub, current_user.id, reason)):
        flash(_("The objection is now treated as an objection to direct marketing (Art. 21(3))."), "info")
    return _back(reference)
