"""Staff side of identity verification: ask for an ID copy, record a knowledge check, verify a
copy (fresh login, every view in the case trail), and the admin's ladder settings.

Role checks are on the server for every route (security.md Z-01/Z-03); ID copies are shown only to
the roles in ``ID_COPY_ROLES`` and never to auditors."""

from __future__ import annotations

import functools

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from dsar.cases.forms import RIGHT_LABELS
from dsar.cases.models import Case
from dsar.cases.service import case_or_404
from dsar.core import recent_login
from dsar.core.access import requires
from dsar.core.db import db
from dsar.identity import ladder, service
from dsar.identity.forms import DecisionForm, KnowledgeCheckForm, RequestIdCopyForm, ladder_form
from dsar.identity.models import CopyStatus, IdCopy
from dsar.identity.views import image_response

bp = Blueprint("identity_staff", __name__)

ERRORS = {
    "closed": lambda: _("The case is closed."),
    "processor": lambda: _("In the processor role the client controller verifies identity."),
    "never_for_these_rights": lambda: _(
        "An ID copy is never asked to withdraw consent or to stop direct marketing (GBA decision 145/2022)."
    ),
    "reason_required": lambda: _("Give the reason."),
    "already_requested": lambda: _("An ID copy was already asked for and is still open."),
    "gone": lambda: _("This ID copy is no longer available."),
    "integrity": lambda: _("This file failed its integrity check and cannot be shown; it was recorded."),
    "document_type": lambda: _("Choose the document type."),
}


# security.md A-11: opening an ID copy needs the password (and code) entered in the last N minutes.
recent_login_required = recent_login.recent_login_required(window="ID_FRESH_LOGIN_MINUTES")


def copy_viewer_required(view):
    @functools.wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not service.may_see_copies(current_user):
            abort(403)
        return view(*args, **kwargs)

    return guarded


def _stored_copy(case: Case, public_id: str) -> IdCopy:
    copy = db.first_or_404(select(IdCopy).where(IdCopy.public_id == public_id, IdCopy.case_id == case.id))
    return copy


def _back(case: Case):
    return redirect(url_for("cases.case_detail", reference=case.reference) + "#identity")


@bp.route("/staff/cases/<reference>/identity/request", methods=["POST"])
@requires("cases.work")
def request_copy(reference: str):
    case = case_or_404(reference)
    form = RequestIdCopyForm()
    if not form.validate_on_submit():
        flash(_("Say why there is a reasonable doubt."), "error")
        return _back(case)
    try:
        service.request_id_copy(case, "staff", current_user.id, form.reason.data, current_user.role)
    except service.VerificationError as exc:
        flash(ERRORS[exc.code](), "error")
        return _back(case)
    db.session.commit()
    flash(_("The requester was asked for a redacted ID copy."), "info")
    return _back(case)


@bp.route("/staff/cases/<reference>/identity/knowledge", methods=["POST"])
@requires("cases.work")
def knowledge_check(reference: str):
    case = case_or_404(reference)
    form = KnowledgeCheckForm()
    if form.validate_on_submit():
        service.record_knowledge_check(
            case, current_user.id, form.result.data == "passed", form.compared.data
        )
        db.session.commit()
        flash(_("The knowledge check was recorded."), "info")
    else:
        flash(_("Choose a result."), "error")
    return _back(case)


@bp.route("/staff/cases/<reference>/id-copies/<public_id>", methods=["GET", "POST"])
@copy_viewer_required
@recent_login_required
def verify(reference: str, public_id: str):
    case = case_or_404(reference)
    copy = _stored_copy(case, public_id)
    if copy.status != CopyStatus.STORED:
        flash(ERRORS["gone"](), "error")
        return _back(case)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            service.decide(
                copy,
                current_user.id,
                current_user.role,
                form.outcome.data == "passed",
                form.document_type.data,
                form.reason.data,
            )
        except service.VerificationError as exc:
            flash(ERRORS[exc.code](), "error")
            return _back(case)
        db.session.commit()
        flash(_("The decision was recorded and the ID copy was deleted."), "info")
        return _back(case)
    return render_template(
        "identity/verify.html", case=case, copy=copy, form=form
    ), 400 if form.errors else 200


@bp.route("/staff/cases/<reference>/id-copies/<public_id>/image")
@copy_viewer_required
@recent_login_required
def copy_image(reference: str, public_id: str):
    case = case_or_404(reference)
    copy = _stored_copy(case, public_id)
    try:
        data = service.open_for_staff(copy, current_user.id)
    except service.VerificationError as exc:
        db.session.commit()  # the integrity failure stays in the case trail (security.md S-02)
        abort(404 if exc.code == "gone" else 500)
    db.session.commit()  # the view is in the case trail before a byte leaves
    return image_response(data)


@bp.route("/staff/identity/ladder", methods=["GET", "POST"])
@requires("identity.settings")
def ladder_settings():
    steps = ladder.current()
    form = ladder_form(steps)
    if form.validate_on_submit():
        chosen = []
        for step in steps:
            level = int(getattr(form, f"level_{step.right}").data)
            id_copy = bool(step.id_copy_allowed and getattr(form, f"id_copy_{step.right}").data)
            chosen.append((step, level, id_copy))
        newly_on = [step for step, _level, id_copy in chosen if id_copy and not step.id_copy]
        if newly_on and not form.acknowledge.data:
            flash(_("Confirm that you read the warning before asking everyone for an ID copy."), "error")
        else:
            for step, level, id_copy in chosen:
                ladder.set_step(step.right, level, id_copy, current_user.id)
            db.session.commit()
            flash(_("The verification ladder was saved."), "info")
            return redirect(url_for("identity_staff.ladder_settings"))
    return render_template(
        "identity/ladder.html", form=form, steps=steps, right_labels=RIGHT_LABELS, ttl_days=service.ttl_days()
    )
