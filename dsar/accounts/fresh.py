"""Fresh sign-in before high-risk actions (security.md A-11, ASVS 7.5.3): opening an ID copy,
managing staff accounts, editing mail texts, exporting the register, refusing a right. The
password (and the second factor when enrolled) must have been entered within the last few
minutes, so an unattended session cannot be used for them."""

from __future__ import annotations

import functools
import time
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _

AUTH_AT = "auth_at"  # when the password was last entered (unix time): at sign-in and re-auth


def mark_fresh() -> None:
    session[AUTH_AT] = int(time.time())


def is_fresh(window: str = "FRESH_LOGIN_MINUTES") -> bool:
    return time.time() - session.get(AUTH_AT, 0) <= current_app.config[window] * 60


def reauth_redirect(window: str = "FRESH_LOGIN_MINUTES"):
    """Send the user to confirm their password, then back to the page (a form is sent again by
    hand: a POST is never replayed on the user's behalf)."""
    if request.method == "GET":
        target = request.full_path.rstrip("?")
    else:
        referrer = urlsplit(request.referrer or "")
        target = referrer.path if referrer.netloc in ("", request.host) else ""
        flash(_("Confirm your password, then repeat the action."), "info")
    return redirect(url_for("accounts.reauth", next=target or None, window=window))


def fresh_login_required(view=None, *, window: str = "FRESH_LOGIN_MINUTES", methods=("GET", "POST")):
    """Decorator (after the role check): the view runs only with a recent password entry.
    ``window`` names the config key with the minutes; ``methods`` limits the check (a page may be
    read without it and only its form need it)."""

    def decorate(inner):
        @functools.wraps(inner)
        def guarded(*args, **kwargs):
            if request.method in methods and not is_fresh(window):
                return reauth_redirect(window)
            return inner(*args, **kwargs)

        return guarded

    return decorate(view) if view is not None else decorate
