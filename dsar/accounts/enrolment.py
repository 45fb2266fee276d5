"""Enrolment in two-factor sign-in: right after the password for roles that must have it (they
reach nothing else first, security.md A-04), or from the account page for the others."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dsar.accounts import lockout, sessions, totp
from dsar.accounts.forms import CodeForm
from dsar.core import audit
from dsar.core.db import db

bp = Blueprint("enrolment", __name__, url_prefix="/staff")


def _enrolling_user():
    """A signed-in user, or one between password and second factor who has no app yet."""
    if current_user.is_authenticated:
        return current_user, False
    user = sessions.pending_user()
    if user is not None and not totp.enrolled(user):
        return user, True
    return None, False


@bp.route("/account/two-factor", methods=["GET", "POST"])
def enrol():
    user, signing_in = _enrolling_user()
    if user is None:
        return redirect(url_for("accounts.login"))
    if totp.enrolled(user):
        return render_template("accounts/two_factor.html", enrolled=True, required=totp.required(user))
    form = CodeForm()
    secret = totp.pending_secret(user)
    if form.validate_on_submit() and secret:
        codes = totp.confirm_enrolment(user, form.code.data)
        if codes is not None:
            return _enrolled(user, signing_in, codes)
        audit.record("staff.two_factor_enrolment_failed", user.id)
        db.session.commit()
        flash(_("The code is not valid. Check the time on your phone and use the newest code."), "error")
    elif not secret:
        secret = totp.begin_enrolment(user)
        db.session.commit()
    uri = totp.provisioning_uri(user, secret)
    return render_template(
        "accounts/two_factor.html",
        enrolled=False,
        required=totp.required(user),
        form=form,
        secret=secret,
        qr=totp.qr_svg(uri),
    )


def _enrolled(user, signing_in: bool, codes: list[str]):
    """Show the recovery codes once; a user who was signing in is now signed in."""
    target = session.get(sessions.PENDING_NEXT, "") if signing_in else url_for("cases.case_list")
    if signing_in:
        lockout.record_success(user.email)
        audit.record("staff.sign_in", user.id, method="enrolment")
    db.session.commit()
    if signing_in:
        sessions.start(user)
    # "Continue" is a button: a GET form to the page the user was going to (a GET form drops the
    # action's query string, so its arguments travel as hidden fields).
    parts = urlsplit(target or url_for("cases.case_list"))
    return render_template(
        "accounts/recovery_codes.html",
        codes=codes,
        continue_path=parts.path,
        continue_args=parse_qsl(parts.query),
    )
