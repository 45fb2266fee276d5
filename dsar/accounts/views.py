"""Sign-in and sign-out for staff: password, lock-out, second factor, re-authentication.

Every refusal (wrong password, unknown e-mail, locked or deactivated account) shows the same
message after the same argon2 work, so the page never tells whether an account exists (ASVS
6.3.8). Every attempt is in the audit trail, without the password (16.3.1)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, login_required, logout_user

from dsar.accounts import enrolment, fresh, lockout, service, sessions, staff_admin, totp
from dsar.accounts.forms import CodeForm, LoginForm, ReauthForm
from dsar.accounts.models import StaffUser
from dsar.cases import hooks
from dsar.core import audit, recent_login
from dsar.core.db import db
from dsar.core.web import limiter

bp = Blueprint("accounts", __name__, url_prefix="/staff")
login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.session_protection = "strong"

FRESH_WINDOWS = ("FRESH_LOGIN_MINUTES", "ID_FRESH_LOGIN_MINUTES")


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    ident, _, version = user_id.partition(":")
    if not ident.isdigit() or not version.isdigit():
        return None
    user = db.session.get(StaffUser, int(ident))
    if user is None or user.session_version != int(version) or not user.active:
        return None
    return user


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths: never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("cases.case_list")


def _refuse(form, email: str, user: StaffUser | None, reason: str):
    lockout.record_failure(email, request.remote_addr, user.id if user else None)
    audit.record("staff.sign_in_failed", user.id if user else None, reason=reason)
    db.session.commit()
    flash(_("E-mail or password is incorrect."), "error")  # one message: no enumeration
    return render_template("accounts/login.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("cases.case_list"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form)
    if lockout.address_locked(request.remote_addr):
        audit.record("staff.sign_in_failed", None, reason="address_locked")
        db.session.commit()
        abort(429)
    email = form.email.data
    user = service.authenticate(email, form.password.data)  # argon2 work whatever the outcome
    if user is None:
        return _refuse(form, email, service.find_by_email(email), "password")
    if lockout.account_locked(email):  # even the right password fails during a lock
        return _refuse(form, email, user, "locked")
    target = _safe_next(request.args.get("next"))
    if totp.required(user) or totp.enrolled(user):
        sessions.begin_pending(user, target)
        audit.record("staff.password_accepted", user.id)
        db.session.commit()
        return redirect(url_for("accounts.second_factor" if totp.enrolled(user) else "enrolment.enrol"))
    return _complete(user, target, "password")


def _complete(user: StaffUser, target: str, method: str):
    lockout.record_success(user.email)
    audit.record("staff.sign_in", user.id, method=method)
    db.session.commit()
    sessions.start(user)
    return redirect(target)


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def second_factor():
    user = sessions.pending_user()
    if user is None or not totp.enrolled(user):
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if not lockout.account_locked(user.email) and totp.verify(user, form.code.data):
            return _complete(user, session.get(sessions.PENDING_NEXT, ""), "totp")
        lockout.record_failure(user.email, request.remote_addr, user.id)
        audit.record("staff.second_factor_failed", user.id)
        db.session.commit()
        if sessions.count_wrong_code():
            flash(_("Too many wrong codes. Sign in again."), "error")
            return redirect(url_for("accounts.login"))
        flash(_("The code is not valid. Use the newest code from your app."), "error")
    return render_template("accounts/code.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    service.end_sessions(current_user)
    fresh.forget_held_forms(current_user.id)
    audit.record("staff.sign_out", current_user.id)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/reauth", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def reauth():
    window = request.args.get("window", "FRESH_LOGIN_MINUTES")
    if window not in FRESH_WINDOWS:
        window = "FRESH_LOGIN_MINUTES"
    target = fresh.safe_next(request.args.get("next")) or url_for("cases.case_list")
    form, needs_code = ReauthForm(), totp.enrolled(current_user)
    if form.validate_on_submit():
        if _reauth_ok(form, needs_code):
            audit.record("staff.reauthenticated", current_user.id)
            db.session.commit()
            fresh.mark_fresh()
            return redirect(target)
        flash(_("The password or code is incorrect."), "error")
    minutes = current_app.config[window]
    return render_template("accounts/reauth.html", form=form, minutes=minutes, needs_code=needs_code)


def _reauth_ok(form, needs_code: bool) -> bool:
    user = service.authenticate(current_user.email, form.password.data)
    ok = (
        user is not None
        and user.id == current_user.id
        and not lockout.account_locked(current_user.email)
        and (not needs_code or totp.verify(current_user, form.code.data or ""))
    )
    if not ok:
        lockout.record_failure(current_user.email, request.remote_addr, current_user.id)
        audit.record("staff.reauth_failed", current_user.id)
    db.session.commit()
    return ok


def init_app(app) -> None:
    recent_login.provide(app, fresh)  # core's recent sign-in is ours (security.md A-11)
    hooks.staff_in_roles.provide(service.active_staff_in_roles)
    hooks.staff_names.provide(service.staff_names)
    hooks.staff_member.provide(service.staff_member)
    login_manager.init_app(app)
    login_manager.login_message = None
    app.register_blueprint(bp)
    app.register_blueprint(enrolment.bp)
    app.register_blueprint(staff_admin.bp)
    app.before_request(sessions.enforce_limits)
