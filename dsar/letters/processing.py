"""The Art. 15(1)(a)-(h) and 15(2) information for a case's access letter, from the record of
processing the admins keep in the portal (Art. 30, dsar.exports.record). The letter describes the
activities behind the datasets the collection found; before any collection, every activity. The
DSAR_PROCESSING_RECORD file is the fallback for organisations that keep the record elsewhere."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from dsar.cases.models import Case
from dsar.exports import record
from dsar.exports.service import datasets_found
from dsar.letters.model import ProcessingEntry
from dsar.letters.record import entries_for

LIST_SEPARATORS = re.compile(r"\s*[,;\n]\s*")


def processing_entries(case: Case) -> list[ProcessingEntry]:
    activities = record.activities()
    if not activities:
        return entries_for(current_app.extensions.get("dsar_processing_record", []), case.language)
    datasets = datasets_found(case)
    if datasets is not None:
        activities = [a for a in activities if set(datasets) & set(a.datasets or [])]
    with force_locale(case.language):
        return [_entry(activity, case.language) for activity in activities]


def has_art15_information(case: Case) -> bool:
    """Whether the access letter can describe the processing behind the case (Art. 15(1)(a)-(h))."""
    return bool(processing_entries(case))


def _entry(activity, language: str) -> ProcessingEntry:
    basis = record.LEGAL_BASIS_LABELS.get(activity.legal_basis, activity.legal_basis)
    # Art. 12(1): in the requester's language when the record has it (or the catalogues know the
    # text), else as the admin wrote it.
    translated = (activity.translations or {}).get(language) or {}

    def text(key: str) -> str:
        return translated.get(key) or _in_language(getattr(activity, key))

    return ProcessingEntry(
        purpose=text("purpose"),
        legal_basis=str(basis),
        categories=_items(text("data_categories")),
        recipients=_items(text("recipients")),
        retention=text("retention"),
        source=text("data_source"),
        automated_decisions=text("automated_decisions"),
        transfers=text("transfers"),
    )


def _in_language(text: str | None) -> str:
    """The record is the admins' own text, in one language; a text the catalogues know (the demo
    record, dsar/exports/demo.py) is given in the letter's language instead."""
    return _(text) if text else ""


def _items(text: str | None) -> list[str]:
    return [item for item in LIST_SEPARATORS.split(text or "") if item]
