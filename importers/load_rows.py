"""Extraction -> the parameter rows the cypher/load queries UNWIND (pure: no database).

One `DocumentRows` per document; `combine` merges several documents into the rows of one write
transaction (entities de-duplicated, every list sorted by id so that concurrent transactions take
their locks in the same order and deadlock less). The graph shape these rows produce is described
in docs/graph-model.md; the fact ids derived here (office_of:, border_of:, said:, about:,
participated:) and the evidence ids are part of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from importers import vocabulary
from importers.contract import Entity, Extraction, Span
from importers.graph_schema import (
    ABOUT,
    BORDER_OF,
    EVENT,
    OFFICE_OF,
    PARTICIPATED_IN,
    SAID,
    STATEMENT,
    FactKind,
    RelType,
    entity_label,
    relation_type,
)
from importers.ids import digest, document_id

Row = dict[str, Any]

DEFAULT_CREDIBILITY = 6
"""Admiralty information grade "truth cannot be judged": what a fact gets unless a source says."""

# Contract entity properties the graph model names (importers/vocabulary.yaml); anything else is
# kept as a JSON string.
_ENTITY_PROPERTIES = vocabulary.ENTITY_PROPERTIES


class DocumentRejectedError(ValueError):
    """The extraction cannot be loaded as it is; `problems` says why (nothing was written)."""

    def __init__(self, where: str, problems: Sequence[str]) -> None:
        self.where = where
        self.problems = list(problems)
        shown = "; ".join(self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"{where}: rejected, {len(self.problems)} problem(s): {shown}{more}")


# Derived fact and evidence ids (deterministic: the same fact from any document gets the same id).
def sentence_id(doc_id: str, index: int) -> str:
    return f"{doc_id}#{index}"


def office_of_id(office: str, jurisdiction: str) -> str:
    return "office_of:" + digest(office, jurisdiction)


def border_of_id(border: str, country: str) -> str:
    return "border_of:" + digest(border, country)


def said_id(speaker: str, statement: str) -> str:
    return "said:" + digest(speaker, statement)


def about_id(statement: str, entity: str) -> str:
    return "about:" + digest(statement, entity)


def participated_id(event: str, entity: str, role: str) -> str:
    return "participated:" + digest(event, entity, role)


def evidence_id(fact_id: str, doc_id: str, start: int, end: int) -> str:
    return "ev:" + digest(fact_id, doc_id, str(start), str(end))


def extraction_hash(extraction: Extraction) -> str:
    """Fingerprint of what was extracted: an unchanged hash means re-loading would change nothing."""
    return digest(extraction.model_dump_json(), length=24)


def source_key(extraction: Extraction) -> str | None:
    """What makes two texts versions of one document: the url, else the path."""
    meta = extraction.document
    return meta.url or meta.path or None


def describe(extraction: Extraction) -> str:
    """How to name a document in messages: its file (or url), else its id."""
    meta = extraction.document
    return meta.path or meta.url or meta.id


def _credibility(properties: dict[str, Any]) -> int:
    value = properties.get("credibility")
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 6:
        return value
    return DEFAULT_CREDIBILITY


def _scalar(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) else None


def validate(extraction: Extraction) -> list[str]:
    """Every reason this extraction must not be loaded; empty means it can be."""
    problems: list[str] = []
    body = extraction.text
    if body is None:
        return ["extraction has no body text (Extraction.text), so its spans cannot be verified"]
    expected = document_id(body)
    if extraction.document.id != expected:
        problems.append(
            f"document id {extraction.document.id!r} is not the hash of its text (expected {expected!r})"
        )
    problems.extend(extraction.check_spans(body))
    indexes = [s.index for s in extraction.sentences]
    if len(set(indexes)) != len(indexes):
        problems.append("sentence indexes are not unique")
    known = {e.id for e in extraction.entities}
    for entity in extraction.entities:
        try:
            entity_label(entity.type)
        except ValueError as exc:
            problems.append(str(exc))
        for ref in _entity_refs(entity):
            if ref not in known:
                problems.append(f"entity {entity.id!r} refers to unknown entity {ref!r}")
    for rel in extraction.relations:
        try:
            relation_type(rel.type)
        except ValueError as exc:
            problems.append(str(exc))
        for ref in (rel.source, rel.target):
            if ref not in known:
                problems.append(f"relation {rel.id!r} refers to unknown entity {ref!r}")
    for st in extraction.statements:
        for ref in ([st.speaker] if st.speaker else []) + st.about:
            if ref not in known:
                problems.append(f"statement {st.id!r} refers to unknown entity {ref!r}")
    for ev in extraction.events:
        for p in ev.participants:
            if p.entity not in known:
                problems.append(f"event {ev.id!r} refers to unknown entity {p.entity!r}")
    return problems


def _entity_refs(entity: Entity) -> list[str]:
    props = entity.properties
    refs: list[str] = []
    if entity.type == "Office" and isinstance(props.get("jurisdiction"), str):
        refs.append(props["jurisdiction"])
    if entity.type == "Border" and isinstance(props.get("countries"), list):
        refs.extend(c for c in props["countries"] if isinstance(c, str))
    return refs


@dataclass
class DocumentRows:
    """The rows one document contributes, and the counts the progress bar shows."""

    doc_id: str
    source_key: str | None
    extraction_hash: str
    where: str
    document: Row
    sentences: list[Row] = field(default_factory=list)
    entities: list[Row] = field(default_factory=list)
    fact_relations: list[Row] = field(default_factory=list)
    statements: list[Row] = field(default_factory=list)
    statement_links: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    participants: list[Row] = field(default_factory=list)
    evidence: list[Row] = field(default_factory=list)
    # What this document says of the values sources can disagree on (vocabulary `compared`):
    # per fact, and per piece of its evidence (written as `claim_<field>` on the Evidence).
    claims: list[Row] = field(default_factory=list)
    contested: list[Row] = field(default_factory=list)
    # Entity resolution (importers/resolution.py): this document's mention records, and the
    # lone-name entities its full names absorb.
    resolutions: list[Row] = field(default_factory=list)
    absorbed: list[Row] = field(default_factory=list)
    facts: int = 0  # contract facts: relations + statements + events


@dataclass(frozen=True)
class Origin:
    """Who asserted a fact and how firmly: copied onto each of its Evidence nodes."""

    extractor: str | None
    confidence: float | None
    credibility: int = DEFAULT_CREDIBILITY

    @classmethod
    def of_entity(cls, properties: dict[str, Any]) -> Origin:
        extractor = properties.get("extractor")
        confidence = properties.get("confidence")
        return cls(
            extractor=extractor if isinstance(extractor, str) else None,
            confidence=float(confidence) if isinstance(confidence, int | float) else None,
            credibility=_credibility(properties),
        )


class _EvidenceBuilder:
    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.rows: dict[str, Row] = {}

    def add(
        self,
        span: Span,
        *,
        fact_id: str,
        kind: FactKind,
        fact_type: str,
        origin: Origin,
    ) -> None:
        eid = evidence_id(fact_id, self.doc_id, span.start, span.end)
        self.rows.setdefault(
            eid,
            {
                "id": eid,
                "fact_id": fact_id,
                "fact_kind": kind.value,
                "fact_type": fact_type,
                "doc_id": self.doc_id,
                "sentence_id": sentence_id(self.doc_id, span.sentence),
                "sentence_index": span.sentence,
                "start": span.start,
                "end": span.end,
                "text": span.text,
                "extractor": origin.extractor,
                "confidence": origin.confidence,
                "credibility": origin.credibility,
            },
        )


def document_rows(extraction: Extraction) -> DocumentRows:
    """Rows for one document. Raises DocumentRejectedError if `validate` finds problems."""
    problems = validate(extraction)
    where = describe(extraction)
    if problems:
        raise DocumentRejectedError(where, problems)
    meta = extraction.document
    doc_id = meta.id
    key = source_key(extraction)
    fingerprint = extraction_hash(extraction)
    rows = DocumentRows(
        doc_id=doc_id,
        source_key=key,
        extraction_hash=fingerprint,
        where=where,
        document={
            "id": doc_id,
            "title": meta.title,
            "source": meta.source,
            "url": meta.url,
            "path": meta.path,
            "published": meta.published,
            "metadata": json.dumps(meta.metadata, sort_keys=True, default=str),
            "reliability": meta.reliability,
            "text": extraction.text,
            "extraction_hash": fingerprint,
            "contract": extraction.contract,
        },
    )
    ordered = sorted(extraction.sentences, key=lambda s: s.index)
    for s in ordered:
        rows.sentences.append(
            {
                "id": sentence_id(doc_id, s.index),
                "doc_id": doc_id,
                "index": s.index,
                "start": s.start,
                "end": s.end,
                "text": s.text,
            }
        )

    evidence = _EvidenceBuilder(doc_id)
    labels = {e.id: entity_label(e.type) for e in extraction.entities}
    support = _support_spans(extraction)

    for entity in extraction.entities:
        rows.entities.append(entity_row(entity))
        label = labels[entity.id]
        origin = Origin.of_entity(entity.properties)
        for span in entity.mentions:
            evidence.add(
                span,
                fact_id=entity.id,
                kind=FactKind.MENTION,
                fact_type=label.value,
                origin=origin,
            )
        for rel_type, target in _intrinsic_links(entity):
            fid = (
                office_of_id(entity.id, target)
                if rel_type is OFFICE_OF
                else border_of_id(entity.id, target)
            )
            rows.fact_relations.append(
                {
                    "id": fid,
                    "type": rel_type.value,
                    "source": entity.id,
                    "target": target,
                    "valid_from": None,
                    "valid_to": None,
                    "properties": None,
                }
            )
            for span in support.get(entity.id, []):
                evidence.add(
                    span,
                    fact_id=fid,
                    kind=FactKind.RELATIONSHIP,
                    fact_type=rel_type.value,
                    origin=origin,
                )

    for rel in extraction.relations:
        gtype = relation_type(rel.type)
        rows.fact_relations.append(
            {
                "id": rel.id,
                "type": gtype.value,
                "source": rel.source,
                "target": rel.target,
                "valid_from": rel.valid_from,
                "valid_to": rel.valid_to,
                "properties": _extra_json(rel.properties, exclude=("credibility",)),
            }
        )
        for span in rel.evidence:
            evidence.add(
                span,
                fact_id=rel.id,
                kind=FactKind.RELATIONSHIP,
                fact_type=gtype.value,
                origin=Origin(rel.extractor, rel.confidence, _credibility(rel.properties)),
            )
        rows.facts += 1

    for st in extraction.statements:
        rows.statements.append(
            {
                "id": st.id,
                "text": st.text,
                "kind": st.kind,
                "channel": st.channel,
                "date": st.date,
                "speaker": st.speaker,
            }
        )
        links: list[tuple[RelType, str, str]] = []
        if st.speaker:
            links.append((SAID, said_id(st.speaker, st.id), st.speaker))
        for about in dict.fromkeys(st.about):
            links.append((ABOUT, about_id(st.id, about), about))
        for rel_type, fid, entity_id in links:
            rows.statement_links.append(
                {"id": fid, "type": rel_type.value, "entity": entity_id, "statement": st.id}
            )
        for span in st.evidence:
            origin = Origin(st.extractor, st.confidence)
            evidence.add(
                span, fact_id=st.id, kind=FactKind.NODE, fact_type=STATEMENT.value, origin=origin
            )
            for rel_type, fid, _ in links:
                evidence.add(
                    span, fact_id=fid, kind=FactKind.RELATIONSHIP, fact_type=rel_type.value, origin=origin
                )
        rows.facts += 1

    for ev in extraction.events:
        rows.events.append(
            {
                "id": ev.id,
                "type": ev.type,
                "cameo": ev.cameo,
                "modality": ev.modality,
                "date": ev.date,
                "date_text": ev.date_text,
            }
        )
        parts: dict[str, Row] = {}
        for p in ev.participants:
            fid = participated_id(ev.id, p.entity, p.role)
            parts.setdefault(fid, {"id": fid, "entity": p.entity, "event": ev.id, "role": p.role})
        rows.participants.extend(parts.values())
        for span in ev.evidence:
            origin = Origin(ev.extractor, ev.confidence)
            evidence.add(
                span, fact_id=ev.id, kind=FactKind.NODE, fact_type=EVENT.value, origin=origin
            )
            for fid in parts:
                evidence.add(
                    span,
                    fact_id=fid,
                    kind=FactKind.RELATIONSHIP,
                    fact_type=PARTICIPATED_IN.value,
                    origin=origin,
                )
        rows.facts += 1

    rows.evidence = list(evidence.rows.values())
    _add_claims(rows)
    return rows


CLAIM_PREFIX = "claim_"
"""Evidence property prefix of the value the evidence's document gives (`claim_length_km`)."""


