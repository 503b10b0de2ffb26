"""Documents: list, read with spans, ingest through the import pipeline, retract."""

from __future__ import annotations

import json
from typing import Any

from neo4j import Driver

from app.errors import NotFound
from app.graph.common import decode_cursor, encode_cursor, jsonable, label_of, node_type, read
from app.schemas import (
    DocumentDetail,
    DocumentPage,
    DocumentSummary,
    FactSpan,
    MentionOut,
    Ref,
    SentenceBounds,
)


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
        {"after": decode_cursor(cursor), "limit": limit + 1, "source": source},
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
    )
