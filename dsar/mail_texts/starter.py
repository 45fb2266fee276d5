"""The built-in mail text as an editable starting point: an admin who opens a mail text sees what
the portal sends today, in the chosen language, and changes it rather than starting from nothing.

The built-in templates ask the catalogue for each sentence (``_("Dear %(name)s,", name=...)``); the
sandbox of an override has no catalogue. So each such call is replaced by its translation in the
chosen language, with every ``%(name)s`` turned back into the expression it stood for
(``{{ case.requester_name }}``). What remains is a plain Jinja text with the same variables, which
the sandbox renders like the built-in one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

# {{ _("message", key=expression, ...) }} as the built-in mail templates write it.
CALL = re.compile(r'\{\{\s*_\(\s*"((?:[^"\\]|\\.)*)"(.*?)\)\s*\}\}')
ARGUMENT = re.compile(r",\s*(\w+)=")
SUBJECT = re.compile(r"\{%-?\s*set subject\s*-?%\}(.*?)\{%-?\s*endset\s*-?%\}\n?", re.S)
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class Starter:
    subject: str
    body_text: str
    body_html: str


def _arguments(text: str) -> dict[str, str]:
    parts = ARGUMENT.split(text)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def _worded(source: str) -> str:
    def replace(match: re.Match) -> str:
        message = match.group(1).replace('\\"', '"')
        arguments = _arguments(match.group(2) or "")
        translated = _(message) if not arguments else _(message, **{key: f"%({key})s" for key in arguments})
        pieces = PLACEHOLDER.split(translated)
        out = []
        for index, piece in enumerate(pieces):
            if index % 2:
                out.append("{{ " + arguments[piece] + " }}")
            else:
                out.append(piece)  # as the built-in text: catalogue sentences are trusted, not escaped
        return "".join(out)

    return CALL.sub(replace, source)


def _source(name: str) -> str:
    loader = current_app.jinja_env.loader
    return loader.get_source(current_app.jinja_env, name)[0]


def starter(name: str, language: str) -> Starter:
    """The built-in ``name`` mail in ``language`` as an override the sandbox can render."""
    text = _source(f"emails/{name}.txt")
    html = _source(f"emails/{name}.html").replace("{{ current_language() }}", language)
    found = SUBJECT.search(text)
    with force_locale(language):
        subject = _worded(found.group(1).strip()) if found else ""
        body_text = _worded(SUBJECT.sub("", text, count=1))
        body_html = _worded(html)
    return Starter(subject=subject, body_text=body_text, body_html=body_html)
