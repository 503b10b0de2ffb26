"""importers/bulk.py without a database: the in-memory graph and its CSV files."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from bench.synth_extractions import generate_extractions
from importers.bulk import Graph, Node, Relationship, _cell, _type_of, build_graph, prepare, write_csvs
from importers.load_rows import combine
from importers.loader import DEFAULT_RESOLUTION

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_column_types_follow_the_values() -> None:
    assert _type_of([1, None, 2]) == "long"
    assert _type_of([1, 2.5]) == "double"
    assert _type_of([True, None]) == "boolean"
    assert _type_of([["a", "b"], None]) == "string[]"
    assert _type_of([NOW]) == "datetime"
    assert _type_of([None]) == "string"
    with pytest.raises(ValueError, match="several types"):
        _type_of(["a", 1])


def test_cells_none_is_no_property_and_arrays_may_not_hold_the_delimiter() -> None:
    assert _cell(None) == ""
    assert _cell(["a", "b"]) == "a;b"
    assert _cell([0.5, 1.0]) == "0.5;1.0"
    assert _cell(False) == "false"
    assert _cell(NOW) == "2026-01-02T03:04:05+00:00"
    with pytest.raises(ValueError, match="delimiter"):
        _cell(["a;b"])


def test_write_csvs_one_file_per_label_set_and_type(tmp_path: Path) -> None:
    graph = Graph(
        nodes={
            "p1": Node(["Entity", "Person"], {"name": "A", "aliases": ["B"], "score": 1}),
            "p2": Node(["Entity", "Person"], {"name": "C", "aliases": None, "score": 2.5}),
            "d1": Node(["Document"], {"id": "d1", "text": "line one\nline two"}),
        },
        relationships=[Relationship("p1", "p2", "MET", {"id": "met:1"})],
    )
    nodes, rels = write_csvs(graph, tmp_path)
    assert [p.name for p in nodes] == ["nodes_0.csv", "nodes_1.csv"]
    assert [p.name for p in rels] == ["rels_0.csv"]
    documents = _rows(nodes[0])
    assert documents == [["id:ID", ":LABEL", "text:string"], ["d1", "Document", "line one\nline two"]]
    people = _rows(nodes[1])
    assert people[0] == ["id:ID", ":LABEL", "aliases:string[]", "name:string", "score:double"]
    assert people[1:] == [["p1", "Entity;Person", "B", "A", "1"], ["p2", "Entity;Person", "", "C", "2.5"]]
    assert _rows(rels[0]) == [
        [":START_ID", ":END_ID", ":TYPE", "id:string"],
        ["p1", "p2", "MET", "met:1"],
    ]


def test_graph_holds_every_row_once_and_absorbed_people_are_gone() -> None:
    prepared = prepare(generate_extractions(60, seed=3), DEFAULT_RESOLUTION)
    assert prepared.failed == [] and len(prepared.docs) == 60
    graph = build_graph(prepared.docs, NOW)
    rows = combine(prepared.docs)
    absorbed = {r["from"] for d in prepared.docs for r in d.absorbed}
    labels = [tuple(n.labels) for n in graph.nodes.values()]
    assert labels.count(("Document",)) == 60
    assert sum(1 for lab in labels if lab[0] == "Entity") == len(rows.entities) - len(absorbed)
    assert labels.count(("Evidence",)) == sum(len(d.evidence) for d in prepared.docs) == graph.evidence
    assert not absorbed & graph.nodes.keys()
    ends = {r.start for r in graph.relationships} | {r.end for r in graph.relationships}
    assert ends <= graph.nodes.keys()  # every relationship between nodes of the graph
