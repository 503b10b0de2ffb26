"""Turning query results into text cells: one place for CSV (API and CLI) and terminal tables.

`cell_text` flattens a graph value into one line (nodes and relationships by id, lists joined with
';', maps as JSON). `csv_cell` adds the spreadsheet guard: a text cell starting with `=`, `+`, `-`,
`@`, a tab or a carriage return is a formula to Excel, LibreOffice and Google Sheets
(`=HYPERLINK(...)` in a document title would become a live link), so it is prefixed with `'`
(OWASP "CSV Injection"). Numbers are left as they are: `-3` is a number, not a formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""


def cell_text(value: Any) -> str:
    """One value as one cell of text, unescaped (for terminal tables)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        if "nodes" in value and "edges" in value:
            return ";".join(str(n["id"]) for n in value["nodes"])
        if "id" in value and "type" in value:
            return str(value["id"])
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list | tuple):
        return ";".join(cell_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def escape_formula(text: str) -> str:
    """`text` made inert for spreadsheets: prefixed with `'` when it would start a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_cell(value: Any) -> str:
    """One value as one CSV cell, safe to open in a spreadsheet."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return escape_formula(cell_text(value))


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """A whole CSV document: a header row, then one row per mapping (missing keys are empty)."""
    buffer = io.StringIO()
    write_csv(buffer, columns, rows)
    return buffer.getvalue()


def write_csv(stream: io.TextIOBase | Any, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """Write CSV to `stream` (header, then rows), every cell through `csv_cell`."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([escape_formula(c) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])


def clip(text: str, width: int = 60) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
