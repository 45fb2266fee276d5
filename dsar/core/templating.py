"""Filters and globals the templates use: dates in the reader's language, the language switcher."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, datetime
from html import unescape
from urllib.parse import urlencode

from flask import Flask, request
from flask_babel import format_date, format_datetime, get_locale
from jinja2 import pass_context

from dsar.core import phrases, wording
from dsar.core.i18n import LANGUAGE_NAMES, LANGUAGES


def long_date(value: date | None) -> str:
    return format_date(value, format="EEEE d MMMM y") if value else ""


def short_date(value: date | None) -> str:
    if type(value) is date:  # a calendar date has no time zone: its text depends on the language only
        return _date_in(str(get_locale()), value, "EEE d MMM y")
    return format_date(value, format="EEE d MMM y") if value else ""


@functools.lru_cache(maxsize=4096)
def _date_in(_language: str, value: date, pattern: str) -> str:
    """Dates formatted per language once: a queue page shows two dates on each of its 50 rows,
    and each Babel call resolves the request's locale and patterns again."""
    return format_date(value, format=pattern)


def local_datetime(value: datetime | None) -> str:
    """The reader's wall-clock time. Flask-Babel converts from UTC to BABEL_DEFAULT_TIMEZONE itself
    (core/i18n.py), so the value goes in as stored: converting it here too would be undone."""
    return format_datetime(value, format="d MMM y HH:mm") if value else ""


# A section of a rendered page: a heading with an id, or a heading that opens a section with an id.
SECTION = re.compile(
    r'<h2 id="([\w-]+)"[^>]*>(.*?)</h2>|<section id="([\w-]+)"[^>]*>\s*<h2[^>]*>(.*?)</h2>', re.S
)
TAG = re.compile(r"<[^>]+>")


def section_links(html: str) -> list[tuple[str, str]]:
    """(anchor, heading text) of every section of a page the server just rendered, in order: the
    case page lists the sections it holds to jump to, whichever panels the case has."""
    return [
        (match[0] or match[2], " ".join(unescape(TAG.sub("", match[1] or match[3])).split()))
        for match in SECTION.findall(str(html))
    ]


def language_links() -> list[tuple[str, str, str, bool]]:
    current = str(get_locale())
    args = {k: v for k, v in request.args.items() if k != "lang"}
    return [
        (code, LANGUAGE_NAMES[code], f"{request.path}?{urlencode({**args, 'lang': code})}", code == current)
        for code in LANGUAGES
    ]


def per_reader(func: Callable) -> Callable:
    """A filter whose text depends on the reader (language, time zone), computed at every render.

    Jinja computes a filter on constant input once, when it compiles the template (its optimiser
    switched off or not), and a worker compiles a template once: {{ "controller"|word("case_role") }}
    stayed in the language of whoever's request compiled the page first, for every later reader.
    Jinja never computes ahead a filter that takes the render's context."""

    @pass_context
    def at_render(_context, *args, **kwargs):
        return func(*args, **kwargs)

    return at_render


def init_app(app: Flask) -> None:
    app.jinja_env.filters["long_date"] = per_reader(long_date)
    app.jinja_env.filters["short_date"] = per_reader(short_date)
    app.jinja_env.filters["local_datetime"] = per_reader(local_datetime)
    app.jinja_env.filters["word"] = per_reader(wording.word)
    app.jinja_env.filters["phrase"] = per_reader(phrases.phrase)
    app.jinja_env.filters["section_links"] = section_links
    app.jinja_env.globals["detail_value"] = wording.detail_value
    app.jinja_env.globals["language_links"] = language_links
    app.jinja_env.globals["current_language"] = lambda: str(get_locale())
    app.jinja_env.globals["organisation_name"] = lambda: app.config["ORGANISATION_NAME"]
