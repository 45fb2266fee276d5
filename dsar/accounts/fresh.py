"""Fresh sign-in before high-risk actions (security.md A-11, ASVS 7.5.3): opening an ID copy,
managing staff accounts, editing mail texts, exporting the register, refusing a right. The
password (and the second factor when enrolled) must have been entered within the last few
minutes, so an unattended session cannot be used for them."""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import delete
from werkzeug.datastructures import MultiDict

from dsar.accounts.models import HeldForm
from dsar.core.db import db, utcnow

AUTH_AT = "auth_at"  # when the password was last entered (unix time): at sign-in and re-auth


def mark_fresh() -> None:
    session[AUTH_AT] = int(time.time())


def is_fresh(window: str = "FRESH_LOGIN_MINUTES") -> bool:
    return time.time() - session.get(AUTH_AT, 0) <= current_app.config[window] * 60


def safe_next(target: str | None) -> str | None:
    """security.md H-03: only a relative path on this site, within the staff pages; anything that
    could name another host (``//x``, ``/\\x``, a scheme, control characters) is dropped."""
    if not target or not target.startswith("/staff/") or "\\" in target:
        return None
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    return target


def reauth_redirect(window: str = "FRESH_LOGIN_MINUTES", back_to: str | None = None):
    """Send the user to confirm their password, then back to the page. A form that was posted is
    kept on the server (``HeldForm``) and filled in again on that page; it is never replayed on the
    user's behalf: they check it and send it again."""
    if request.method == "GET":
        target = request.full_path.rstrip("?")
    else:
        target = back_to or _page_of_the_form()
        hold_posted_form()
        db.session.commit()
        flash(_("Confirm your password. What you typed is kept: check it and send it again."), "info")
    return redirect(url_for("accounts.reauth", next=safe_next(target), window=window))


def _page_of_the_form() -> str:
    """Where the posted form was shown: the page itself when it answers GET too, else the referring
    page on this site (by the request's host or the configured BASE_URL, as a proxy may rewrite one)."""
    if request.url_rule is not None and "GET" in (request.url_rule.methods or ()):
        return request.path
    referrer = urlsplit(request.referrer or "")
    own = ("", request.host, urlsplit(current_app.config.get("BASE_URL", "")).netloc)
    return referrer.path if referrer.netloc in own else ""


HELD_KEY = "held_form"
HELD_MINUTES = 60  # a held form older than this is gone: the user types it again


def hold_posted_form() -> None:
    """Keep what was posted (without the CSRF token) for the current user; one form at a time."""
    fields = {name: request.form.getlist(name) for name in request.form if not _secret(name)}
    db.session.execute(
        delete(HeldForm).where(
            (HeldForm.staff_user_id == current_user.id) | (HeldForm.created_at < _held_since())
        )
    )
    key = secrets.token_urlsafe(32)
    action = request.script_root + request.path  # as url_for() writes it, under a path prefix too
    db.session.add(HeldForm(key=key, staff_user_id=current_user.id, action=action, fields=fields))
    session[HELD_KEY] = key


def _secret(name: str) -> bool:
    """Never kept: the CSRF token, and anything that looks like a password, code or key."""
    return any(word in name.lower() for word in ("csrf", "password", "code", "secret", "token", "key"))


def forget_held_forms(user_id: int) -> None:
    """At sign-out: nothing typed before it is given back to a later session."""
    db.session.execute(delete(HeldForm).where(HeldForm.staff_user_id == user_id))


def take_held_form(action: str) -> MultiDict | None:
    """The fields the current user posted to ``action`` before a fresh sign-in interrupted it, once.
    The caller commits (the held form is deleted with the page view that used it)."""
    key = session.get(HELD_KEY)
    if not key or not current_user.is_authenticated:
        return None
    held = db.session.get(HeldForm, key)
    if held is None or held.staff_user_id != current_user.id or held.created_at < _held_since():
        session.pop(HELD_KEY, None)
        return None
    if held.action != action:
        return None
    session.pop(HELD_KEY, None)
    db.session.delete(held)
    return MultiDict([(name, value) for name, values in held.fields.items() for value in values])


def held_action() -> str | None:
    """The path of the form held for the current user, if any (to open the right section)."""
    key = session.get(HELD_KEY)
    held = db.session.get(HeldForm, key) if key else None
    return held.action if held is not None and held.staff_user_id == current_user.id else None


def sweep_held_forms() -> int:
    """Periodic: what was typed into an interrupted form is not kept past its hour."""
    removed = db.session.execute(delete(HeldForm).where(HeldForm.created_at < _held_since())).rowcount
    db.session.commit()
    return removed


def _held_since():
    return utcnow() - timedelta(minutes=HELD_MINUTES)
