"""A recent sign-in before a high-risk action (security.md A-11), as any feature asks for it.

What "recent" means and what happens to a form posted without it (kept on the server, filled in
again after the password) belongs to the staff accounts, which keep the passwords and the held
forms. They provide it at start-up (``provide``); a feature that only needs to ask, such as the
case pages, asks here and depends on core alone."""

from __future__ import annotations

import functools
from types import ModuleType

from flask import Flask, current_app, request

EXTENSION = "dsar_recent_login"
WINDOW = "FRESH_LOGIN_MINUTES"  # the config key with the minutes a sign-in stays recent


def provide(app: Flask, provider: ModuleType) -> None:
    """``provider`` has is_fresh(window), reauth_redirect(window, back_to), held_action() and
    take_held_form(action) (dsar/accounts/fresh.py)."""
    app.extensions[EXTENSION] = provider


def _provider():
    return current_app.extensions[EXTENSION]


def is_recent(window: str = WINDOW) -> bool:
    return _provider().is_fresh(window)


def reauth_redirect(window: str = WINDOW, back_to: str | None = None):
    return _provider().reauth_redirect(window, back_to)


def held_action() -> str | None:
    return _provider().held_action()


def take_held_form(action: str):
    return _provider().take_held_form(action)


def recent_login_required(view=None, *, window: str = WINDOW, methods=("GET", "POST")):
    """Decorator (after the role check): the view runs only with a recent password entry.
    ``window`` names the config key with the minutes; ``methods`` limits the check (a page may be
    read without it and only its form need it). Not Flask-Login's ``fresh_login_required``, which
    only refuses a session restored from a remember-me cookie."""

    def decorate(inner):
        @functools.wraps(inner)
        def guarded(*args, **kwargs):
            if request.method in methods and not is_recent(window):
                return reauth_redirect(window)
            return inner(*args, **kwargs)

        return guarded

    return decorate(view) if view is not None else decorate
