"""Safe spreadsheet exports: CSV written row by row, with formula injection neutralized.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and a
leading tab or carriage return can hide such a start. A value typed by anyone (a name, a note, a
reason) could then run code or send data away when an admin opens the export. Every text cell that
starts with one of those characters gets a leading apostrophe, which spreadsheets read as "this is
text" (OWASP, "CSV Injection"). Numbers are written as numbers.

Rows are streamed, so an export of a large table never sits in memory. Callers choose the columns:
an export contains only what its purpose needs, and writes its own audit event.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NEUTRALIZER = "'"


def safe_cell(value: object) -> str | int | float | Decimal:
    """One cell's value as it may be written: text that could start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        text = (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return NEUTRALIZER + text
    return text


class _Echo:
    """A file-like object whose ``write`` hands the line back, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[object], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The CSV text, one line at a time: the header, then each row, every cell made safe."""
    writer = csv.writer(_Echo())
    yield writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def csv_response(*, filename: str, header: Sequence[object], rows: Iterable[Sequence[object]]) -> StreamingHttpResponse:
    """A download of ``rows`` as ``filename``, streamed; never kept by a cache."""
    safe_name = (
        "".join(char for char in filename if char.isascii() and (char.isalnum() or char in "-_.")) or "export.csv"
    )
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    add_never_cache_headers(response)
    return response
