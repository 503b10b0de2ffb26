"""A content checksum of the graph: "is this graph identical to that one?" in one call.

Node and relationship counts per label/type, and a SHA-256 over every node (sorted labels,
properties) and every relationship (type, the ids of its ends, properties), in a canonical order.
System-time properties (`VOLATILE_PROPERTIES`: when something was loaded), bookkeeping (the
generation counter, the schema version) and the Retraction
history are left out, so re-importing a corpus, or completing an interrupted import, must leave the
checksum unchanged. It reads the whole graph: meant for tests and small corpora, not for millions.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, RoutingControl

from importers.cypher_files import read_cypher
from importers.graph_schema import VOLATILE_PROPERTIES

_DIR = "load"


@dataclass(frozen=True)
class GraphSummary:
    nodes: dict[str, int]  # label -> count
    relationships: dict[str, int]  # type -> count
    checksum: str

    def as_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "relationships": self.relationships, "checksum": self.checksum}


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in sorted(value.items()) if k not in VOLATILE_PROPERTIES}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _line(*parts: Any) -> str:
    return json.dumps([_canonical(p) for p in parts], sort_keys=True, ensure_ascii=False)


def _read(driver: Driver, database: str, name: str) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        read_cypher(_DIR, name), routing_=RoutingControl.READ, database_=database
    )
    return [r.data() for r in records]


def graph_lines(driver: Driver, database: str) -> list[str]:
    """The canonical, sorted lines the checksum hashes (diff two of these to see what differs)."""
    lines = [_line("node", sorted(r["labels"]), r["props"]) for r in _read(driver, database, "graph_nodes")]
    lines += [
        _line("rel", r["type"], r["source"], r["target"], r["props"])
        for r in _read(driver, database, "graph_relationships")
    ]
    return sorted(lines)


def graph_totals(driver: Driver, database: str) -> tuple[int, int]:
    """(nodes, relationships) in the graph, cheaply (count store), without reading it."""
    (row,) = _read(driver, database, "graph_totals")
    return int(row["nodes"]), int(row["relationships"])


def graph_checksum(driver: Driver, database: str) -> GraphSummary:
    nodes = {r["label"]: r["n"] for r in _read(driver, database, "graph_node_counts")}
    relationships = {r["type"]: r["n"] for r in _read(driver, database, "graph_relationship_counts")}
    digest = hashlib.sha256()
    for line in graph_lines(driver, database):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return GraphSummary(nodes=nodes, relationships=relationships, checksum=digest.hexdigest())
