"""The record of processing (Art. 30) as the access letter needs it for the Art. 15(1)(a)-(h) and
15(2) information. Until the portal keeps that record itself, it is read from a JSON file named by
DSAR_PROCESSING_RECORD; without one, the letter says honestly that the description is not included.

The file is a list of activities; every text is either one string or one per language:

    [{"purpose": {"nl": "Facturatie", "fr": "Facturation", "en": "Invoicing"},
      "legal_basis": "Art. 6(1)(b) GDPR", "categories": ["name", "address"],
      "recipients": ["Boekhouding BV"], "retention": "7 years (accounting law)",
      "source": "", "automated_decisions": "", "transfers": ""}]
"""

from __future__ import annotations

import json
from pathlib import Path

from dsar.letters.model import ProcessingEntry

TEXT_FIELDS = ("purpose", "legal_basis", "retention", "source", "automated_decisions", "transfers")
LIST_FIELDS = ("categories", "recipients")


class RecordError(ValueError):
    """The processing record file cannot be used; the message says where."""


def load_record(path: str) -> list[dict]:
    """Read and check the file once (at start-up), so a broken record never reaches a letter."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RecordError(f"DSAR_PROCESSING_RECORD {path}: {exc}") from exc
    if not isinstance(raw, list):
        raise RecordError(f"DSAR_PROCESSING_RECORD {path}: expected a list of activities")
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not _is_text(item.get("purpose")) or not item.get("purpose"):
            raise RecordError(f"DSAR_PROCESSING_RECORD {path}: activity {number} needs a purpose")
        unknown = set(item) - set(TEXT_FIELDS) - set(LIST_FIELDS)
        bad = [key for key in TEXT_FIELDS if key in item and not _is_text(item[key])]
        bad += [key for key in LIST_FIELDS if key in item and not _is_list(item[key])]
        if unknown or bad:
            raise RecordError(
                f"DSAR_PROCESSING_RECORD {path}: activity {number}: {sorted(unknown | set(bad))}"
            )
    return raw


def entries_for(record: list[dict], language: str) -> list[ProcessingEntry]:
    """The activities in ``language`` (English, then any language, when a text is missing)."""
    return [
        ProcessingEntry(
            **{key: _pick(item.get(key, ""), language) for key in TEXT_FIELDS},
            **{key: [_pick(value, language) for value in item.get(key, [])] for key in LIST_FIELDS},
        )
        for item in record
    ]


def _is_text(value) -> bool:
    return isinstance(value, str) or (
        isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    )


def _is_list(value) -> bool:
    return isinstance(value, list) and all(_is_text(v) for v in value)


def _pick(value: str | dict, language: str) -> str:
    if isinstance(value, str):
        return value
    return value.get(language) or value.get("en") or next(iter(value.values()), "")
