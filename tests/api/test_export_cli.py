"""`intelgraph export` round trips (issue 12): GraphML read back by networkx, followthemoney
entities re-read and checked by the followthemoney library, CSV nodes and edges; all against the
seed alone in the session Neo4j, counted exactly against the graph's own counts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import neo4j
import networkx as nx
import pytest
from followthemoney import model

from app.graph.export_ftm import ftm_id
from importers.contract import Extraction
from importers.cypher_runner import CypherRunner
from importers.loader import Loader
from importers.vocabulary import FACT_TYPES
from tests.api.test_cli_parity import intelgraph

PETRO = "person:gustavo-petro"


@pytest.fixture
def only_seed(clean_neo4j: neo4j.Driver, neo4j_database: str, seed_extraction: Extraction) -> dict[str, int]:
    """The seed alone in the graph; returns how many domain nodes and fact relationships it has."""
    run = CypherRunner(clean_neo4j, neo4j_database)
    result = Loader(run).load_batch([seed_extraction])
    assert not result.failed, result.failed
    labels = {r["label"]: r["n"] for r in run.read_rows("load/graph_node_counts")}
    types = {r["type"]: r["n"] for r in run.read_rows("load/graph_relationship_counts")}
    return {
        "nodes": labels.get("Entity", 0) + labels.get("Statement", 0) + labels.get("Event", 0),
        "edges": sum(n for t, n in types.items() if t in FACT_TYPES),
        "borders": labels.get("Border", 0),
        "border_of": types.get("BORDER_OF", 0),
    }


def test_graphml_reads_back_in_networkx(
    neo4j_env: dict[str, str], only_seed: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "graph.graphml"
    done = intelgraph(neo4j_env, "export", "--format", "graphml", "--output", str(out), "--batch", "7")
    assert done.returncode == 0, done.stderr
    assert f"exported {only_seed['nodes']} nodes and {only_seed['edges']} edges as graphml" in done.stderr
    graph = nx.read_graphml(out, force_multigraph=True)
    assert graph.number_of_nodes() == only_seed["nodes"]
    assert graph.number_of_edges() == only_seed["edges"]
    assert graph.nodes[PETRO]["type"] == "Person" and graph.nodes[PETRO]["name"] == "Gustavo Petro"
    tenures = [d for _, v, d in graph.out_edges(PETRO, data=True) if d["type"] == "HOLDS_OFFICE"]
    assert tenures and all(d["sources"] == 1 for d in tenures)
    assert {d["type"] for _, _, d in graph.edges(data=True)} <= set(FACT_TYPES)
    # Batching is invisible: one batch of 1000 writes the same file as batches of 7.
    stdout = intelgraph(neo4j_env, "export", "--format", "graphml")
    assert stdout.returncode == 0 and stdout.stdout == out.read_text(encoding="utf-8")


def test_ftm_entities_validate(neo4j_env: dict[str, str], only_seed: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "graph.ftm.json"
    done = intelgraph(neo4j_env, "export", "--format", "ftm", "-o", str(out))
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    entities = [json.loads(line) for line in lines]
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities)
    # Every node has an entity but the borders (no FtM counterpart), every fact but BORDER_OF.
    skipped = only_seed["borders"] + only_seed["border_of"]
    assert len(entities) == only_seed["nodes"] + only_seed["edges"] - skipped
    assert f"{skipped} without a ftm counterpart skipped" in done.stderr
    schemata = {e["schema"] for e in entities}
    assert {"Person", "PublicBody", "Position", "Event", "Note", "Occupancy", "UnknownLink"} <= schemata
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)  # cleans every value by its FtM type
        assert proxy.to_dict() == data, data
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                for ref in proxy.get(prop):
                    assert ref in ids, (data["id"], prop.name, ref)
                    assert model.get(next(e["schema"] for e in entities if e["id"] == ref)).is_a(prop.range)
    petro_id = ftm_id(PETRO)
    [petro] = [e for e in entities if e["id"] == petro_id]
    assert petro["schema"] == "Person" and petro["properties"]["name"] == ["Gustavo Petro"]
    tenure = [
        e for e in entities if e["schema"] == "Occupancy" and e["properties"].get("holder") == [petro_id]
    ]
    assert tenure and tenure[0]["properties"]["startDate"] and tenure[0]["properties"]["post"]
    # Every relationship entity names both its ends (none dropped as an invalid reference).
    ends = {
        "Occupancy": ("holder", "post"),
        "Membership": ("member", "organization"),
        "UnknownLink": ("subject", "object"),
    }
    for data in entities:
        for prop in ends.get(data["schema"], ()):
            assert len(data["properties"].get(prop, [])) == 1, data


def test_csv_nodes_and_edges(neo4j_env: dict[str, str], only_seed: dict[str, int], tmp_path: Path) -> None:
    done = intelgraph(neo4j_env, "export", "--format", "csv", "--output", str(tmp_path / "graph.csv"))
    assert done.returncode == 0, done.stderr
    with (tmp_path / "graph-nodes.csv").open(encoding="utf-8", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with (tmp_path / "graph-edges.csv").open(encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert len(nodes) == only_seed["nodes"] and len(edges) == only_seed["edges"]
    ids = {n["id"] for n in nodes}
    assert all(e["source"] in ids and e["target"] in ids and int(e["sources"]) == 1 for e in edges)
    assert list(nodes[0]) == ["id", "type", "label", "name", "date", "properties"]
    missing = intelgraph(neo4j_env, "export", "--format", "csv")
    assert missing.returncode != 0 and "--output" in missing.stderr
