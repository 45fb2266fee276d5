"""What a Dutch- or French-speaking reader must never meet: a stored code or an English label."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask_babel import force_locale

from dsar.core import vocabulary
from workflows.reasons import TEXTS


class VisibleText(HTMLParser):
    """The text a person reads: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def raw_codes() -> set[str]:
    """Every stored code with an underscore (no word a person writes has one)."""
    codes = {str(code) for words in vocabulary.KINDS.values() for code in words}
    return {code for code in codes if "_" in code}


def english_words(language: str) -> set[str]:
    """The English label or sentence of every code, where the language's catalogue says otherwise."""
    found = set()
    sentences = [*(label for words in vocabulary.KINDS.values() for label in words.values())]
    for sentence in sentences:
        with force_locale("en"):
            english = str(sentence)
        with force_locale(language):
            translated = str(sentence)
        if english != translated and len(english) > 6:
            found.add(english)
    for text in TEXTS.values():
        fixed = text.split("%(")[0].strip(" '")
        if len(fixed) > 12:
            found.add(fixed)
    return found


@pytest.fixture
def untranslated(app):
    """A check for a page's text: the raw codes and English words on it (empty when clean)."""

    def check(html: str, language: str) -> list[str]:
        text = visible_text(html)
        words = set(text.replace(",", " ").replace(":", " ").replace("(", " ").replace(")", " ").split())
        raw = sorted(code for code in raw_codes() if code in words)
        english = sorted(sentence for sentence in english_words(language) if sentence in text)
        return raw + english

    return check
