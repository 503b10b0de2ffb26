"""One entity in full, and its ego network."""

from __future__ import annotations

from typing import Any

from neo4j import Driver, ManagedTransaction

from app.graph.common import jsonable, label_of, lucene_query, node_type, participant, read, ref
from app.graph.db import FULLTEXT_INDEX
from app.graph.errors import NotFound
from app.schemas import (
    EDGE_TYPES,
    NODE_TYPES,
    EntityDetail,
    EventOut,
    GraphEdge,
    GraphNode,
    Neighbourhood,
    OfficeRef,
    Ref,
    StatementOut,
    Tenure,
)
from importers.ids import fold

LIST_CAP = 100
_HIDDEN = {"id", "name", "aliases", "search_text", "first_seen", "last_seen", "properties"}


def statement_out(row: dict[str, Any]) -> StatementOut:
    speaker = ref(
        {"id": row.get("speaker_id"), "labels": row.get("speaker_labels"), "name": row.get("speaker_name")}
    )
    return StatementOut(
        id=row["id"],
        text=row.get("text") or "",
        kind=row.get("kind"),
        channel=row.get("channel"),
        date=row.get("date"),
        speaker=speaker,
        about=[r for r in (ref(a) for a in row.get("about") or []) if r is not None],
        sources=row.get("sources") or 0,
    )


def event_out(row: dict[str, Any]) -> EventOut:
    return EventOut(
        id=row["id"],
        type=row.get("type") or "event",
        cameo=row.get("cameo"),
        modality=row.get("modality"),
        date=row.get("date"),
        date_text=row.get("date_text"),
        role=row.get("role"),
        participants=[participant(p) for p in row.get("participants") or []],
        sources=row.get("sources") or 0,
    )


def entity(driver: Driver, database: str, entity_id: str) -> EntityDetail:
    rows = read(driver, database, "entity", {"id": entity_id, "cap": LIST_CAP})
    if not rows:
        raise NotFound(f"no entity with id {entity_id!r}")
    row = rows[0]
    node: dict[str, Any] = row["node"]
    kind = node_type(row["labels"])
    offices = [
        Tenure(
            fact_id=o["fact_id"],
            office=OfficeRef(
                id=o["office_id"],
                title=o.get("office_title"),
                label=label_of("Office", {"name": o.get("office_name"), "title": o.get("office_title")}),
                jurisdiction=Ref(
                    id=o["jurisdiction_id"],
                    type="Country" if str(o["jurisdiction_id"]).startswith("country:") else "Organization",
                    label=o.get("jurisdiction_name") or o["jurisdiction_id"],
                )
                if o.get("jurisdiction_id")
                else None,
            ),
            valid_from=o.get("valid_from"),
            valid_to=o.get("valid_to"),
            sources=o.get("sources") or 0,
        )
        for o in row["offices"]
    ]
    holders = [
        Tenure(
            fact_id=h["fact_id"],
            person=Ref(id=h["person_id"], type="Person", label=h.get("person_name") or h["person_id"]),
            valid_from=h.get("valid_from"),
            valid_to=h.get("valid_to"),
            sources=h.get("sources") or 0,
        )
        for h in row["holders"]
    ]
    properties = {k: jsonable(v) for k, v in node.items() if k not in _HIDDEN and v is not None}
    return EntityDetail(
        id=node["id"],
        type=kind,
        name=label_of(kind, node),
        aliases=list(node.get("aliases") or []),
        properties=properties,
        offices=offices,
        holders=holders,
        statements_made=[statement_out(s) for s in row["said"]],
        statements_about=[statement_out(s) for s in row["said_about"]],
        events=[event_out(e) for e in row["events"]],
        documents_count=row["documents_count"] or 0,
        first_seen=jsonable(node.get("first_seen")),
        last_seen=jsonable(node.get("last_seen")),
    )


# Graph elements are built with `model_construct` (no validation): their fields come straight from
# named queries over a graph whose ids and types are enforced at load time, and a neighbourhood
# can hold thousands of them, where validation was a visible share of the response time.
def graph_node(item: dict[str, Any]) -> GraphNode:
    kind = node_type(item.get("labels"))
    props = {k: jsonable(v) for k, v in (item.get("props") or {}).items() if v is not None}
    return GraphNode.model_construct(
        id=str(item["id"]), label=label_of(kind, {**props, "id": item["id"]}), type=kind, properties=props
    )


def graph_edge(item: dict[str, Any]) -> GraphEdge:
    props = {
        k: jsonable(v)
        for k, v in (item.get("props") or {}).items()
        if k not in {"id", "first_seen", "last_seen"} and v is not None
    }
    return GraphEdge.model_construct(
        id=str(item["id"]),
        source=str(item["source"]),
        target=str(item["target"]),
        type=str(item["type"]),
        properties=props,
        sources=int(item.get("sources") or 0),
    )


