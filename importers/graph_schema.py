"""The graph's fixed vocabulary: node labels and relationship types (docs/graph-model.md).

Derived from the one vocabulary (importers/vocabulary.yaml, read by importers/vocabulary.py):
nothing here lists a type by hand. The load queries set an entity's label and a fact's relationship
type dynamically (`SET n:$(row.label)`, `MERGE ()-[r:$(row.type)]->()`, Neo4j 5.26) from values
taken only from these enums; reads by fact id keep one branch per type (index seeks), and
tests/unit/test_vocabulary.py fails on a label or type in any Cypher file that the vocabulary lacks,
or on per-type branches that do not name exactly its fact types. Nothing else ever reaches Cypher
as a label or type: an extraction whose types are not in the vocabulary is rejected before any
query runs.
"""

from __future__ import annotations

from enum import StrEnum

from importers import vocabulary

# Built from the vocabulary; a member is reached by its value (`NodeLabel("Statement")`), which
# fails at import if the vocabulary lost it. The names the loader's code depends on follow.
NodeLabel = StrEnum("NodeLabel", {name.upper(): name for name in vocabulary.NODE_LABELS})  # type: ignore[misc]
RelType = StrEnum("RelType", {name: name for name in vocabulary.RELATIONSHIP_TYPES})  # type: ignore[misc]

STATEMENT = NodeLabel("Statement")
EVENT = NodeLabel("Event")
OFFICE_OF = RelType("OFFICE_OF")
BORDER_OF = RelType("BORDER_OF")
SAID = RelType("SAID")
ABOUT = RelType("ABOUT")
PARTICIPATED_IN = RelType("PARTICIPATED_IN")


class FactKind(StrEnum):
    """What an Evidence node supports (`Evidence.fact_kind`)."""

    RELATIONSHIP = "relationship"  # a fact relationship, found by its id (= Evidence.fact_id)
    NODE = "node"  # a Statement or Event node, also linked by (:Evidence)-[:SUPPORTS]->
    MENTION = "mention"  # an entity mentioned in a sentence, also linked by SUPPORTS


ENTITY_LABELS: dict[str, NodeLabel] = {name: NodeLabel(name) for name in vocabulary.ENTITY_TYPES}
"""Contract entity type -> the label added next to :Entity."""

RELATION_TYPES: dict[str, RelType] = {name: RelType(name) for name in vocabulary.RELATION_TYPES}
"""Contract relation type -> graph relationship type."""

FACT_RELATIONSHIPS: tuple[RelType, ...] = tuple(RelType(name) for name in vocabulary.FACT_TYPES)
"""Relationship types that are facts: they have an `id` and Evidence, and retraction removes them."""

NODE_FACT_LABELS: tuple[NodeLabel, ...] = tuple(NodeLabel(name) for name in vocabulary.NODE_FACT_LABELS)

VOLATILE_PROPERTIES: frozenset[str] = frozenset(
    {"ingested_at", "first_seen", "last_seen", "retracted_at", "decided_at"}
)
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
