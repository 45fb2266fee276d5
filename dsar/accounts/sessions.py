"""Staff sessions: a new session at sign-in, idle and absolute limits checked on the server for
every request (security.md A-05/A-07, ASVS 3.2.1 / 3.3.2), and the half-way state between the
password and the second factor.

The timestamps sit in the signed session cookie and are checked here on each request, so a copied
cookie dies with its limits whatever the browser does with it. Logout, deactivation, role change
and a 2FA reset bump ``session_version``, which kills every copy at once (accounts/views.py)."""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from dsar.accounts import fresh, totp
from dsar.accounts.models import StaffUser
from dsar.core import audit
from dsar.core.db import db

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
PENDING = "pending_user"  # "id:session_version" of a user who gave the right password
PENDING_AT = "pending_at"
PENDING_NEXT = "pending_next"
PENDING_TRIES = "pending_tries"
PENDING_SECONDS = 300  # the second factor must follow the password within 5 minutes
MAX_CODE_TRIES = 5  # security.md A-04: 5 wrong codes send the user back to the password


def start(user: StaffUser) -> None:
    """A brand-new session: nothing from before sign-in survives (session fixation, A-05)."""
    session.clear()
    now = int(time.time())
    login_user(user)
    session[SIGNED_IN_AT] = session[SEEN_AT] = now
    fresh.mark_fresh()


def begin_pending(user: StaffUser, next_url: str) -> None:
    session.clear()
    session[PENDING], session[PENDING_AT] = user.get_id(), int(time.time())
    session[PENDING_NEXT], session[PENDING_TRIES] = next_url, 0


def pending_user() -> StaffUser | None:
    """The user between password and second factor, while that step is still open."""
    ident, _sep, version = str(session.get(PENDING, "")).partition(":")
    if not ident.isdigit() or time.time() - session.get(PENDING_AT, 0) > PENDING_SECONDS:
        return None
    user = db.session.get(StaffUser, int(ident))
    if user is None or not user.active or str(user.session_version) != version:
        return None
    return user


def count_wrong_code() -> bool:
    """True when the tries are used up and the user must start over with the password."""
    session[PENDING_TRIES] = session.get(PENDING_TRIES, 0) + 1
    if session[PENDING_TRIES] >= MAX_CODE_TRIES:
        session.clear()
        return True
    return False


def _expired_reason() -> str | None:
    now, config = time.time(), current_app.config
    if now - session.get(SIGNED_IN_AT, 0) > config["SESSION_MAX_HOURS"] * 3600:
        return "absolute"
    if now - session.get(SEEN_AT, 0) > config["SESSION_IDLE_MINUTES"] * 60:
        return "idle"
    if totp.required(current_user) and not totp.enrolled(current_user):
        return "second_factor"  # the role now needs 2FA (configuration changed): sign in again
    return None


def enforce_limits():
    """before_request: end an expired staff session on the server and send the user to sign in."""
    if request.endpoint in ("static", "healthz") or not current_user.is_authenticated:
        return None
    reason = _expired_reason()
    if reason is None:
        session[SEEN_AT] = int(time.time())
        return None
    user_id = current_user.id
    audit.record("staff.session_expired", user_id, reason=reason)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Your session has ended. Please sign in again."), "info")
    target = request.full_path if request.method == "GET" else None
    return redirect(url_for("accounts.login", next=target))
