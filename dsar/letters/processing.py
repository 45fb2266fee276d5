"""The Art. 15(1)(a)-(h) and 15(2) information for a case's access letter, from the record of
processing the admins keep in the portal (Art. 30, dsar.exports.record). The letter describes the
activities behind the datasets the collection found; before any collection, every activity. The
DSAR_PROCESSING_RECORD file is the fallback for organisations that keep the record elsewhere."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from dsar.exports import record
from dsar.exports.models import Collection
from dsar.letters.content import ProcessingEntry
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
        return [_entry(activity) for activity in activities]


def datasets_found(case: Case) -> list[str] | None:
    """The datasets in the case's latest finished collection; None when nothing was collected."""
    collection = db.session.scalar(
        select(Collection)
        .where(Collection.case_id == case.id, Collection.manifest.is_not(None))
        .order_by(Collection.id.desc())
        .limit(1)
    )
    if collection is None:
        return None
    return [dataset["name"] for dataset in collection.manifest.get("datasets", [])]


def _entry(activity) -> ProcessingEntry:
    basis = record.LEGAL_BASIS_LABELS.get(activity.legal_basis, activity.legal_basis)
    return ProcessingEntry(
        purpose=_in_language(activity.purpose),
        legal_basis=str(basis),
        categories=_items(_in_language(activity.data_categories)),
        recipients=_items(_in_language(activity.recipients)),
        retention=_in_language(activity.retention),
        source=_in_language(activity.data_source),
        automated_decisions=_in_language(activity.automated_decisions),
        transfers=_in_language(activity.transfers),
    )


def _in_language(text: str | None) -> str:
    """The record is the admins' own text, in one language; a text the catalogues know (the demo
    record, dsar/exports/demo.py) is given in the letter's language instead."""
    return _(text) if text else ""


def _items(text: str | None) -> list[str]:
    return [item for item in LIST_SEPARATORS.split(text or "") if item]
