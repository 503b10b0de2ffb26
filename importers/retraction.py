"""Retracting a source: what only it supported disappears, what others also support stays.

`retract_document` runs in one write transaction: the document, its sentences and evidence go;
then every fact relationship, statement and event left with no evidence; then every entity left
with no relationship at all; a (:Retraction) node records what was removed and when. The loader
calls `retract_in_tx` inside its own transaction when a changed document replaces an older version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from neo4j import ManagedTransaction

from importers.cypher_runner import CypherRunner
from importers.generation import bump_in_tx
from importers.graph_schema import FactKind
from importers.ids import digest
from importers.vocabulary import COMPARED


@dataclass
class RetractionResult:
    doc_id: str
    reason: str
    retracted_at: dt.datetime
    evidence_removed: int = 0
    facts_removed: list[str] = field(default_factory=list)
    entities_removed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "reason": self.reason,
            "retracted_at": self.retracted_at.isoformat(),
            "evidence_removed": self.evidence_removed,
            "facts_removed": len(self.facts_removed),
            "entities_removed": len(self.entities_removed),
        }


def retract_in_tx(
    runner: CypherRunner,
    tx: ManagedTransaction,
    doc_id: str,
    *,
    now: dt.datetime,
    reason: str = "deleted",
    replaced_by: str | None = None,
) -> RetractionResult | None:
    """Retract one document inside `tx`; None when no such document exists."""
    shown = runner.run(tx, "load/retract_find", doc_id=doc_id).single()
    if shown is None:
        return None
    document = shown["document"]
    result = RetractionResult(doc_id=doc_id, reason=reason, retracted_at=now)

    relationship_facts: set[str] = set()
    node_facts: set[str] = set()
    candidates: set[str] = set()
    for record in runner.run(tx, "load/retract_collect", doc_id=doc_id):
        kind = record["kind"]
        if kind == FactKind.RELATIONSHIP:
            relationship_facts.add(record["fact_id"])
        elif kind == FactKind.NODE:
            node_facts.add(record["fact_id"])
        elif kind == FactKind.MENTION:
            candidates.add(record["fact_id"])

    deleted = runner.run(tx, "load/retract_delete_evidence", doc_id=doc_id).single()
    result.evidence_removed = int(deleted["deleted"]) if deleted else 0
    runner.run(tx, "load/retract_delete_document", doc_id=doc_id).consume()
    runner.run(tx, "load/retract_resolutions", doc_id=doc_id).consume()

    for record in runner.run(
        tx, "load/retract_relationship_facts", fact_ids=sorted(relationship_facts), compared=COMPARED
    ):
        result.facts_removed.append(record["fact_id"])
        candidates.update((record["source"], record["target"]))
    for record in runner.run(tx, "load/retract_node_facts", fact_ids=sorted(node_facts), compared=COMPARED):
        result.facts_removed.append(record["fact_id"])
        candidates.update(record["neighbours"])
    for record in runner.run(
        tx, "load/retract_orphan_entities", entity_ids=sorted(candidates), compared=COMPARED
    ):
        result.entities_removed.append(record["entity_id"])

    removed = sorted(set(result.facts_removed)) + sorted(set(result.entities_removed))
    runner.run(
        tx,
        "load/retract_record",
        id="retraction:" + digest(doc_id, now.isoformat()),
        doc_id=doc_id,
        reason=reason,
        replaced_by=replaced_by,
        now=now,
        facts_removed=len(set(result.facts_removed)),
        entities_removed=len(set(result.entities_removed)),
        removed_ids=removed,
        title=document.get("title"),
        source_key=document.get("url") or document.get("path"),
    ).consume()
    return result


def retract_document(runner: CypherRunner, doc_id: str) -> RetractionResult | None:
    """Retract `doc_id` atomically (one write transaction); None when no such document is loaded."""
    now = dt.datetime.now(dt.UTC)
    return runner.write_transaction(_retract, runner, doc_id, now)


def _retract(
    tx: ManagedTransaction, runner: CypherRunner, doc_id: str, now: dt.datetime
) -> RetractionResult | None:
    result = retract_in_tx(runner, tx, doc_id, now=now)
    if result is not None:
        bump_in_tx(runner, tx)  # last, in the same transaction (importers/generation.py)
    return result