def _claimed(row: Row, fields: Sequence[str]) -> Row:
    return {CLAIM_PREFIX + f: row[f] for f in fields if row.get(f) is not None}


def _add_claims(rows: DocumentRows) -> None:
    """Per fact with a value sources can disagree on: the values this document gives, on each
    piece of its evidence, and a row asking the loader to recompute the fact's contested state."""
    compared = vocabulary.COMPARED
    facts: dict[str, tuple[Row, Row]] = {}  # fact id -> (claims, contested row)
    kinds: tuple[tuple[str, str, list[Row]], ...] = (
        ("entity", "Entity", rows.entities),
        ("statement", STATEMENT.value, rows.statements),
        ("event", EVENT.value, rows.events),
    )
    for kind, name, found in kinds:
        for row in found:
            fields = compared.get(name, [])
            facts[row["id"]] = (_claimed(row, fields), {"kind": kind, "fields": fields})
    for row in rows.fact_relations:
        fields = compared.get(row["type"], [])
        ends = {"source": row["source"], "target": row["target"]}
        facts[row["id"]] = (_claimed(row, fields), {"kind": "relationship", "fields": fields, **ends})
    claimed = {fid: pair for fid, pair in facts.items() if pair[0]}
    for ev in rows.evidence:
        pair = claimed.get(ev["fact_id"])
        if pair is not None:
            rows.claims.append({"id": ev["id"], "claims": pair[0]})
    supported = {ev["fact_id"] for ev in rows.evidence}
    for fid, (_, contested) in sorted(claimed.items()):
        if fid in supported:
            rows.contested.append({"id": fid, "source": None, "target": None, **contested})


