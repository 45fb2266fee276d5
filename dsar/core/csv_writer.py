"""The one CSV writer for every file a spreadsheet may open: the case register, the audit trail
export, time sheets, report figures and the datasets of an answer bundle.

Every cell a spreadsheet could read as a formula gets a leading quote (ASVS 5.0 1.2.10, security.md
V-06: =, +, -, @, tab, carriage return, NUL), because cells carry text others typed (a client
controller's name, a note, a requester's own data). Quoting follows RFC 4180 through ``csv``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\x00")


def safe_cell(value) -> str:
    """The cell's text, quoted when it starts like a formula; lists and dicts as JSON."""
    if type(value) is str:  # the common case first: a bundle passes a million cells here
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if value is None:
        return ""
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class SafeWriter:
    """``csv.writer`` whose every cell passes ``safe_cell``."""

    def __init__(self, stream):
        self._writer = csv.writer(stream)

    def writerow(self, values: Iterable) -> None:
        self._writer.writerow([safe_cell(value) for value in values])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def in_memory() -> tuple[io.StringIO, SafeWriter]:
    """A buffer and its writer, for a response built whole or streamed in batches."""
    buffer = io.StringIO()
    return buffer, SafeWriter(buffer)
