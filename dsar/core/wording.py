"""The word for a stored code in the reader's language: pages and mails never show a stored code
(a state, a channel, an event kind...). The maps live in dsar/core/vocabulary.py; ``word(code,
kind)`` looks one up, kept per language (``word_in``) for pages that word the same codes row after
row. Rules' phrases (refusals, deadline explanations) are worded by dsar/core/phrases.py."""

from __future__ import annotations

import functools

from flask_babel import get_locale
from flask_babel import gettext as _

from dsar.core.vocabulary import AUDIT_ACTIONS, KINDS


def word(code: object, kind: str) -> str:
    """The code in the reader's language; an unknown code is shown as it is, so a test sees it."""
    return word_in(str(get_locale()), code, kind)


def word_in(language: str, code: object, kind: str) -> str:
    """``word`` for a page that already knows the reader's language (the queue, per row)."""
    if code is None or code == "":
        return ""
    try:
        return _word_in(language, code, kind)
    except TypeError:  # an unhashable value: worded without the memo
        return _word(code, kind)


@functools.lru_cache(maxsize=4096)
def _word_in(_language: str, code: object, kind: str) -> str:
    """A page of 50 cases words the same few states and rights over and over, and each gettext
    call looks up the request's translations again; the catalogues do not change while the
    process runs, so a code's wording per language is kept."""
    return _word(code, kind)


def _word(code: object, kind: str) -> str:
    if kind == "notice" and str(code).startswith("reminder_"):
        return _(
            "Reminder: %(days)s working days before the deadline", days=str(code).removeprefix("reminder_")
        )
    if kind == "event" and str(code).startswith("notice_"):
        return _word(str(code).removeprefix("notice_"), "notice")
    if kind == "audit_action" and code not in AUDIT_ACTIONS and str(code).startswith("case."):
        return _word(str(code).removeprefix("case."), "event")  # a case's timeline event
    found = KINDS[kind].get(code)
    return str(found) if found is not None else str(code)


def detail_value(key: str, value: object) -> str:
    """A value the requester gave: yes/no for a tick box, the reason for a chosen ground."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key == "restriction_ground":
        return word(value, "restriction_ground")
    if isinstance(value, list | tuple):
        return "\n".join(str(item) for item in value)
    return str(value)
