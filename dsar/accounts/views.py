"""Sign-in and sign-out for staff."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from dsar.accounts import service
from dsar.accounts.forms import LoginForm
from dsar.accounts.models import StaffUser
from dsar.core import audit
from dsar.core.db import db
from dsar.core.web import limiter

bp = Blueprint("accounts", __name__, url_prefix="/staff")
login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.session_protection = "strong"


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


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("cases.case_list"))
    form = LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        # security.md 16.3.1: every sign-in attempt is logged, without the password.
        audit.record("staff.sign_in" if user else "staff.sign_in_failed", user.id if user else None)
        db.session.commit()
        if user:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash(_("E-mail or password is incorrect."), "error")  # one message: no enumeration
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    service.end_sessions(current_user)
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("accounts.login"))


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.login_message = None
    app.register_blueprint(bp)
