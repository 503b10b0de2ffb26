"""followthemoney (FtM) entities from the export stream, one JSON object per line.

FtM is the entity model of Aleph, OpenSanctions and their tools (`ftm validate`, `ftm aggregate`,
`followthemoney-store`); the entities are built and cleaned by the `followthemoney` library's own
model, so what it writes is what those tools read. Mapping: Person -> Person, Organization ->
Organization, Country -> PublicBody (with its ISO country), Office -> Position, Event -> Event,
Statement -> Note; HOLDS_OFFICE -> Occupancy, MEMBER_OF -> Membership, every other fact ->
UnknownLink with the fact type as its role. Ids are the graph's, made FtM-safe (`ftm_id`).
Borders have no FtM counterpart and are skipped
(with their BORDER_OF facts), as is any fact whose ends do not fit the FtM schema's ranges.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from app.graph.export import ExportCounts, ExportEdge, ExportNode

NODE_SCHEMA = {
    "Person": "Person",
    "Organization": "Organization",
    "Country": "PublicBody",
    "Office": "Position",
    "Event": "Event",
    "Statement": "Note",
}
# Fact types with a dedicated FtM relationship schema: (schema, source property, target property).
EDGE_SCHEMA = {
    "HOLDS_OFFICE": ("Occupancy", "holder", "post"),
    "MEMBER_OF": ("Membership", "member", "organization"),
}
LINK = ("UnknownLink", "subject", "object")
_NOT_ID = re.compile(r"[^0-9A-Za-z.-]+")


def ftm_id(graph_id: str) -> str:
    """An FtM entity id for a graph id: FtM ids are letters, digits, dots and dashes, so every other
    run of characters becomes a dot ("person:gustavo-petro" -> "person.gustavo-petro")."""
    return _NOT_ID.sub(".", graph_id).strip(".-")


def _add(proxy: EntityProxy, prop: str, value: Any) -> None:
    if value is None or value == "" or value == []:
        return
    for v in value if isinstance(value, list) else [value]:
        proxy.add(prop, str(v), quiet=True)


def node_entity(node: ExportNode) -> EntityProxy | None:
    schema = NODE_SCHEMA.get(node.type)
    if schema is None:
        return None
    proxy = model.make_entity(schema)
    proxy.id = ftm_id(node.id)
    props = node.props
    if node.type == "Statement":
        _add(proxy, "name", node.label)
        _add(proxy, "description", props.get("text"))
        _add(proxy, "summary", props.get("kind"))
    elif node.type == "Event":
        _add(proxy, "name", node.label)
        _add(proxy, "date", props.get("date"))
        _add(proxy, "summary", " ".join(str(props.get(k)) for k in ("type", "modality") if props.get(k)))
    else:
        _add(proxy, "name", props.get("name") or props.get("title") or node.label)
        _add(proxy, "alias", props.get("aliases"))
        if node.type == "Country":
            _add(proxy, "country", props.get("iso2"))
            _add(proxy, "jurisdiction", props.get("iso2"))
    return proxy


def _fits(prop: Any, end: str | None) -> bool:
    """Whether an entity of schema `end` may be the value of `prop` (an FtM entity property)."""
    end_schema = model.get(end) if end else None
    return (
        prop is not None and prop.range is not None and end_schema is not None and end_schema.is_a(prop.range)
    )


def edge_entity(edge: ExportEdge, schemata: dict[str, str]) -> EntityProxy | None:
    ends = (schemata.get(edge.source), schemata.get(edge.target))
    if None in ends:
        return None
    for schema_name, source_prop, target_prop in (EDGE_SCHEMA.get(edge.type, LINK), LINK):
        schema = model.get(schema_name)
        assert schema is not None
        ranges = (schema.get(source_prop), schema.get(target_prop))
        if all(_fits(p, end) for p, end in zip(ranges, ends, strict=True)):
            break
    else:
        return None
    proxy = model.make_entity(schema_name)
    proxy.id = ftm_id(edge.id)
    _add(proxy, source_prop, ftm_id(edge.source))
    _add(proxy, target_prop, ftm_id(edge.target))
    if schema_name == "UnknownLink":
        role = edge.type.lower().replace("_", " ")
        _add(proxy, "role", f"{role} ({edge.props['role']})" if edge.props.get("role") else role)
    _add(proxy, "startDate", edge.props.get("valid_from"))
    _add(proxy, "endDate", edge.props.get("valid_to"))
    return proxy


def write_ftm(out: IO[str], nodes: Iterator[ExportNode], edges: Iterator[ExportEdge]) -> ExportCounts:
    """Write the entities as FtM JSON lines; facts after the nodes they join."""
    counts = ExportCounts()
    schemata: dict[str, str] = {}
    for node in nodes:
        proxy = node_entity(node)
        if proxy is None:
            counts.skipped += 1
            continue
        schemata[node.id] = proxy.schema.name
        out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        counts.nodes += 1
    for edge in edges:
        proxy = edge_entity(edge, schemata)
        if proxy is None:
            counts.skipped += 1
            continue
        out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        counts.edges += 1
    return counts
