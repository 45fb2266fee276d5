"""Wording and dates are kept per language: a page or mail in one language never gets the words
of the language worded before it (a mail in Dutch rendered during an English page, say)."""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale

from dsar.core.templating import short_date
from dsar.core.wording import word


def test_a_code_is_worded_in_each_readers_language_in_turn(app):
    with app.test_request_context("/"):
        worded = {}
        for language in ("nl", "en", "fr", "nl", "en"):
            with force_locale(language):
                worded.setdefault(language, set()).add(word("in_progress", "state"))
        assert all(len(words) == 1 for words in worded.values())
        assert len({words.pop() for words in worded.values()}) == 3


def test_a_date_is_written_in_each_readers_language_in_turn(app):
    with app.test_request_context("/"):
        written = {}
        for language in ("fr", "nl", "fr", "en"):
            with force_locale(language):
                written.setdefault(language, set()).add(short_date(date(2026, 3, 2)))
        assert all(len(texts) == 1 for texts in written.values())
        assert len({texts.pop() for texts in written.values()}) == 3
