"""Public pages. Thin: parse, check, call an operation, commit once, render."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError

from dsar.cases import clock_actions
from dsar.cases.forms import RIGHT_LABELS
from dsar.cases.service import NewRequest, find_by_public_id
from dsar.controllers import service as controllers_service
from dsar.core.db import db, utcnow
from dsar.core.i18n import LANGUAGES
from dsar.core.link_pages import resolve
from dsar.core.links import LinkPurpose
from dsar.core.web import limiter
from dsar.intake import service, status
from dsar.intake.forms import ConfirmForm, ReplyForm, RequestForm, sign_started
from workflows.states import Right

bp = Blueprint("intake", __name__)
SWITCH = "switch_language"  # the name of the language buttons on the request form


def _switching_language() -> bool:
    return request.method == "POST" and request.form.get(SWITCH) in LANGUAGES


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["RATELIMIT_SUBMIT"], methods=["POST"], exempt_when=_switching_language
)
def request_form():
    form = RequestForm()
    listed = {str(c.id): c for c in controllers_service.listed_controllers()}
    organisation = current_app.config["ORGANISATION_NAME"]
    form.controller.choices = [("", organisation)] + [(key, c.name) for key, c in listed.items()]
    if _switching_language():
        return _in_another_language(form, listed)
    if form.validate_on_submit():
        received_at = utcnow()  # the instant the request reached us (rules 3.2)
        case = service.submit_request(_new_request(form, received_at), listed.get(form.controller.data))
        # Read before the commit: once it is committed the request is ours, and the person must be
        # told so even if the database goes away a moment later (no second submission).
        session["submitted_reference"] = case.reference
        session["left_out_rights"] = form.left_out()
        db.session.commit()
        return redirect(url_for("intake.submitted"))
    form.started.data = sign_started()
    form.website.data = ""
    page = render_template("intake/form.html", form=form, show_controllers=bool(listed))
    return page, 400 if form.errors else 200


def _in_another_language(form: RequestForm, listed: dict):
    """The language buttons on the form post what was typed (a POST with the CSRF token: nothing
    personal goes into a URL) and the form comes back in the chosen language, filled in, sent
    nowhere. ``?lang=`` on the action has already switched the language for the session."""
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return redirect(url_for("intake.request_form"))
    form.started.data = sign_started()
    form.website.data = ""
    return render_template("intake/form.html", form=form, show_controllers=bool(listed))


def _new_request(form: RequestForm, received_at) -> NewRequest:
    on_behalf = bool(form.on_behalf.data)
    return NewRequest(
        rights=form.right_details(),
        name=form.name.data.strip(),
        email=form.email.data.strip(),
        language=str(get_locale()),
        received_at=received_at,
        phone=(form.phone.data or "").strip() or None,
        customer_reference=(form.customer_reference.data or "").strip() or None,
        on_behalf=on_behalf,
        subject_name=form.subject_name.data.strip() if on_behalf else None,
        representative_relation=form.representative_relation.data.strip() if on_behalf else None,
    )


@bp.route("/submitted")
def submitted():
    reference = session.pop("submitted_reference", None)
    left_out = session.pop("left_out_rights", [])
    if reference is None:
        return redirect(url_for("intake.request_form"))
    labels = [RIGHT_LABELS[Right(right)] for right in left_out]
    return render_template("intake/submitted.html", reference=reference, left_out=labels)


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """GET shows a button and POST confirms, so mail scanners that open links confirm nothing."""
    case = resolve(LinkPurpose.CONFIRM_EMAIL, token, find_by_public_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        service.confirm_email(case)
        status_url = service.status_url(case)  # before the commit expires the case
        db.session.commit()
        return redirect(status_url)
    return render_template("intake/confirm.html", form=form, case=case)


@bp.route("/status/<token>", endpoint="status")
def status_page(token: str):
    case = resolve(LinkPurpose.STATUS, token, find_by_public_id)
    page = render_template("intake/status.html", view=status.describe(case))
    # security.md P-06: the status link is the credential and the page posts nothing.
    return page, 200, {"Referrer-Policy": "no-referrer"}


@bp.route("/reply/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SUBMIT"], methods=["POST"])
def reply(token: str):
    """The requester answers our information request; the clock resumes (rules 3.4)."""
    case = resolve(LinkPurpose.REPLY, token, find_by_public_id)
    if clock_actions.open_pause(case) is None:
        return render_template("intake/reply.html", case=case, form=None, answered=True)
    form = ReplyForm()
    if form.validate_on_submit():
        clock_actions.record_information_received(case, None, reply=form.message.data.strip())
        status_url = service.status_url(case)  # before the commit expires the case
        db.session.commit()
        return redirect(status_url)
    return render_template(
        "intake/reply.html", case=case, form=form, answered=False
    ), 400 if form.errors else 200
