"""Safe CSV exports: formula injection is neutralized in every text cell, and rows are streamed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from hypothesis import given
from hypothesis import strategies as st

from alongside.core.exports import FORMULA_PREFIXES, csv_lines, csv_response, safe_cell


def _parse(lines: list[str]) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(lines), newline="")))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example","Click")', '\'=HYPERLINK("http://evil.example","Click")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, 42),
        (-5, -5),
        (Decimal("-1.5"), Decimal("-1.5")),
        (True, "yes"),
        (date(2025, 3, 1), "2025-03-01"),
    ],
)
def test_it_neutralizes_cells_that_could_start_a_formula(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


def test_times_are_written_in_iso_format_with_their_offset(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TIME_ZONE = "UTC"
    assert safe_cell(datetime(2025, 3, 1, 12, 30, tzinfo=UTC)) == "2025-03-01T12:30:00+00:00"


@given(st.text())
def test_no_text_cell_ever_starts_a_formula_unless_prefixed(text: str) -> None:
    cell = safe_cell(text)
    assert isinstance(cell, str)
    if text.startswith(FORMULA_PREFIXES):
        assert cell == "'" + text
    else:
        assert cell == text
    assert not cell.startswith(FORMULA_PREFIXES)


@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), max_size=5))
def test_the_written_csv_reads_back_safe(rows: list[list[str]]) -> None:
    parsed = _parse(list(csv_lines(["a", "b", "c", "d"], rows)))
    assert parsed[0] == ["a", "b", "c", "d"]
    for written, original in zip(parsed[1:], rows, strict=True):
        assert written == [safe_cell(cell) for cell in original]
        assert not any(cell.startswith(FORMULA_PREFIXES) for cell in written)


def test_the_header_is_made_safe_too() -> None:
    assert _parse(list(csv_lines(["=cmd"], [])))[0] == ["'=cmd"]


def test_rows_are_streamed_one_line_at_a_time() -> None:
    consumed = []

    def rows():  # type: ignore[no-untyped-def]
        for n in range(3):
            consumed.append(n)
            yield [n, f"row {n}"]

    response = csv_response(filename="things.csv", header=["n", "text"], rows=rows())
    assert isinstance(response, StreamingHttpResponse)
    assert consumed == []
    lines = [chunk.decode() for chunk in response.streaming_content]  # type: ignore[union-attr]
    assert lines == ["n,text\r\n", "0,row 0\r\n", "1,row 1\r\n", "2,row 2\r\n"]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="things.csv"'
    assert "no-store" in response["Cache-Control"]


def test_the_file_name_cannot_break_the_header() -> None:
    response = csv_response(filename='bad"\r\nname.csv', header=["n"], rows=[])
    assert response["Content-Disposition"] == 'attachment; filename="badname.csv"'