def document_tree(rows: DocumentRows) -> Row:
    """The document row with its sentences nested, each with its evidence nested: the shape
    create_document_tree.cypher writes in one pass (no lookups of nodes it has just created)."""
    # Evidence is grouped by what it supports, so each group's query links it without testing.
    groups: dict[int, dict[str, list[Row]]] = {s["index"]: {k: [] for k in _GROUPS} for s in rows.sentences}
    for ev in sorted(rows.evidence, key=lambda r: (r["start"], r["end"], r["id"])):
        groups[ev["sentence_index"]][_group(ev)].append(ev)
    sentences = [dict(s, **groups[s["index"]]) for s in rows.sentences]
    return dict(rows.document, sentences=sentences)


_GROUPS = ("mention_evidence", "statement_evidence", "event_evidence", "fact_evidence")


def _group(evidence: Row) -> str:
    if evidence["fact_kind"] == FactKind.MENTION:
        return "mention_evidence"
    if evidence["fact_type"] == STATEMENT:
        return "statement_evidence"
    if evidence["fact_type"] == EVENT:
        return "event_evidence"
    return "fact_evidence"


def entity_row(entity: Entity) -> Row:
    props = entity.properties
    row: Row = {
        "id": entity.id,
        "label": entity_label(entity.type).value,
        "name": entity.name,
        "aliases": sorted({a for a in entity.aliases if a and a != entity.name}),
        "properties": _extra_json(
            props, exclude=(*_ENTITY_PROPERTIES, "extractor", "confidence", "credibility")
        ),
    }
    for key in _ENTITY_PROPERTIES:
        value = props.get(key)
        if key == "countries":
            value = sorted(c for c in value if isinstance(c, str)) if isinstance(value, list) else None
        else:
            value = _scalar(value)
        row[key] = value
    return row


