"""Languages: Dutch, French and English, picked from the browser and switchable with ?lang=."""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import Babel, refresh

from dsar.core.time import BRUSSELS

LANGUAGES = ("nl", "fr", "en")
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}

babel = Babel()


def select_locale() -> str:
    if not request:
        return current_app.config["DEFAULT_LANGUAGE"]
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    return request.accept_languages.best_match(LANGUAGES) or current_app.config["DEFAULT_LANGUAGE"]


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    # Flask-Babel rebases every datetime it formats to this zone; the readers are in Brussels,
    # and the legal dates are Brussels calendar dates (rules 3.2).
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", BRUSSELS.key)
    babel.init_app(app, locale_selector=select_locale)
    # The locale is cached per app context; a request that reuses one must still choose afresh.
    app.before_request(refresh)
