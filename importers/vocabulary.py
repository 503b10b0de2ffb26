"""The one vocabulary of node, fact and event types, read from importers/vocabulary.yaml.

Every other list of types is derived from it: the extraction contract's types
(importers/contract.py), the graph's labels and relationship types (importers/graph_schema.py), the
API's enums (app/schemas.py), the labels and types the load Cypher sets dynamically, and the
warm-up parameters (app/graph/warmup.py). tests/unit/test_vocabulary.py holds them together and
checks every label and type the Cypher files spell out. The file is read once (safe YAML) and
checked: a broken vocabulary fails at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
ANY_ENTITY = "Entity"
"""In a fact's `source`/`target`: any entity type."""

TIE_CHANGES = ("establish", "restore", "break")


class VocabularyError(ValueError):
    """vocabulary.yaml is not well formed."""


@dataclass(frozen=True)
class NodeType:
    name: str
    layer: str
    entity: bool
    api: bool
    search: bool
    compared: tuple[str, ...]


@dataclass(frozen=True)
class FactType:
    name: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    temporal: tuple[str, ...]
    compared: tuple[str, ...]
    properties: tuple[str, ...]
    contract: bool
    derived: str | None


@dataclass(frozen=True)
class EventType:
    name: str
    cameo: str | None
    tie: str | None
    change: str | None


@dataclass(frozen=True)
class ActorLinks:
    """How events and statements collapse into actor-to-actor links (vocabulary `actor_links`)."""

    default: str
    statement: str
    events: dict[str, str]  # event type -> link kind
    directed: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    version: int
    nodes: dict[str, NodeType]
    facts: dict[str, FactType]
    relationships: dict[str, str]  # non-fact relationship type -> layer
    events: dict[str, EventType]
    entity_properties: tuple[str, ...]
    entity_compared: tuple[str, ...]
    modalities: tuple[str, ...]
    roles: tuple[str, ...]
    statement_kinds: tuple[str, ...]
    reliability: tuple[str, ...]
    actor_links: ActorLinks


def _actor_links(raw: Any, events: dict[str, EventType]) -> ActorLinks:
    if not isinstance(raw, dict):
        raise VocabularyError("actor_links: expected a mapping")
    by_event = raw.get("events") or {}
    if not isinstance(by_event, dict) or not all(isinstance(v, str) and v for v in by_event.values()):
        raise VocabularyError("actor_links.events: expected event type -> link kind")
    unknown = [e for e in by_event if e not in events]
    if unknown:
        raise VocabularyError(f"actor_links.events: {unknown} are not event types")
    default, statement = raw.get("default"), raw.get("statement")
    if not (isinstance(default, str) and default and isinstance(statement, str) and statement):
        raise VocabularyError("actor_links: `default` and `statement` must name link kinds")
    kinds = {default, statement, *by_event.values()}
    directed = _strings(raw.get("directed"), "actor_links.directed")
    if not set(directed) <= kinds:
        raise VocabularyError("actor_links.directed: must name link kinds")
    return ActorLinks(default=default, statement=statement, events=dict(by_event), directed=directed)


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(v, str) and v for v in raw):
        raise VocabularyError(f"{where}: expected a list of names")
    if len(set(raw)) != len(raw):
        raise VocabularyError(f"{where}: repeated names")
    return tuple(raw)


def _mapping(raw: Any, where: str) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, dict) or not raw:
        raise VocabularyError(f"{where}: expected a mapping")
    out: dict[str, dict[str, Any]] = {}
    for name, body in raw.items():
        if not isinstance(name, str) or not name.replace("_", "").isalnum():
            raise VocabularyError(f"{where}: {name!r} is not a plain name")
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise VocabularyError(f"{where}.{name}: expected a mapping")
        out[name] = body
    return out


