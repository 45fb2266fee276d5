"""Cells of the bundle: plain values, CSV cells that cannot run as formulas, JSON text per row.

A batch of rows is handled column by column. Each column is first checked with C-level passes
(the set of its value types, the first character of its texts); only a column that needs it is
converted cell by cell in Python. A million-row export then spends its time in the driver, the csv
module and zlib, not in a Python loop per cell. The output is exactly that of the per-cell rules
(``plain``, ``safe_cell``, one ``json`` object per row), which stay the reference."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from itertools import islice, repeat
from json.encoder import encode_basestring

from dsar.core.csv_writer import FORMULA_PREFIXES, safe_cell

PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})
ROW_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps would build one per call
BATCH = 1000  # rows per batch when the rows do not come in batches already
OBJECT_SEPARATOR = ",\n  "  # data.json: one object per line
# What makes csv.writer (the excel dialect, minimal quoting) quote a cell; NUL is left to it too.
_NEEDS_QUOTES = re.compile('[",\r\n\x00]')
_TEXT, _TEXT_OR_NULL = frozenset({str}), frozenset({str, type(None)})
_INT, _FLOAT = frozenset({int}), frozenset({float})


def plain(value):
    """A JSON- and CSV-friendly value: ISO 8601 dates (rules 7.2), decimals as text, bytes as hex."""
    if type(value) in PLAIN_TYPES:  # most cells: nothing to convert
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return value


def batches_of(rows: Iterable) -> Iterator[list]:
    """The rows in lists: as the source fetched them when it can say (``rows.batches()``)."""
    if hasattr(rows, "batches"):
        yield from rows.batches()
        return
    rows = iter(rows)
    while batch := list(islice(rows, BATCH)):
        yield batch


class BatchEncoder:
    """CSV lines and data.json objects for batches of one dataset's rows."""

    def __init__(self, columns: list[str]):
        self.columns = list(columns)
        # dict(zip(columns, row)) keeps a repeated column name at its first place with its last value.
        keys = list(dict.fromkeys(self.columns))
        last = {name: index for index, name in enumerate(self.columns)}
        self.picks = [last[key] for key in keys]
        self.fast = bool(keys) and all(type(key) is str for key in keys)
        if self.fast:
            fields = (encode_basestring(key).replace("%", "%%") + ": %s" for key in keys)
            self.template = "{" + ", ".join(fields) + "}"

    def encode(self, batch: list) -> tuple[str, str]:
        """(the batch's CSV lines, its JSON objects joined as data.json lists them)."""
        width = len(self.columns)
        if not self.fast or set(map(len, batch)) != {width}:
            return self._per_cell(batch)
        columns = [_plain_column(column) for column in zip(*batch, strict=False)]
        cells = [_safe_texts(*column) for column in columns]
        if width == 1 or any(map(_NEEDS_QUOTES.search, map("".join, cells))):
            lines = _csv_lines(
                zip(*cells, strict=False)
            )  # csv.writer quotes; a lone empty cell is written ""
        else:
            lines = "\r\n".join(map(",".join, zip(*cells, strict=False))) + "\r\n"
        json_columns = [_json_column(*columns[index]) for index in self.picks]
        return lines, OBJECT_SEPARATOR.join(map(self.template.__mod__, zip(*json_columns, strict=False)))

    def _per_cell(self, batch: list) -> tuple[str, str]:
        """The reference rules, cell by cell: rows of uneven width, column names that are no text."""
        rows = [[plain(value) for value in row] for row in batch]
        texts = (ROW_ENCODER.encode(dict(zip(self.columns, row, strict=False))) for row in rows)
        return _csv_lines([safe_cell(value) for value in row] for row in rows), OBJECT_SEPARATOR.join(texts)


def _csv_lines(rows: Iterable) -> str:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue()


def _plain_column(column: tuple) -> tuple[tuple | list, frozenset]:
    types = frozenset(map(type, column))
    if types <= PLAIN_TYPES:
        return column, types
    column = list(map(plain, column))
    return column, frozenset(map(type, column))


def _safe_texts(column, types: frozenset):
    """``safe_cell`` of every value, found with C-level passes where the column allows."""
    if types <= _TEXT:
        texts = column
    elif types <= _TEXT_OR_NULL:
        texts = ["" if value is None else value for value in column]
    elif types <= _INT:
        texts = list(map(int.__repr__, column))
    else:
        return [safe_cell(value) for value in column]
    if any(map(str.startswith, texts, repeat(FORMULA_PREFIXES))):
        return [safe_cell(value) for value in texts]
    return texts


def _json_column(column, types: frozenset) -> list[str]:
    """Each value's JSON text, as the encoder writes it inside an object."""
    if types <= _TEXT:
        return list(map(encode_basestring, column))
    if types <= _INT:
        return list(map(int.__repr__, column))
    if types <= _FLOAT and all(map(math.isfinite, column)):
        return list(map(float.__repr__, column))
    if types <= _TEXT_OR_NULL:
        return ["null" if value is None else encode_basestring(value) for value in column]
    return list(map(ROW_ENCODER.encode, column))
