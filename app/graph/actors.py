"""The actor view: events and statements collapsed into links between the actors (issue 12).

Two entities that took part in one event, or of which one made a statement about the other, are
joined by one link per kind (vocabulary `actor_links`: met, agreed_with, accused, said_about,
co_participated, ...); facts between two entities (MEMBER_OF, HOLDS_OFFICE, ...) are links of their
own type. Each link carries how many events, statements or facts make it, how many distinct
documents attest them (independent sources), and the evidence, carrier by carrier.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from neo4j import Driver

from app.graph.common import jsonable, read
from app.graph.entities import graph_node
from app.graph.errors import InvalidParameter, NotFound
from app.schemas import (
    ActorLink,
    ActorLinkCarrier,
    EvidenceRef,
    Graph,
    GraphEdge,
    Hop,
    Neighbourhood,
    PathMode,
    PathOut,
    PathsResponse,
    Ref,
)
from importers.vocabulary import ACTOR_LINKS, ENTITY_FACT_TYPES, FACT_TYPES

EVIDENCE_PER_CARRIER = 3
ROW_CAP = 20_000
MAX_ACTOR_HOPS = 6


def link_kind(carrier_type: str, subtype: str | None) -> str:
    """The kind of link an event of type `subtype`, a statement or a fact makes (the vocabulary's)."""
    if carrier_type == "Event":
        return ACTOR_LINKS.events.get(subtype or "", ACTOR_LINKS.default)
    if carrier_type == "Statement":
        return ACTOR_LINKS.statement
    return carrier_type  # a fact between two entities keeps its type


def _direction(row: dict[str, Any], kind: str) -> tuple[str, str, bool]:
    """(source, target, directed) of the link a carrier row makes between row.a and row.b."""
    a, b = str(row["a"]), str(row["b"])
    if row["carrier_type"] == "Statement" or row["carrier_type"] in FACT_TYPES:
        return a, b, True  # speaker -> what it is about; a fact keeps its direction
    if kind in ACTOR_LINKS.directed:
        roles = (row.get("role_a"), row.get("role_b"))
        if roles == ("actor", "target"):
            return a, b, True
        if roles == ("target", "actor"):
            return b, a, True
    return (a, b, False) if a <= b else (b, a, False)


def links(
    driver: Driver,
    database: str,
    ids: Iterable[str],
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    per_carrier: int = EVIDENCE_PER_CARRIER,
) -> list[ActorLink]:
    """Every actor-to-actor link among `ids`, with counts and evidence, in a stable order."""
    id_list = sorted(set(ids))
    if len(id_list) < 2:
        return []
    rows = read(
        driver,
        database,
        "actor_links",
        {
            "ids": id_list,
            "direct_types": list(ENTITY_FACT_TYPES),
            "from": date_from,
            "to": date_to,
            "per_carrier": per_carrier,
            "row_cap": ROW_CAP,
        },
    )
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for record in rows:
        row = dict(record)
        kind = link_kind(row["carrier_type"], row.get("subtype"))
        source, target, directed = _direction(row, kind)
        link = grouped.setdefault(
            (kind, source, target),
            {"directed": directed, "carriers": {}, "docs": set()},
        )
        link["docs"].update(row["docs"] or [])
        carriers: dict[str, ActorLinkCarrier] = link["carriers"]
        if row["carrier"] in carriers:
            continue
        carrier_type = str(row["carrier_type"])
        shown_type = carrier_type if carrier_type in {"Event", "Statement"} else "Fact"
        carriers[row["carrier"]] = ActorLinkCarrier(
            id=str(row["carrier"]),
            type=shown_type,
            subtype=row.get("subtype") if carrier_type in {"Event", "Statement"} else carrier_type,
            date=jsonable(row.get("date")),
            modality=row.get("modality"),
            sources=len(row["docs"] or []),
            evidence=[EvidenceRef(**{k: jsonable(v) for k, v in e.items()}) for e in row["evidence"] or []],
        )
    out = []
    for (kind, source, target), link in sorted(grouped.items()):
        carriers_list = sorted(link["carriers"].values(), key=lambda c: (c.date or "", c.id))
        out.append(
            ActorLink(
                id=f"link:{kind}:{source}:{target}",
                kind=kind,
                source=source,
                target=target,
                directed=link["directed"],
                events=len(carriers_list),
                sources=len(link["docs"]),
                evidence=carriers_list,
            )
        )
    return out


def link_edge(link: ActorLink) -> GraphEdge:
    """A link as a drawable edge (type = kind; the counts in `properties`)."""
    return GraphEdge.model_construct(
        id=link.id,
        source=link.source,
        target=link.target,
        type=link.kind,
        properties={"events": link.events, "directed": link.directed, "actor_link": True},
        sources=link.sources,
    )


def _nodes(driver: Driver, database: str, ids: list[str]) -> dict[str, Any]:
    rows = read(driver, database, "actor_nodes", {"ids": ids})
    return {r["id"]: graph_node({"id": r["id"], "labels": r["labels"], "props": r["props"]}) for r in rows}


def neighbourhood(
    driver: Driver,
    database: str,
    entity_id: str,
    *,
    depth: int,
    entity_types: list[str] | None,
    node_types: list[str],
    date_from: str | None,
    date_to: str | None,
    limit: int,
) -> Neighbourhood:
    """The ego network of `entity_id` in the actor view: actors within `depth` links, and the links."""
    found = read(driver, database, "actor_nodes", {"ids": [entity_id]})
    if not found:
        raise NotFound(f"no entity with id {entity_id!r}")
    seen = [entity_id]
    frontier = [entity_id]
    truncated = False
    for _ in range(depth):
        if not frontier or len(seen) > limit:
            break
        step = read(
            driver,
            database,
            "actor_step",
            {
                "frontier": frontier,
                "seen": seen,
                "direct_types": list(ENTITY_FACT_TYPES),
                "node_types": node_types if entity_types is None else entity_types,
                "from": date_from,
                "to": date_to,
                "limit": limit + 1 - len(seen),
            },
        )[0]
        truncated = truncated or bool(step["full"])
        frontier = list(step["ids"])
        seen.extend(frontier)
    found_links = links(driver, database, seen, date_from=date_from, date_to=date_to)
    nodes = _nodes(driver, database, seen)
    return Neighbourhood(
        center=entity_id,
        truncated=truncated,
        view="actors",
        nodes=[nodes[i] for i in seen if i in nodes],
        edges=[link_edge(link) for link in found_links],
        links=found_links,
    )


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
    limit: int,
) -> PathsResponse:
    """Paths between two actors in the actor view: each hop is the links between two actors."""
    if a.id == b.id:
        raise InvalidParameter("to", "must differ from 'from'")
    if max_hops > MAX_ACTOR_HOPS:
        raise InvalidParameter("max_hops", f"at most {MAX_ACTOR_HOPS} in the actor view")
    rows = read(
        driver,
        database,
        "paths_actors",
        {
            "from": a.id,
            "to": b.id,
            "direct_types": list(ENTITY_FACT_TYPES),
            "exclude": exclude,
            "max_hops": 2 * max_hops,
            "limit": 100,
        },
    )
    sequences: list[tuple[str, ...]] = []
    for row in rows:
        seq = tuple(row["actors"])
        if len(seq) - 1 <= max_hops and seq not in sequences:
            sequences.append(seq)
    sequences.sort(key=len)
    if mode == "shortest" and sequences:
        sequences = [s for s in sequences if len(s) == len(sequences[0])]
    elif mode == "k_shortest":
        sequences = sequences[:k]
    sequences = sequences[:limit]
    actor_ids = sorted({i for s in sequences for i in s})
    by_pair: dict[frozenset[str], list[ActorLink]] = {}
    for link in links(driver, database, actor_ids):
        by_pair.setdefault(frozenset((link.source, link.target)), []).append(link)
    nodes = _nodes(driver, database, actor_ids)
    out: list[PathOut] = []
    edges: dict[str, GraphEdge] = {}
    for seq in sequences:
        hops: list[Hop] = []
        for left, right in pairwise(seq):
            pair_links = by_pair.get(frozenset((left, right)), [])
            if not pair_links:
                break
            # The hop shows the pair's strongest link (most sources, then events); all are drawn.
            best = max(pair_links, key=lambda lk: (lk.sources, lk.events, lk.kind))
            hops.append(
                Hop(
                    fact_id=best.id,
                    type=best.kind,
                    source=best.source,
                    target=best.target,
                    forward=best.source == left,
                    properties={"events": best.events, "kinds": sorted({lk.kind for lk in pair_links})},
                    sources=best.sources,
                    evidence=[e for c in best.evidence for e in c.evidence][:5],
                )
            )
            for lk in pair_links:
                edges.setdefault(lk.id, link_edge(lk))
        else:
            out.append(
                PathOut(
                    length=len(hops),
                    nodes=[_ref(nodes, i) for i in seq],
                    hops=hops,
                )
            )
    drawn = {i for p in out for n in p.nodes for i in [n.id]}
    return PathsResponse.model_validate(
        {
            "from": a,
            "to": b,
            "mode": mode,
            "view": "actors",
            "paths": out,
            "graph": Graph(
                nodes=[nodes[i] for i in actor_ids if i in drawn and i in nodes],
                edges=[e for e in edges.values() if e.source in drawn and e.target in drawn],
            ),
        }
    )


def _ref(nodes: dict[str, Any], node_id: str) -> Ref:
    node = nodes.get(node_id)
    if node is None:
        return Ref(id=node_id, type="Entity", label=node_id)
    return Ref(id=node_id, type=node.type, label=node.label)
