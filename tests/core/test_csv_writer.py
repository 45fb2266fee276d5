"""The one CSV writer (security.md V-06): no cell a spreadsheet opens starts a formula, and the
csv module gives back the text, or the text behind one quote."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dsar.core.csv_writer import FORMULA_PREFIXES, in_memory, safe_cell


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\x00x"])
def test_every_formula_prefix_is_neutralised(value):
    assert safe_cell(value) == "'" + value
    assert safe_cell("Bakkerij") == "Bakkerij"


def test_other_values_are_written_as_text_and_checked_too():
    assert safe_cell(None) == "" and safe_cell(3) == "3" and safe_cell(Decimal("-2.50")) == "'-2.50"
    assert safe_cell(date(2026, 3, 2)) == "2026-03-02"
    assert safe_cell({"a": 1}) == '{"a": 1}' and safe_cell(["é"]) == '["é"]'


@given(st.text())
def test_a_written_cell_never_starts_a_formula_and_reads_back(text):
    buffer, writer = in_memory()
    writer.writerow([text, "next"])
    [cell, after] = next(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert not cell.startswith(FORMULA_PREFIXES) and after == "next"
    assert cell in (text, "'" + text)
