"""A ``Phrase`` from workflows/ (a refusal, a step of a deadline explanation) in the reader's
language: its sentence from the catalogue, its parameters (states, rights, dates, days of the week,
holidays) worded the same way, and a link to the page that removes the cause where there is one."""

from __future__ import annotations

from datetime import date, datetime

import holidays
from babel.dates import get_day_names, get_month_names
from flask import url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from dsar.core.wording import word
from workflows.reasons import TEXTS, Holiday, Month, Phrase, Weekday

# A phrase's parameters that are codes, by parameter name.
PARAMETER_KINDS = {
    "state": "state",
    "move": "move",
    "right": "right",
    "rights": "right",
    "grounds": "legal_ground",
    "reasons": "extension_reason",
}


def holiday_name(holiday: Holiday, language: str) -> str:
    """The holiday in the reader's language where the holidays package has it (BE: nl, fr); else the
    calendar's own name."""
    try:
        localised = holidays.country_holidays(holiday.country, years=holiday.day.year, language=language)
    except NotImplementedError:  # a country the package does not know (NL uses our own list)
        return str(holiday)
    if language not in (localised.supported_languages or ()):
        return str(holiday)
    return localised.get(holiday.day) or str(holiday)


def parameter(value: object, kind: str | None = None) -> str:
    locale = get_locale()
    if isinstance(value, Holiday):
        return holiday_name(value, str(locale))
    if isinstance(value, Weekday):
        return get_day_names("wide", locale=locale)[list(Weekday).index(value)]
    if isinstance(value, Month):
        return get_month_names("wide", locale=locale)[value.number]
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"  # explanations show both clocks as stored: no conversion
    if isinstance(value, date):
        return format_date(value, format="EEE d MMM y")
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(parameter(item, kind) for item in value)
    if kind:
        return word(value, kind)
    return str(value)


# Phrases whose ``link`` parameter points to the page where staff remove the cause:
# code -> (endpoint, link text).
LINKS = {
    "access_without_art15_information": ("exports.processing", _l("record of processing")),
}


def phrase_parameters(value: Phrase) -> dict[str, str]:
    params = {key: parameter(item, PARAMETER_KINDS.get(key)) for key, item in value.params.items()}
    if value.code in LINKS:
        params["link"] = str(LINKS[value.code][1])
    return params


def phrase(value: Phrase | str | None) -> str:
    """A refusal or an explanation step in the reader's language, as plain text (templates escape
    it). Plain text (a message the portal already worded) passes through."""
    if value is None:
        return ""
    if not isinstance(value, Phrase):
        return str(value)
    return _(TEXTS[value.code], **phrase_parameters(value))


def phrase_markup(value: Phrase | str | None) -> Markup:
    """As ``phrase()``, escaped, with the link to the page that removes the cause when it has one."""
    if not isinstance(value, Phrase) or value.code not in LINKS:
        return Markup.escape(phrase(value))
    endpoint, label = LINKS[value.code]
    params = phrase_parameters(value)
    params["link"] = Markup('<a href="{}">{}</a>').format(url_for(endpoint), str(label))
    return Markup.escape(_(TEXTS[value.code])) % params


def refusal_of(error: Exception | Phrase | str) -> Phrase | str:
    if isinstance(error, Phrase | str):
        return error
    return getattr(error, "reason", None) or str(error)


def refusal_text(error: Exception | Phrase | str) -> str:
    """The reason a workflows error gives, in the reader's language."""
    return phrase(refusal_of(error))


def not_done(error: Exception | Phrase | str) -> Markup:
    """The flash message for a refused move: "Not done:" and the reason, in the reader's language."""
    return Markup.escape(_("Not done: %(reason)s")) % {"reason": phrase_markup(refusal_of(error))}
