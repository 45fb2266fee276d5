"""Rules 5.2 level 2: the one-time link goes to the address on file, not to a new address given in
the form. The address on file is read from a configured data source (``DSAR_ADDRESS_ON_FILE_DATASET``,
a dataset of dsar/exports/sources looked up by the identifier it is configured for), read-only.
Nothing from it is stored on the case: only that the link went to the address on file."""

from __future__ import annotations

import logging

from flask import current_app

from dsar.cases.models import Case
from dsar.exports.service import dataset_query, identifiers_of
from dsar.exports.sources import SourceError, open_rows

log = logging.getLogger(__name__)


def address_on_file(case: Case) -> str | None:
    """The e-mail address the configured source holds for this requester, or None (not configured,
    no identifier the dataset is looked up by, no match, or the source could not be read)."""
    dataset = current_app.config["ADDRESS_ON_FILE_DATASET"]
    if not dataset:
        return None
    query = dataset_query(dataset)
    value = identifiers_of(case).get(query.identifier) if query else None
    if query is None or not query.source.active or not value:
        return None
    column = current_app.config["ADDRESS_ON_FILE_COLUMN"]
    try:
        with open_rows(query.source, query, value) as (columns, rows):
            if column not in columns:
                return None
            found = next(iter(rows), None)
    except SourceError as exc:
        # The request is not lost: the link goes to the address given, as without a source.
        log.warning("address on file: dataset %s could not be read (%s)", dataset, type(exc).__name__)
        return None
    address = str(found[columns.index(column)] or "").strip() if found else ""
    return address if "@" in address else None


def differs(on_file: str | None, given: str) -> bool:
    return bool(on_file) and on_file.casefold() != (given or "").strip().casefold()
