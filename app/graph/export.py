"""`intelgraph export`: the whole domain graph (entities, statements, events and the facts between
them) as GraphML (Gephi, yEd), followthemoney entities as JSON lines (Aleph, OpenSanctions tools)
or CSV nodes and edges (link-chart tools).

The graph is read through the CypherRunner in keyset-paged batches (cypher/export/*.cypher) and
written as it streams, so an export holds one batch in memory, not the graph.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from neo4j import Driver

from app.graph.common import jsonable, label_of, node_type
from app.graph.db import runner
from importers.vocabulary import FACT_TYPES

BATCH = 1000
# Bookkeeping properties that say nothing to a reader of the export.
_HIDDEN = {"search_text", "first_seen", "last_seen", "aliases_text"}
NODE_COLUMNS = ("id", "type", "label", "name", "date", "properties")
EDGE_COLUMNS = ("id", "type", "source", "target", "sources", "valid_from", "valid_to", "role", "properties")


@dataclass
class ExportNode:
    id: str
    type: str
    label: str
    props: dict[str, Any]


@dataclass
class ExportEdge:
    id: str
    type: str
    source: str
    target: str
    sources: int
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExportCounts:
    nodes: int = 0
    edges: int = 0
    skipped: int = 0  # nodes or edges a format has no place for (FtM: borders, BORDER_OF)


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: jsonable(v) for k, v in props.items() if k not in _HIDDEN and v is not None}


def iter_nodes(driver: Driver, database: str, batch: int = BATCH) -> Iterator[ExportNode]:
    after = ""
    run = runner(driver, database)
    while True:
        rows = run.read("export/nodes", after=after, batch=batch)
        for row in rows:
            kind = node_type(row["labels"])
            props = _clean(dict(row["props"]))
            props.pop("id", None)
            yield ExportNode(
                id=row["id"], type=kind, label=label_of(kind, {**props, "id": row["id"]}), props=props
            )
        if len(rows) < batch:
            return
        after = rows[-1]["id"]


def iter_edges(driver: Driver, database: str, batch: int = BATCH) -> Iterator[ExportEdge]:
    after = ""
    run = runner(driver, database)
    while True:
        rows = run.read("export/edges", after=after, batch=batch, types=list(FACT_TYPES))
        for row in rows:
            props = _clean(dict(row["props"]))
            props.pop("id", None)
            yield ExportEdge(
                id=row["id"],
                type=row["type"],
                source=row["source"],
                target=row["target"],
                sources=int(row["sources"] or 0),
                props=props,
            )
        if len(rows) < batch:
            return
        after = rows[-1]["id"]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


# ---- GraphML -------------------------------------------------------------------------------------

_GRAPHML_NODE_KEYS = (
    ("type", "string"),
    ("label", "string"),
    ("name", "string"),
    ("date", "string"),
    ("properties", "string"),
)
_GRAPHML_EDGE_KEYS = (
    ("type", "string"),
    ("sources", "int"),
    ("valid_from", "string"),
    ("valid_to", "string"),
    ("role", "string"),
    ("properties", "string"),
)


def write_graphml(out: IO[str], nodes: Iterator[ExportNode], edges: Iterator[ExportEdge]) -> ExportCounts:
    """GraphML 1.0: one <node> per domain node, one directed <edge> per fact, attributes as keys.

    Edge keys are named `e_<name>` so a node and an edge attribute of the same name stay apart.
    """
    counts = ExportCounts()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for name, kind in _GRAPHML_NODE_KEYS:
        out.write(f'  <key id="{name}" for="node" attr.name="{name}" attr.type="{kind}"/>\n')
    for name, kind in _GRAPHML_EDGE_KEYS:
        out.write(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n')
    out.write('  <graph id="intelgraph" edgedefault="directed">\n')

    def data(key: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        text = (
            value if isinstance(value, str) else (_json(value) if not isinstance(value, int) else str(value))
        )
        return f'<data key="{key}">{escape(text)}</data>'

    for node in nodes:
        rest = {k: v for k, v in node.props.items() if k not in {"name", "date"}}
        out.write(
            f"    <node id={quoteattr(node.id)}>"
            + data("type", node.type)
            + data("label", node.label)
            + data("name", node.props.get("name"))
            + data("date", node.props.get("date"))
            + data("properties", rest or None)
            + "</node>\n"
        )
        counts.nodes += 1
    for edge in edges:
        rest = {k: v for k, v in edge.props.items() if k not in {"valid_from", "valid_to", "role"}}
        out.write(
            f"    <edge id={quoteattr(edge.id)} source={quoteattr(edge.source)}"
            f" target={quoteattr(edge.target)}>"
            + data("e_type", edge.type)
            + data("e_sources", edge.sources)
            + data("e_valid_from", edge.props.get("valid_from"))
            + data("e_valid_to", edge.props.get("valid_to"))
            + data("e_role", edge.props.get("role"))
            + data("e_properties", rest or None)
            + "</edge>\n"
        )
        counts.edges += 1
    out.write("  </graph>\n</graphml>\n")
    return counts


# ---- CSV -----------------------------------------------------------------------------------------


def write_csv_nodes(out: IO[str], nodes: Iterator[ExportNode]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(NODE_COLUMNS)
    n = 0
    for node in nodes:
        rest = {k: v for k, v in node.props.items() if k not in {"name", "date"}}
        writer.writerow(
            [
                node.id,
                node.type,
                node.label,
                node.props.get("name") or "",
                node.props.get("date") or "",
                _json(rest) if rest else "",
            ]
        )
        n += 1
    return n


def write_csv_edges(out: IO[str], edges: Iterator[ExportEdge]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EDGE_COLUMNS)
    n = 0
    for edge in edges:
        rest = {k: v for k, v in edge.props.items() if k not in {"valid_from", "valid_to", "role"}}
        writer.writerow(
            [
                edge.id,
                edge.type,
                edge.source,
                edge.target,
                edge.sources,
                edge.props.get("valid_from") or "",
                edge.props.get("valid_to") or "",
                edge.props.get("role") or "",
                _json(rest) if rest else "",
            ]
        )
        n += 1
    return n
