"""Provenance: every piece of evidence behind a node or relationship fact."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from app.graph.common import jsonable, label_of, node_type, read
from app.graph.errors import NotFound
from app.schemas import (
    ClaimedValue,
    DocumentMetaOut,
    Marked,
    ProvenanceEvidence,
    ProvenanceResponse,
    SentenceOut,
    SpanOut,
)

MAX_EVIDENCE = 1000
CLAIM_PREFIX = "claim_"  # importers/load_rows.py: the value an evidence's document gives


def _name(props: dict[str, Any] | None) -> str:
    if not props:
        return "?"
    if props.get("text") and not props.get("name"):
        return label_of("Statement", props)
    if props.get("type") and not props.get("name") and not props.get("title"):
        return label_of("Event", props)
    return str(props.get("name") or props.get("title") or props.get("id"))


def marked(sentence: dict[str, Any] | None, start: int, end: int) -> Marked | None:
    """The span relative to its sentence; None when the span is not inside the sentence text."""
    if not sentence or sentence.get("start") is None or sentence.get("text") is None:
        return None
    text: str = sentence["text"]
    rel_start, rel_end = start - sentence["start"], end - sentence["start"]
    if not (0 <= rel_start <= rel_end <= len(text)):
        return None
    return Marked(
        start=rel_start, end=rel_end, pre=text[:rel_start], match=text[rel_start:rel_end], post=text[rel_end:]
    )


def provenance(driver: Driver, database: str, fact_id: str) -> ProvenanceResponse:
    facts = read(driver, database, "provenance_fact", {"id": fact_id})
    if not facts:
        raise NotFound(f"no node or relationship fact with id {fact_id!r}")
    fact = facts[0]
    props: dict[str, Any] = fact["props"] or {}
    if fact["kind"] == "relationship":
        kind_type = fact["rel_type"]
        summary = f"{_name(fact['source'])} {kind_type} {_name(fact['target'])}"
    else:
        node_kind = node_type(fact["labels"])
        kind_type = str(props.get("type")) if node_kind == "Event" and props.get("type") else node_kind
        summary = f"{node_kind}: {label_of(node_kind, props)}"

    rows = read(driver, database, "provenance_evidence", {"id": fact_id, "limit": MAX_EVIDENCE})
    evidence = []
    docs = set()
    values: dict[tuple[str, str], ClaimedValue] = {}
    for row in rows:
        e = row["evidence"]
        doc = row["document"] or {"id": e.get("doc_id")}
        docs.add(doc["id"])
        claims = _claims(e)
        for name, value in claims.items():
            claimed = values.setdefault(
                (name, repr(value)), ClaimedValue(field=name, value=value, documents=[], evidence=[])
            )
            if doc["id"] not in claimed.documents:
                claimed.documents.append(doc["id"])
            claimed.evidence.append(e["id"])
        sentence = row["sentence"]
        evidence.append(
            ProvenanceEvidence(
                evidence_id=e["id"],
                extractor=e.get("extractor"),
                confidence=e.get("confidence"),
                credibility=e.get("credibility"),
                ingested_at=jsonable(e.get("ingested_at")),
                document=DocumentMetaOut(**{k: jsonable(v) for k, v in doc.items()}),
                sentence=SentenceOut(**sentence) if sentence else None,
                span=SpanOut(start=e["start"], end=e["end"], text=e["text"]),
                marked=marked(sentence, e["start"], e["end"]),
                claims=claims,
            )
        )
    return ProvenanceResponse(
        fact_id=fact_id,
        fact_kind=fact["kind"],
        type=kind_type,
        summary=summary,
        sources=len(docs),
        evidence=evidence,
        contested=bool(props.get("contested")),
        contested_fields=list(props.get("contested_fields") or []),
        values=sorted(values.values(), key=lambda v: (v.field, repr(v.value))),
    )


def _claims(evidence: dict[str, Any]) -> dict[str, Any]:
    """The values the evidence's document gives (`claim_<field>` properties), by field."""
    return {
        key[len(CLAIM_PREFIX) :]: jsonable(value)
        for key, value in sorted(evidence.items())
        if key.startswith(CLAIM_PREFIX) and value is not None
    }
