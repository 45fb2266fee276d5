"""The bundle's cells, made column by column, are exactly what the per-cell rules give: for any batch,
the CSV that csv.writer writes for ``safe_cell(plain(value))`` and one JSON object per row as json
writes ``dict(zip(columns, row))`` (hostile texts, negative numbers, NaN, nulls, dates, decimals,
bytes, repeated or odd column names, rows of uneven width)."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from dsar.core.csv_writer import safe_cell
from dsar.exports.cells import BatchEncoder, batches_of, plain
from dsar.exports.sources import Rows

HOSTILE = st.sampled_from(
    ["=1+1", "-2", "+31 6", "@SUM(A1)", "\tx", "\rx", "\x00x", 'a "quoted", text', "two\nlines", "", " "]
)
TEXT = st.one_of(st.text(), HOSTILE)
KINDS = [
    TEXT,
    st.integers(),
    st.integers(min_value=0),
    st.floats(),
    st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.datetimes(),
    st.dates(),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=2),
]


def reference(columns: list[str], batch: list) -> tuple[str, str]:
    rows = [[plain(value) for value in row] for row in batch]
    out = io.StringIO(newline="")
    csv.writer(out).writerows([safe_cell(value) for value in row] for row in rows)
    objects = [json.dumps(dict(zip(columns, row, strict=False)), ensure_ascii=False) for row in rows]
    return out.getvalue(), ",\n  ".join(objects)


@st.composite
def datasets(draw):
    names = st.one_of(st.sampled_from(["id", "id", "at", "100%", 'a"b', "naam"]), st.text(max_size=5))
    columns = draw(st.lists(names, min_size=1, max_size=4))
    kinds = [draw(st.sampled_from(KINDS)) for _ in columns]
    nullable = [draw(st.booleans()) for _ in columns]
    cell = [st.one_of(kind, st.none()) if null else kind for kind, null in zip(kinds, nullable, strict=True)]
    row = st.tuples(*cell)
    batch = draw(st.lists(row, min_size=1, max_size=12))
    if draw(st.integers(0, 9)) == 0:  # now and then a row of another width
        batch.append(tuple(draw(st.lists(TEXT, max_size=5))))
    return columns, batch


@settings(max_examples=400, deadline=None)
@given(datasets())
def test_a_batch_gives_what_the_per_cell_rules_give(dataset):
    columns, batch = dataset
    assert BatchEncoder(columns).encode(batch) == reference(columns, batch)


def test_rows_read_one_by_one_are_plain_and_in_batches_as_fetched():
    from datetime import date
    from decimal import Decimal

    fetched = [[(1, date(2026, 1, 2), Decimal("1.50"), b"\x01")], [(2, None, Decimal("-3"), b"")]]
    assert list(Rows(iter(fetched))) == [[1, "2026-01-02", "1.50", "01"], [2, None, "-3", ""]]
    assert list(batches_of(Rows(iter(fetched)))) == fetched
    assert [len(batch) for batch in batches_of(iter(range(2500)))] == [1000, 1000, 500]