def _intrinsic_links(entity: Entity) -> list[tuple[RelType, str]]:
    if entity.type == "Office":
        return [(OFFICE_OF, ref) for ref in _entity_refs(entity)]
    if entity.type == "Border":
        return [(BORDER_OF, ref) for ref in sorted(set(_entity_refs(entity)))]
    return []


def _support_spans(extraction: Extraction) -> dict[str, list[Span]]:
    """Spans that show an entity in this document: its mentions, else the evidence of facts using it."""
    spans: dict[str, list[Span]] = {e.id: list(e.mentions) for e in extraction.entities}
    fallback: dict[str, list[Span]] = {}
    for rel in extraction.relations:
        for ref in (rel.source, rel.target):
            fallback.setdefault(ref, []).extend(rel.evidence)
    for st in extraction.statements:
        for ref in ([st.speaker] if st.speaker else []) + st.about:
            fallback.setdefault(ref, []).extend(st.evidence)
    for ev in extraction.events:
        for p in ev.participants:
            fallback.setdefault(p.entity, []).extend(ev.evidence)
    for entity_id, own in spans.items():
        if not own:
            spans[entity_id] = fallback.get(entity_id, [])
    return spans


def _extra_json(properties: dict[str, Any], *, exclude: Iterable[str]) -> str | None:
    skip = set(exclude)
    extra = {k: v for k, v in properties.items() if k not in skip}
    return json.dumps(extra, sort_keys=True, default=str) if extra else None


