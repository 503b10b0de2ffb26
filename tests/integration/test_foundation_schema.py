"""The graph schema on a real Neo4j: complete, idempotent, versioned, and the full-text index folds
case and diacritics."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import neo4j
import pytest

from app.errors import SchemaNotReady
from app.graph.db import (
    FULLTEXT_INDEX,
    SCHEMA_VERSION,
    apply_schema,
    check_ready,
    load_query,
    read_schema_state,
    schema_checksum,
    schema_statements,
)
from importers.graph_schema import FACT_RELATIONSHIPS, NodeLabel

INTELGRAPH = str(Path(sys.executable).with_name("intelgraph"))
NODE_LABELS_WITH_ID = {label.value for label in NodeLabel} | {"Meta", "SavedQuery", "SchemaVersion"}


def schema_snapshot(driver: neo4j.Driver, database: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    constraints, _, _ = driver.execute_query(load_query("ops/show_constraints"), database_=database)
    indexes, _, _ = driver.execute_query(load_query("ops/show_indexes"), database_=database)
    return [r.data() for r in constraints], [r.data() for r in indexes]


def test_every_id_is_unique(neo4j_driver: neo4j.Driver, neo4j_database: str) -> None:
    constraints, _ = schema_snapshot(neo4j_driver, neo4j_database)
    node_unique = {c["labelsOrTypes"][0] for c in constraints
                   if c["type"] == "UNIQUENESS" and c["properties"] == ["id"]}
    rel_unique = {c["labelsOrTypes"][0] for c in constraints
                  if c["type"] == "RELATIONSHIP_UNIQUENESS" and c["properties"] == ["id"]}
    assert node_unique == NODE_LABELS_WITH_ID
    assert rel_unique == {rel.value for rel in FACT_RELATIONSHIPS}


def test_lookup_and_fulltext_indexes(neo4j_driver: neo4j.Driver, neo4j_database: str) -> None:
    _, indexes = schema_snapshot(neo4j_driver, neo4j_database)
    by_name = {i["name"]: i for i in indexes}
    assert all(i["state"] == "ONLINE" for i in indexes)
    for name, label, prop in [("evidence_fact_id", "Evidence", "fact_id"),
                              ("evidence_doc_id", "Evidence", "doc_id"),
                              ("sentence_doc_id", "Sentence", "doc_id")]:
        assert by_name[name]["type"] == "RANGE"
        assert (by_name[name]["labelsOrTypes"], by_name[name]["properties"]) == ([label], [prop])
    fulltext = by_name[FULLTEXT_INDEX]
    assert fulltext["type"] == "FULLTEXT"
    assert fulltext["labelsOrTypes"] == ["Entity", "Statement"]
    assert fulltext["properties"] == ["name", "aliases", "text"]
    assert fulltext["options"]["indexConfig"]["fulltext.analyzer"] == "standard-folding"


def test_init_twice_gives_the_same_schema(neo4j_driver: neo4j.Driver, neo4j_database: str) -> None:
    before = schema_snapshot(neo4j_driver, neo4j_database)
    first = apply_schema(neo4j_driver, neo4j_database)
    second = apply_schema(neo4j_driver, neo4j_database)
    after = schema_snapshot(neo4j_driver, neo4j_database)
    assert before == after
    assert first == second
    assert first.statements == len(schema_statements())
    assert len(first.constraints) == len(NODE_LABELS_WITH_ID) + len(FACT_RELATIONSHIPS)


def test_cli_init_twice(neo4j_env: dict[str, str], neo4j_database: str) -> None:
    outputs = []
    for _ in range(2):
        run = subprocess.run([INTELGRAPH, "db", "init", "--json"], env=neo4j_env, capture_output=True,
                             text=True, timeout=300, check=False)
        assert run.returncode == 0, run.stderr
        outputs.append(json.loads(run.stdout))
    assert outputs[0] == outputs[1]
    assert outputs[0]["ok"] is True
    assert outputs[0]["schema_version"] == SCHEMA_VERSION
    assert FULLTEXT_INDEX in outputs[0]["indexes"]


def test_version_is_recorded_and_checked(neo4j_driver: neo4j.Driver, neo4j_database: str) -> None:
    state = read_schema_state(neo4j_driver, neo4j_database)
    assert state.version == SCHEMA_VERSION
    assert state.checksum == schema_checksum(schema_statements())
    assert check_ready(neo4j_driver, neo4j_database) == state
    neo4j_driver.execute_query("MATCH (v:SchemaVersion {id: 'intelgraph'}) SET v.checksum = 'stale'",
                               database_=neo4j_database)
    try:
        with pytest.raises(SchemaNotReady, match="run `intelgraph db init`"):
            check_ready(neo4j_driver, neo4j_database)
    finally:
        apply_schema(neo4j_driver, neo4j_database)
    assert check_ready(neo4j_driver, neo4j_database).checksum == state.checksum


def test_fulltext_search_folds_case_and_diacritics(clean_neo4j: neo4j.Driver, neo4j_database: str) -> None:
    clean_neo4j.execute_query(
        "CREATE (:Entity:Person {id: 'person:test-zoe', name: 'Zoë Ångström', aliases: ['Señora Zoë']}),"
        "       (:Statement {id: 'statement:test', text: 'Die Straße nach Zürich bleibt geschlossen.'})",
        database_=neo4j_database,
    )

    def search(text: str) -> list[str]:
        records, _, _ = clean_neo4j.execute_query(
            "CALL db.index.fulltext.queryNodes($index, $q) YIELD node RETURN node.id AS id ORDER BY id",
            index=FULLTEXT_INDEX, q=text, database_=neo4j_database)
        return [r["id"] for r in records]

    assert search("zoe angstrom") == ["person:test-zoe"]
    assert search("ANGSTRÖM") == ["person:test-zoe"]
    assert search("senora") == ["person:test-zoe"]  # a list-valued alias is indexed as is
    assert search("zurich") == ["statement:test"]
    assert search("nobody") == []


def test_uniqueness_is_enforced(clean_neo4j: neo4j.Driver, neo4j_database: str) -> None:
    clean_neo4j.execute_query("CREATE (:Evidence {id: 'ev:1'})", database_=neo4j_database)
    with pytest.raises(neo4j.exceptions.ConstraintError):
        clean_neo4j.execute_query("CREATE (:Evidence {id: 'ev:1'})", database_=neo4j_database)
    clean_neo4j.execute_query(
        "CREATE (a:Entity {id: 'a'})-[:SAID {id: 'said:1'}]->(s:Statement {id: 's'})",
        database_=neo4j_database)
    with pytest.raises(neo4j.exceptions.ConstraintError):
        clean_neo4j.execute_query(
            "MATCH (a:Entity {id: 'a'}), (s:Statement {id: 's'}) CREATE (a)-[:SAID {id: 'said:1'}]->(s)",
            database_=neo4j_database)


def test_clean_neo4j_keeps_schema_and_version(clean_neo4j: neo4j.Driver, neo4j_database: str) -> None:
    records, _, _ = clean_neo4j.execute_query(
        "MATCH (n) RETURN labels(n) AS labels", database_=neo4j_database)
    assert [r["labels"] for r in records] == [["SchemaVersion"]]
    assert check_ready(clean_neo4j, neo4j_database).version == SCHEMA_VERSION
