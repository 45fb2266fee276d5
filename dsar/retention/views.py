"""Legal holds on the case file, and the purge page (DPO and admin, under a fresh sign-in)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dsar.cases.service import case_or_404
from dsar.core.access import requires
from dsar.core.db import db
from dsar.core.recent_login import recent_login_required
from dsar.retention import service
from dsar.retention.forms import HoldForm, PurgeForm

bp = Blueprint("retention", __name__, url_prefix="/staff")

ERRORS = {
    "reason": lambda: _("Give the reason."),
    "already": lambda: _("The case is already on legal hold."),
    "none": lambda: _("The case is not on legal hold."),
}


def _change_hold(reference: str, operation):
    case = case_or_404(reference)
    form = HoldForm(prefix="hold")
    if not form.validate_on_submit():
        flash(ERRORS["reason"](), "error")
        return redirect(url_for("cases.case_detail", reference=reference, _anchor="retention"))
    try:
        operation(case, form.reason.data, current_user.id)
    except service.HoldError as exc:
        db.session.rollback()
        flash(ERRORS[exc.code](), "error")
    else:
        db.session.commit()
    return redirect(url_for("cases.case_detail", reference=reference, _anchor="retention"))


@bp.route("/cases/<reference>/legal-hold", methods=["POST"])
@requires("retention.hold")
def set_hold(reference: str):
    return _change_hold(reference, service.set_hold)


@bp.route("/cases/<reference>/legal-hold/lift", methods=["POST"])
@requires("retention.hold")
def lift_hold(reference: str):
    return _change_hold(reference, service.lift_hold)


@bp.route("/retention", methods=["GET", "POST"])
@requires("retention.purge")
@recent_login_required  # security.md A-11: deleting case records is a high-risk action
def purge_page():
    form = PurgeForm()
    if form.validate_on_submit():
        purged = service.purge_expired(current_user.id, limit=None)
        flash(_("Cases purged: %(count)s", count=len(purged)), "info")
        return redirect(url_for("retention.purge_page"))
    return render_template(
        "retention/purge.html", candidates=service.candidates(), form=form, years=service.retention_years()
    )