def parse(raw: Any) -> Vocabulary:
    """Check and type the YAML document `raw` (already parsed)."""
    if not isinstance(raw, dict):
        raise VocabularyError("the vocabulary must be a mapping")
    nodes = {
        name: NodeType(
            name=name,
            layer=str(body.get("layer", "")),
            entity=bool(body.get("entity", False)),
            api=bool(body.get("api", False)),
            search=bool(body.get("search", False)),
            compared=_strings(body.get("compared"), f"nodes.{name}.compared"),
        )
        for name, body in _mapping(raw.get("nodes"), "nodes").items()
    }
    entity_types = {n for n, t in nodes.items() if t.entity}
    ends = entity_types | {n for n, t in nodes.items() if t.layer == "fact"} | {ANY_ENTITY}
    facts: dict[str, FactType] = {}
    for name, body in _mapping(raw.get("facts"), "facts").items():
        fact = FactType(
            name=name,
            source=_strings(body.get("source"), f"facts.{name}.source"),
            target=_strings(body.get("target"), f"facts.{name}.target"),
            temporal=_strings(body.get("temporal"), f"facts.{name}.temporal"),
            compared=_strings(body.get("compared"), f"facts.{name}.compared"),
            properties=_strings(body.get("properties"), f"facts.{name}.properties"),
            contract=bool(body.get("contract", False)),
            derived=str(body["derived"]) if body.get("derived") else None,
        )
        unknown = [t for t in (*fact.source, *fact.target) if t not in ends]
        if unknown or not fact.source or not fact.target:
            raise VocabularyError(f"facts.{name}: source/target must name node types, not {unknown}")
        if not set(fact.compared) <= set(fact.temporal) | set(fact.properties):
            raise VocabularyError(f"facts.{name}: compared fields must be temporal fields or properties")
        if fact.contract == (fact.derived is not None):
            raise VocabularyError(f"facts.{name}: either `contract: true` or `derived`")
        facts[name] = fact
    declared = _mapping(raw.get("relationships"), "relationships")
    relationships = {name: str(body.get("layer", "")) for name, body in declared.items()}
    events: dict[str, EventType] = {}
    for name, body in _mapping(raw.get("events"), "events").items():
        cameo = body.get("cameo")
        if cameo is not None and not (isinstance(cameo, str) and cameo.isdigit() and len(cameo) in (2, 3, 4)):
            raise VocabularyError(f"events.{name}: cameo must be a quoted code like \"042\" or null")
        tie, change = body.get("tie"), body.get("change")
        if (tie is None) != (change is None) or (change is not None and change not in TIE_CHANGES):
            raise VocabularyError(f"events.{name}: `tie` and `change` ({'/'.join(TIE_CHANGES)}) go together")
        events[name] = EventType(name=name, cameo=cameo, tie=tie, change=change)
    if set(facts) & set(relationships) or set(nodes) & (set(facts) | set(relationships)):
        raise VocabularyError("a name is declared twice")
    entity_properties = _strings(raw.get("entity_properties"), "entity_properties")
    entity_compared = _strings(raw.get("entity_compared"), "entity_compared")
    if not set(entity_compared) <= set(entity_properties):
        raise VocabularyError("entity_compared must be entity properties")
    return Vocabulary(
        version=int(raw.get("version", 0)),
        nodes=nodes,
        facts=facts,
        relationships=relationships,
        events=events,
        entity_properties=entity_properties,
        entity_compared=entity_compared,
        modalities=_strings(raw.get("modalities"), "modalities"),
        roles=_strings(raw.get("roles"), "roles"),
        statement_kinds=_strings(raw.get("statement_kinds"), "statement_kinds"),
        reliability=_strings(raw.get("reliability"), "reliability"),
        actor_links=_actor_links(raw.get("actor_links"), events),
    )


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary (read and checked once per process)."""
    with VOCABULARY_FILE.open(encoding="utf-8") as fh:
        return parse(yaml.safe_load(fh))


_V = vocabulary()

NODE_LABELS: tuple[str, ...] = tuple(_V.nodes)
"""Every node label of the graph."""
ENTITY_TYPES: tuple[str, ...] = tuple(n for n, t in _V.nodes.items() if t.entity)
"""Contract entity types; each is also the label set next to :Entity."""
API_NODE_TYPES: tuple[str, ...] = tuple(n for n, t in _V.nodes.items() if t.api)
SEARCH_TYPES: tuple[str, ...] = tuple(n for n, t in _V.nodes.items() if t.search)
NODE_FACT_LABELS: tuple[str, ...] = tuple(n for n, t in _V.nodes.items() if t.layer == "fact")
FACT_TYPES: tuple[str, ...] = tuple(_V.facts)
"""Relationship types that are facts (each with an id and Evidence)."""
RELATION_TYPES: tuple[str, ...] = tuple(n for n, f in _V.facts.items() if f.contract)
"""Relationship types an extractor may emit as contract Relations."""
RELATIONSHIP_TYPES: tuple[str, ...] = FACT_TYPES + tuple(_V.relationships)
"""Every relationship type of the graph."""
EVENT_TYPES: tuple[str, ...] = tuple(_V.events)
MODALITIES: tuple[str, ...] = _V.modalities
ROLES: tuple[str, ...] = _V.roles
STATEMENT_KINDS: tuple[str, ...] = _V.statement_kinds
RELIABILITY: tuple[str, ...] = _V.reliability
ACTOR_LINKS: ActorLinks = _V.actor_links
ACTOR_LINK_KINDS: tuple[str, ...] = tuple(
    dict.fromkeys([_V.actor_links.default, *_V.actor_links.events.values(), _V.actor_links.statement])
)
"""Kinds of actor-to-actor link events and statements make (a fact between entities keeps its type)."""
ENTITY_FACT_TYPES: tuple[str, ...] = tuple(
    n
    for n, f in _V.facts.items()
    if all(t == ANY_ENTITY or (t in _V.nodes and _V.nodes[t].entity) for t in (*f.source, *f.target))
)
"""Fact types that join two entities directly (both ends entity types)."""
ENTITY_PROPERTIES: tuple[str, ...] = _V.entity_properties
ENTITY_COMPARED: tuple[str, ...] = _V.entity_compared
COMPARED: dict[str, list[str]] = {
    "Entity": list(_V.entity_compared),
    **{n: list(t.compared) for n, t in _V.nodes.items() if t.compared},
    **{n: list(f.compared) for n, f in _V.facts.items() if f.compared},
}
"""The values sources can disagree on, per kind of fact: "Entity" (every entity type), a node-fact
label or a fact relationship type. Two documents giving different values make the fact contested."""


def fact_type(name: str) -> FactType:
    try:
        return _V.facts[name]
    except KeyError:
        raise ValueError(f"{name!r} is not a fact type") from None


def event_type(name: str) -> EventType:
    try:
        return _V.events[name]
    except KeyError:
        raise ValueError(f"{name!r} is not an event type") from None


def cameo(event: str) -> str | None:
    """The CAMEO code of an event type (None where CAMEO has none)."""
    return event_type(event).cameo


def tie_change(event: str) -> tuple[str, str] | None:
    """(tie, change) for an event type that changes a tie between countries, else None.

    `change` is one of establish, restore, break; an unknown event type changes nothing.
    """
    found = _V.events.get(event)
    if found is None or found.tie is None or found.change is None:
        return None
    return found.tie, found.change


def tie_types() -> tuple[str, ...]:
    """The ties event types change (diplomatic, military, ...), in vocabulary order."""
    return tuple(dict.fromkeys(e.tie for e in _V.events.values() if e.tie is not None))
