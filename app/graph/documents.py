"""Documents: list them, find one by a short id, read one with its spans.

The one read of documents: the API (`GET /api/documents`, `GET /api/documents/{id}`) and the CLI
(`intelgraph documents list|show`) both call these functions, so both report the same numbers;
`intelgraph documents list --json` prints exactly the API's page. Ingest and retraction live in
app/graph/ingest.py (and importers/retraction.py).
"""

from __future__ import annotations

import json
from typing import Any

from neo4j import Driver

from app.graph.common import decode_cursor, encode_cursor, jsonable, label_of, node_type, read
from app.graph.errors import InvalidInput, NotFound
from app.schemas import (
    DocumentDetail,
    DocumentPage,
    DocumentSummary,
    FactSpan,
    MentionOut,
    Ref,
    SentenceBounds,
)
from importers.graph_schema import NODE_FACT_LABELS, RELATION_TYPES

FACT_TYPES: list[str] = [t.value for t in RELATION_TYPES.values()] + [n.value for n in NODE_FACT_LABELS]
"""What a document's `facts` count: the contract's facts (relations, statements, events), as the
loader counts them (`intelgraph import` reports the same number), each fact once."""

_PREFIX = "doc:"


def list_documents(
    driver: Driver,
    database: str,
    *,
    cursor: str | None,
    limit: int,
    source: str | None,
) -> DocumentPage:
    rows = read(
        driver,
        database,
        "documents_list",
        {"after": decode_cursor(cursor), "limit": limit + 1, "source": source, "fact_types": FACT_TYPES},
    )
    items = [
        DocumentSummary(
            **{k: jsonable(v) for k, v in r["doc"].items()}, sentences=r["sentences"], facts=r["facts"]
        )
        for r in rows
    ]
    more = len(items) > limit
    items = items[:limit]
    return DocumentPage(items=items, next_cursor=encode_cursor(items[-1].id) if more and items else None)


def resolve_document_id(driver: Driver, database: str, given: str) -> str:
    """The full id of the document `given` names: a full id, or a unique prefix with or without
    'doc:' (the CLI accepts short ids). NotFound when none matches, InvalidInput for several."""
    prefix = given if given.startswith(_PREFIX) else _PREFIX + given
    found = [r["id"] for r in read(driver, database, "documents_find", {"prefix": prefix})]
    if prefix in found:
        return prefix
    if len(found) > 1:
        raise InvalidInput(f"{given!r} matches several documents; give more of the id")
    if not found:
        raise NotFound(f"no document with id {given!r}")
    return str(found[0])


def _metadata(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return {str(k): jsonable(v) for k, v in raw.items()}
    if isinstance(raw, str) and raw:
        try:
            value = json.loads(raw)
        except ValueError:
            return {"raw": raw}
        return value if isinstance(value, dict) else {"value": value}
    return {}


def document(driver: Driver, database: str, doc_id: str) -> DocumentDetail:
    rows = read(driver, database, "document", {"id": doc_id})
    if not rows:
        raise NotFound(f"no document with id {doc_id!r}")
    row = rows[0]
    doc = dict(row["doc"])
    mentions = []
    for m in row["mentions"]:
        kind = node_type(m["labels"])
        mentions.append(
            MentionOut(
                entity=Ref(id=m["entity_id"], type=kind, label=label_of(kind, m)),
                sentence=m.get("sentence"),
                start=m["start"],
                end=m["end"],
                text=m["text"],
            )
        )
    summaries = _summaries(driver, database, doc_id, row["facts"])
    facts = [
        FactSpan(
            fact_id=f["fact_id"],
            fact_kind=f["fact_kind"],
            type=f.get("node_type") or f.get("fact_type"),
            sentence=f.get("sentence"),
            start=f["start"],
            end=f["end"],
            text=f["text"],
            extractor=f.get("extractor"),
            confidence=f.get("confidence"),
            summary=summaries.get(f["fact_id"]),
            counted=f.get("fact_type") in FACT_TYPES,
        )
        for f in row["facts"]
    ]
    return DocumentDetail(
        id=doc["id"],
        title=doc.get("title"),
        source=doc.get("source"),
        url=doc.get("url"),
        published=jsonable(doc.get("published")),
        reliability=doc.get("reliability"),
        path=doc.get("path"),
        ingested_at=doc.get("ingested_at"),
        metadata=_metadata(doc.get("metadata")),
        text=doc.get("text") or "",
        sentences=[SentenceBounds(**s) for s in row["sentences"]],
        mentions=mentions,
        facts=facts,
        fact_count=len({f.fact_id for f in facts if f.counted}),
    )


def sentence_number(index: int | None) -> str:
    """A sentence as people read it, everywhere (CLI tables and text, the explorer): numbered from 1.
    The JSON fields (`sentence`, `sentence_index`) are 0-based indexes, like the character offsets."""
    return "" if index is None else str(index + 1)


def _name(node: dict[str, Any] | None) -> str:
    if not node:
        return "(unattributed)"
    return label_of(node_type(node.get("labels")), node)


def _summary(row: Any) -> str:
    target = row["target"] or {}
    if row["type"] == "Event":
        head = _name(target)  # the type, with its modality unless asserted, and its date
        who = ", ".join(f"{_name(p)} ({p.get('role') or '?'})" for p in row["participants"] or [])
        return f"{head}: {who}" if who else head
    return f"{_name(row['source'])} {row['type']} {_name(target)}"


def _summaries(driver: Driver, database: str, doc_id: str, facts: list[Any]) -> dict[str, str]:
    """A readable line per fact id of the document (see cypher/api/document_facts.cypher)."""
    relationship_ids = sorted({f["fact_id"] for f in facts if f["fact_kind"] == "relationship"})
    node_ids = sorted({f["fact_id"] for f in facts if f["fact_kind"] == "node"})
    if not relationship_ids and not node_ids:
        return {}
    rows = read(
        driver,
        database,
        "document_facts",
        {"id": doc_id, "relationship_ids": relationship_ids, "node_ids": node_ids},
    )
    return {r["fact_id"]: _summary(r) for r in rows}