def neighbourhood(
    driver: Driver,
    database: str,
    entity_id: str,
    *,
    depth: int,
    rel_types: list[str] | None,
    entity_types: list[str] | None,
    date_from: str | None,
    date_to: str | None,
    limit: int,
) -> Neighbourhood:
    rows = read(
        driver,
        database,
        "neighbourhood",
        {
            "id": entity_id,
            "depth": depth,
            "rel_types": rel_types or list(EDGE_TYPES),
            "node_types": entity_types or list(NODE_TYPES),
            "from": date_from,
            "to": date_to,
            "limit": limit,
            "edge_cap": limit * 20,
        },
    )
    if not rows:
        raise NotFound(f"no entity with id {entity_id!r}")
    row = rows[0]
    return Neighbourhood(
        center=row["center"],
        truncated=bool(row["truncated"]),
        nodes=[graph_node(n) for n in row["nodes"]],
        edges=[graph_edge(e) for e in row["edges"]],
    )


# --- entity resolution: one canonical entity and its names (`intelgraph entities show|review`) ---

REVIEW_CAP = 500


def lookup(driver: Driver, database: str, ref_or_name: str) -> list[dict[str, Any]]:
    """The entities `ref_or_name` may mean: by id (also an id a document wrote before resolution
    joined it to a canonical entity), else every entity whose name or an alias is that name
    (diacritics and case folded). Several: the name is ambiguous."""
    lucene = lucene_query(ref_or_name) or "zzznomatchzzz"
    rows = [
        r.data()
        for r in read(
            driver, database, "entity_lookup", {"ref": ref_or_name, "lucene": lucene, "index": FULLTEXT_INDEX}
        )
    ]
    for how in ("id", "written_id"):
        found = [r for r in rows if r["how"] == how]
        if found:
            return [_lookup_row(r) for r in found]
    wanted = fold(ref_or_name)
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        if wanted in {fold(n) for n in [r["name"] or "", *r["aliases"]]}:
            seen.setdefault(r["id"], _lookup_row(r))
    return list(seen.values())


def _lookup_row(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "type": node_type(row["labels"]), "name": row["name"], "aliases": row["aliases"]}


def show(driver: Driver, database: str, entity_id: str) -> dict[str, Any]:
    """The canonical entity `entity_id`: names, aliases, documents (with the names each wrote) and
    the resolution records that joined written names to it."""
    rows = read(driver, database, "entity_show", {"id": entity_id})
    if not rows:
        raise NotFound(f"no entity {entity_id!r}")
    row = rows[0].data()
    names = sorted({row["name"], *row["aliases"], *(w for d in row["documents"] for w in d["written"])})
    detail: dict[str, Any] = jsonable(
        {
            "id": row["id"],
            "type": node_type(row["labels"]),
            "name": row["name"],
            "aliases": row["aliases"],
            "names": names,
            "documents": row["documents"],
            "resolutions": row["resolutions"],
        }
    )
    return detail


def review(driver: Driver, database: str, cap: int = REVIEW_CAP) -> list[dict[str, Any]]:
    """Entity resolution's open review items, oldest first: what a document wrote, the candidates
    resolution weighed (with scores) and why it did not decide."""
    return [jsonable(r.data()) for r in read(driver, database, "entity_review", {"cap": cap})]


def judge(driver: Driver, database: str, a: str, b: str, verdict: str, by: str) -> dict[str, Any]:
    """Store an analyst's judgement that people `a` and `b` are ('same') or are not ('different')
    one person; entity resolution honours it on every later import. 'same' also merges them now
    (`b` into `a`). Raises Conflict for 'same' on two entities that are not both people."""
    from app.graph.common import run_guarded
    from app.graph.db import runner
    from app.graph.errors import Conflict
    from importers.generation import bump_in_tx
    from importers.ids import digest

    if a == b:
        raise Conflict(
            f"{a!r} is one entity already" if verdict == "same" else f"cannot split {a!r} from itself"
        )
    cypher = runner(driver, database)
    first, second = sorted((a, b))

    # One transaction: the judgement, the merge it implies, and the generation bump (app/cache)
    # commit together, or not at all (a refused merge leaves no judgement behind).
    def store(tx: ManagedTransaction) -> tuple[dict[str, Any], str | None]:
        stored = cypher.run(
            tx,
            "api/entity_judge",
            id="judgement:" + digest(first, second),
            a=first,
            b=second,
            verdict=verdict,
            by=by,
        ).single()
        assert stored is not None  # MERGE returns its row
        merged: str | None = None
        if verdict == "same":
            done = cypher.run(
                tx,
                "api/entity_absorb",
                source=b,
                target=a,
                record_id="resolution:" + digest("analyst", b, a),
                reason=f"an analyst ({by}) judged {b} and {a} the same",
            ).single()
            if done is None:
                raise Conflict(f"{a!r} and {b!r} must both be people in the graph to be merged")
            merged = str(done["id"])
        bump_in_tx(cypher, tx)
        return stored.data(), merged

    stored, merged = run_guarded("api/entity_judge", lambda: cypher.write_transaction(store))
    result: dict[str, Any] = jsonable(dict(stored, merged_into=merged))
    return result
