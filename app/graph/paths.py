"""Trace connections: shortest, k shortest or all paths between two entities, hop by hop with evidence."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from app.graph.common import jsonable, label_of, node_type, read
from app.graph.entities import graph_edge, graph_node
from app.graph.errors import InvalidParameter
from app.schemas import EDGE_TYPES, EvidenceRef, Graph, Hop, PathMode, PathOut, PathsResponse, Ref

MAX_HOPS = {"shortest": 6, "k_shortest": 6, "all": 4}
EVIDENCE_PER_HOP = 5
_QUERY = {"shortest": "paths_shortest", "k_shortest": "paths_k_shortest", "all": "paths_all"}


def _node_ref(item: dict[str, Any]) -> Ref:
    kind = node_type(item.get("labels"))
    return Ref(id=item["id"], type=kind, label=label_of(kind, item))


def paths(
    driver: Driver,
    database: str,
    a: Ref,
    b: Ref,
    *,
    mode: PathMode,
    k: int,
    max_hops: int,
    exclude: list[str],
    types: list[str] | None,
    limit: int,
) -> PathsResponse:
    source, target = a.id, b.id
    if source == target:
        raise InvalidParameter("to", "must differ from 'from'")
    if max_hops > MAX_HOPS[mode]:
        raise InvalidParameter("max_hops", f"at most {MAX_HOPS[mode]} for mode {mode}")
    params: dict[str, Any] = {
        "from": source,
        "to": target,
        "types": types or list(EDGE_TYPES),
        "exclude": exclude,
        "max_hops": max_hops,
        "limit": limit,
        "k": min(k, limit),
        "scan_cap": limit * 50,
    }
    rows = read(driver, database, _QUERY[mode], params)

    # One evidence query for every distinct hop of every path.
    hop_keys: dict[str, str | None] = {}
    for row in rows:
        for rel in row["rels"]:
            end_types = {rel["source"], rel["target"]}
            node_id = next((n for n in end_types if n and n.split(":", 1)[0] in {"stmt", "event"}), None)
            hop_keys[rel["id"]] = node_id
    evidence: dict[str, tuple[int, list[EvidenceRef]]] = {}
    if hop_keys:
        ev_rows = read(
            driver,
            database,
            "hop_evidence",
            {
                "hops": [{"fact_id": f, "node_id": n} for f, n in hop_keys.items()],
                "per_hop": EVIDENCE_PER_HOP,
            },
        )
        for ev in ev_rows:
            evidence[ev["fact_id"]] = (
                ev["sources"],
                [EvidenceRef(**{k: jsonable(v) for k, v in e.items()}) for e in ev["evidence"]],
            )

    out: list[PathOut] = []
    nodes: dict[str, Any] = {}
    edges: dict[str, Any] = {}
    for row in rows:
        path_nodes = [_node_ref(n) for n in row["nodes"]]
        hops = []
        for i, rel in enumerate(row["rels"]):
            sources, evs = evidence.get(rel["id"], (0, []))
            props = {
                k: jsonable(v)
                for k, v in (rel.get("props") or {}).items()
                if k not in {"id", "first_seen", "last_seen"} and v is not None
            }
            hops.append(
                Hop(
                    fact_id=rel["id"],
                    type=rel["type"],
                    source=rel["source"],
                    target=rel["target"],
                    forward=rel["source"] == path_nodes[i].id,
                    properties=props,
                    sources=sources,
                    evidence=evs,
                )
            )
            edges.setdefault(rel["id"], graph_edge({**rel, "sources": sources}))
        for n in row["nodes"]:
            nodes.setdefault(
                n["id"],
                graph_node(
                    {
                        "id": n["id"],
                        "labels": n["labels"],
                        "props": {k: v for k, v in n.items() if k not in {"id", "labels"}},
                    }
                ),
            )
        out.append(PathOut(length=len(hops), nodes=path_nodes, hops=hops))
    out.sort(key=lambda p: p.length)
    return PathsResponse.model_validate(
        {
            "from": a,
            "to": b,
            "mode": mode,
            "paths": out,
            "graph": Graph(nodes=list(nodes.values()), edges=list(edges.values())),
        }
    )
