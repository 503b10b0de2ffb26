"""Named Cypher files: reading, statement splitting, `load_query` metadata and timeout."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.graph.db import load_query, schema_checksum, schema_statements
from app.settings import get_settings
from importers.cypher_files import CypherFileError, read_cypher, read_cypher_statements


def test_read_cypher_relative_and_absolute(tmp_path: Path) -> None:
    (tmp_path / "q.cypher").write_text("// a comment\nRETURN $x AS x\n")
    assert read_cypher(tmp_path, "q") == "// a comment\nRETURN $x AS x"
    assert read_cypher("ops", "ping").endswith("RETURN 1 AS ok")


@pytest.mark.parametrize("name", ["../schema/010_node_constraints", "ping.cypher", "", "a/b"])
def test_bad_names_are_refused(name: str) -> None:
    with pytest.raises(CypherFileError, match="invalid Cypher file name"):
        read_cypher("ops", name)


def test_missing_and_empty_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(CypherFileError, match=r"not found: .*nope\.cypher"):
        read_cypher(tmp_path, "nope")
    (tmp_path / "empty.cypher").write_text("  \n")
    with pytest.raises(CypherFileError, match=r"empty: .*empty\.cypher"):
        read_cypher(tmp_path, "empty")


def test_statements_split_at_line_end_semicolons(tmp_path: Path) -> None:
    (tmp_path / "s.cypher").write_text(
        "// header; with a semicolon;\nCREATE INDEX a IF NOT EXISTS\nFOR (n:A) ON (n.x);\n"
        "RETURN 'a;b' AS s;  \n// trailing comment\n"
    )
    assert read_cypher_statements(tmp_path, "s") == [
        "CREATE INDEX a IF NOT EXISTS\nFOR (n:A) ON (n.x)",
        "RETURN 'a;b' AS s",
    ]


def test_load_query_sets_metadata_and_timeout() -> None:
    query = load_query("ops/ping")
    assert query.metadata == {"query": "ops/ping"}
    assert query.timeout == get_settings().query_timeout_s
    assert load_query("ops/ping", timeout=2.5).timeout == 2.5
    with pytest.raises(ValueError, match="must be '<dir>/<name>'"):
        load_query("ping")


def test_schema_checksum_ignores_whitespace_only() -> None:
    statements = schema_statements()
    assert len(statements) >= 30
    assert schema_checksum(statements) == schema_checksum([" ".join(s.split()) + "  " for s in statements])
    assert schema_checksum(statements) != schema_checksum(statements[:-1])