@dataclass
class BatchRows:
    """The rows of one write transaction: several whole documents."""

    entities: list[Row]
    fact_relations: list[Row]
    statements: list[Row]
    statement_links: list[Row]
    events: list[Row]
    participants: list[Row]
    documents: list[Row]  # document trees (see document_tree), written last: evidence cites the above
    claims: list[Row] = field(default_factory=list)  # per Evidence id: the values its document gives
    contested: list[Row] = field(default_factory=list)  # facts whose contested state to recompute
    resolutions: list[Row] = field(default_factory=list)  # entity resolution's records (by id)
    absorbed: list[Row] = field(default_factory=list)  # lone-name people merged into full names


def _least(a: Any, b: Any) -> Any:
    """The smaller of two property values, None losing to anything (as the CASE in the Cypher)."""
    if a is None:
        return b
    if b is None:
        return a
    try:
        return b if b < a else a
    except TypeError:  # values of different types: Cypher's `<` is null there, keeping the stored one
        return a


def combine(docs: Sequence[DocumentRows]) -> BatchRows:
    """Merge documents' rows into one transaction's rows.

    A node or fact appearing in several documents becomes one row: aliases united, and for every
    other property the smallest non-null value, which is what the Cypher does across transactions.
    So the graph depends neither on the order of documents nor on where batch boundaries fall:
    concurrent, resumed and clean imports of one corpus end identical.
    """

    def gather(attr: str) -> list[Row]:
        merged: dict[str, Row] = {}
        for doc in docs:
            for row in getattr(doc, attr):
                seen = merged.get(row["id"])
                if seen is None:
                    merged[row["id"]] = dict(row)
                    continue
                for key, value in row.items():
                    if key == "aliases":
                        seen[key] = sorted(set(seen[key]) | set(value))
                    else:
                        seen[key] = _least(seen.get(key), value)
        return [merged[k] for k in sorted(merged)]

    return BatchRows(
        entities=gather("entities"),
        fact_relations=gather("fact_relations"),
        statements=gather("statements"),
        statement_links=gather("statement_links"),
        events=gather("events"),
        participants=gather("participants"),
        claims=sorted((c for d in docs for c in d.claims), key=lambda c: c["id"]),
        contested=sorted({c["id"]: c for d in docs for c in d.contested}.values(), key=lambda c: c["id"]),
        documents=[document_tree(d) for d in sorted(docs, key=lambda d: d.doc_id)],
        resolutions=sorted({r["id"]: r for d in docs for r in d.resolutions}.values(), key=lambda r: r["id"]),
        absorbed=[r for d in docs for r in d.absorbed],
    )
