"""The graph's fixed vocabulary: node labels and relationship types (docs/graph-model.md).

Cypher cannot take a label or a relationship type as a parameter, so the load queries under
cypher/load/ spell them out; this module is the one list they are checked against (a unit test
reads every cypher/load file and fails on a label or type missing here), and the mapping from the
extraction contract's types to the graph's. Nothing else ever reaches Cypher as a label or type:
an extraction whose types are not in these mappings is rejected before any query runs.
"""

from __future__ import annotations

from enum import StrEnum
from typing import get_args

from importers.contract import EntityType, RelationType


class NodeLabel(StrEnum):
    # Lexical layer.
    DOCUMENT = "Document"
    SENTENCE = "Sentence"
    # Domain layer: every resolved thing carries ENTITY plus its type label.
    ENTITY = "Entity"
    PERSON = "Person"
    ORGANIZATION = "Organization"
    COUNTRY = "Country"
    OFFICE = "Office"
    BORDER = "Border"
    # Node facts.
    STATEMENT = "Statement"
    EVENT = "Event"
    # Provenance and history.
    EVIDENCE = "Evidence"
    RETRACTION = "Retraction"


class RelType(StrEnum):
    # Lexical layer.
    HAS_SENTENCE = "HAS_SENTENCE"
    NEXT = "NEXT"
    # Facts (each carries `id`; its Evidence nodes carry the same id as `fact_id`).
    HOLDS_OFFICE = "HOLDS_OFFICE"
    MEMBER_OF = "MEMBER_OF"
    PART_OF = "PART_OF"
    ALLIED_WITH = "ALLIED_WITH"
    OFFICE_OF = "OFFICE_OF"
    BORDER_OF = "BORDER_OF"
    SAID = "SAID"
    ABOUT = "ABOUT"
    PARTICIPATED_IN = "PARTICIPATED_IN"
    # Provenance.
    IN_SENTENCE = "IN_SENTENCE"
    SUPPORTS = "SUPPORTS"


class FactKind(StrEnum):
    """What an Evidence node supports (`Evidence.fact_kind`)."""

    RELATIONSHIP = "relationship"  # a fact relationship, found by its id (= Evidence.fact_id)
    NODE = "node"  # a Statement or Event node, also linked by (:Evidence)-[:SUPPORTS]->
    MENTION = "mention"  # an entity mentioned in a sentence, also linked by SUPPORTS


ENTITY_LABELS: dict[str, NodeLabel] = {
    "Person": NodeLabel.PERSON,
    "Organization": NodeLabel.ORGANIZATION,
    "Country": NodeLabel.COUNTRY,
    "Office": NodeLabel.OFFICE,
    "Border": NodeLabel.BORDER,
}
"""Contract entity type -> the label added next to :Entity."""

RELATION_TYPES: dict[str, RelType] = {
    "HOLDS_OFFICE": RelType.HOLDS_OFFICE,
    "MEMBER_OF": RelType.MEMBER_OF,
    "PART_OF": RelType.PART_OF,
    "ALLIED_WITH": RelType.ALLIED_WITH,
}
"""Contract relation type -> graph relationship type."""

FACT_RELATIONSHIPS: tuple[RelType, ...] = (
    RelType.HOLDS_OFFICE,
    RelType.MEMBER_OF,
    RelType.PART_OF,
    RelType.ALLIED_WITH,
    RelType.OFFICE_OF,
    RelType.BORDER_OF,
    RelType.SAID,
    RelType.ABOUT,
    RelType.PARTICIPATED_IN,
)
"""Relationship types that are facts: they have an `id` and Evidence, and retraction removes them."""

NODE_FACT_LABELS: tuple[NodeLabel, ...] = (NodeLabel.STATEMENT, NodeLabel.EVENT)

VOLATILE_PROPERTIES: frozenset[str] = frozenset({"ingested_at", "first_seen", "last_seen", "retracted_at"})
"""When the system learned something: excluded from the content checksum (a re-import changes them)."""


def entity_label(entity_type: str) -> NodeLabel:
    try:
        return ENTITY_LABELS[entity_type]
    except KeyError:
        raise ValueError(f"entity type {entity_type!r} has no graph label") from None


def relation_type(contract_type: str) -> RelType:
    try:
        return RELATION_TYPES[contract_type]
    except KeyError:
        raise ValueError(f"relation type {contract_type!r} has no graph relationship type") from None


def _check_covers_contract() -> None:
    # A contract type without a graph mapping would be rejected at load time; catch it at import.
    missing = [t for t in get_args(EntityType) if t not in ENTITY_LABELS]
    missing += [t for t in get_args(RelationType) if t not in RELATION_TYPES]
    if missing:
        raise RuntimeError(f"graph_schema has no mapping for contract types {missing}")


_check_covers_contract()
