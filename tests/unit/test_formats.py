"""app/formats.py: cells for CSV and tables, with the spreadsheet formula guard."""

from __future__ import annotations

import io

import pytest

from app.formats import cell_text, clip, csv_cell, csv_text, escape_formula, write_csv


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=b", "a=b"),
        ("plain", "plain"),
        ("", ""),
        (-3, "-3"),
        (-2.5, "-2.5"),
        (True, "true"),
        (None, ""),
        (["=1", "b"], "'=1;b"),
        (["a", "=1"], "a;=1"),
        ({"id": "=evil", "type": "Person"}, "'=evil"),
        ({"nodes": [{"id": "a"}, {"id": "b"}], "edges": []}, "a;b"),
        ({"k": 1}, '{"k": 1}'),
    ],
)
def test_csv_cell(value: object, expected: str) -> None:
    assert csv_cell(value) == expected


def test_cell_text_is_not_escaped() -> None:
    assert cell_text("=1") == "=1"
    assert cell_text(["x", 2, None, False]) == "x;2;;false"
    assert escape_formula("-x") == "'-x"


def test_csv_text_exact() -> None:
    rows = [{"a": "=1+1", "b": -4}, {"a": "ok, with comma"}]
    assert csv_text(["a", "b"], rows) == "a,b\n'=1+1,-4\n\"ok, with comma\",\n"
    assert csv_text(["=x"], []) == "'=x\n"
    buffer = io.StringIO()
    write_csv(buffer, ["a"], [{"a": "@me"}])
    assert buffer.getvalue() == "a\n'@me\n"


def test_clip() -> None:
    assert clip("a  b\nc") == "a b c"
    assert clip("abcdef", 4) == "abc…"
