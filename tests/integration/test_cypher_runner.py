"""The one Cypher runner: named files from the configured directory, name as metadata, timeout,
read and write routing, atomic multi-statement writes."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

from app.graph.db import runner
from app.settings import Settings
from importers.cypher_files import CYPHER_ROOT
from importers.cypher_runner import CypherRunner


def test_runner_reads_the_configured_cypher_dir(
    tmp_path: Path, neo4j_driver: neo4j.Driver, neo4j_database: str
) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "echo.cypher").write_text("RETURN $x AS x, 'custom dir' AS where\n")
    graph = runner(neo4j_driver, neo4j_database, Settings(cypher_dir=tmp_path, query_timeout_s=4.0))
    assert graph.cypher_dir == tmp_path
    assert graph.read_rows("t/echo", x=7) == [{"x": 7, "where": "custom dir"}]
    query = graph.query("t/echo")
    assert query.metadata == {"query": "t/echo"}
    assert query.timeout == 4.0


def test_runner_names_its_transactions(
    neo4j_driver: neo4j.Driver, neo4j_database: str, tmp_path: Path
) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "mine.cypher").write_text(
        "SHOW TRANSACTIONS YIELD metaData, currentQuery WHERE currentQuery CONTAINS 'SHOW TRANSACTIONS' "
        "RETURN metaData.query AS name\n"
    )
    graph = CypherRunner(neo4j_driver, neo4j_database, tmp_path, 5.0)
    assert graph.read_rows("t/mine") == [{"name": "t/mine"}]


def test_write_and_write_transaction_are_atomic(
    clean_neo4j: neo4j.Driver, neo4j_database: str, tmp_path: Path
) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "make.cypher").write_text("CREATE (n:RunnerProbe {k: $k}) RETURN n.k AS k\n")
    (tmp_path / "t" / "count.cypher").write_text("MATCH (n:RunnerProbe) RETURN count(n) AS n\n")
    (tmp_path / "t" / "fail.cypher").write_text("RETURN 1 / $zero AS boom\n")
    graph = CypherRunner(clean_neo4j, neo4j_database, tmp_path, 5.0)
    assert graph.write("t/make", k=1) == [{"k": 1}]

    def two_then_fail(tx: neo4j.ManagedTransaction, zero: int) -> None:
        graph.run(tx, "t/make", k=2).consume()
        graph.run(tx, "t/make", k=3).consume()
        graph.run(tx, "t/fail", zero=zero).consume()

    with pytest.raises(neo4j.exceptions.ClientError):
        graph.write_transaction(two_then_fail, 0)
    assert graph.read_rows("t/count") == [{"n": 1}]
    assert graph.read_transaction(lambda tx: graph.run(tx, "t/count").single()["n"]) == 1


def test_default_cypher_dir_is_the_shipped_one(neo4j_driver: neo4j.Driver, neo4j_database: str) -> None:
    graph = CypherRunner(neo4j_driver, neo4j_database)
    assert graph.cypher_dir == CYPHER_ROOT
    assert graph.read_rows("ops/ping") == [{"ok": 1}]
