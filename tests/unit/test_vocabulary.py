"""The one vocabulary (importers/vocabulary.yaml) and every place derived from it.

Fails if a list of node, fact or event types is written by hand again: in Python (a literal list
of three or more vocabulary names), in the contract's or the API's types, in the graph enums, in
the warm-up parameters, or in Cypher (a label, relationship type or event type the vocabulary does
not declare, or per-type branches that do not cover exactly the fact types).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import get_args

import pytest
import yaml

from app import schemas
from app.graph import tie_states, warmup
from importers import contract, graph_schema, vocabulary
from importers.load_rows import _ENTITY_PROPERTIES

ROOT = Path(__file__).resolve().parents[2]
RAW = yaml.safe_load(vocabulary.VOCABULARY_FILE.read_text(encoding="utf-8"))
NODES = list(RAW["nodes"])
ENTITIES = [n for n, body in RAW["nodes"].items() if body.get("entity")]
FACTS = list(RAW["facts"])
RELATIONSHIPS = FACTS + list(RAW["relationships"])
EVENTS = list(RAW["events"])
# Labels of the application's own bookkeeping nodes (cypher/ops, cypher/api saved queries).
BOOKKEEPING_LABELS = {"Meta", "SavedQuery", "SchemaVersion"}


def test_vocabulary_constants_are_the_yaml() -> None:
    assert tuple(NODES) == vocabulary.NODE_LABELS
    assert tuple(ENTITIES) == vocabulary.ENTITY_TYPES
    assert len(ENTITIES) == 5
    assert tuple(FACTS) == vocabulary.FACT_TYPES
    assert tuple(f for f in FACTS if RAW["facts"][f].get("contract")) == vocabulary.RELATION_TYPES
    assert tuple(EVENTS) == vocabulary.EVENT_TYPES
    assert len(EVENTS) == 33
    assert (*ENTITIES, "Statement", "Event") == vocabulary.API_NODE_TYPES
    assert (*ENTITIES, "Statement") == vocabulary.SEARCH_TYPES
    assert vocabulary.vocabulary() is vocabulary.vocabulary()  # read once


def test_contract_types_are_the_vocabulary_both_ways() -> None:
    assert get_args(contract.EntityType) == tuple(ENTITIES)
    assert get_args(contract.RelationType) == vocabulary.RELATION_TYPES
    assert get_args(contract.EventType) == tuple(EVENTS)
    assert get_args(contract.Modality) == tuple(RAW["modalities"])
    assert get_args(contract.Role) == tuple(RAW["roles"])
    assert get_args(contract.StatementKind) == tuple(RAW["statement_kinds"])
    assert get_args(contract.Reliability) == tuple(RAW["reliability"])
    schema = contract.Extraction.model_json_schema()
    defs = schema["$defs"]
    assert defs["Entity"]["properties"]["type"]["enum"] == ENTITIES
    assert defs["Event"]["properties"]["type"]["enum"] == EVENTS
    assert defs["Relation"]["properties"]["type"]["enum"] == list(vocabulary.RELATION_TYPES)


def test_event_type_is_validated() -> None:
    span = {"sentence": 0, "start": 0, "end": 1, "text": "x"}
    ok = {"id": "e", "type": "sanction", "evidence": [span], "confidence": 0.5, "extractor": "t"}
    assert contract.Event.model_validate(ok).type == "sanction"
    with pytest.raises(ValueError, match="type"):
        contract.Event.model_validate(dict(ok, type="invade_mars"))


def test_graph_enums_are_the_vocabulary_both_ways() -> None:
    assert [m.value for m in graph_schema.NodeLabel] == NODES
    assert [m.value for m in graph_schema.RelType] == RELATIONSHIPS
    assert [r.value for r in graph_schema.FACT_RELATIONSHIPS] == FACTS
    assert list(graph_schema.ENTITY_LABELS) == ENTITIES
    assert list(graph_schema.RELATION_TYPES) == list(vocabulary.RELATION_TYPES)
    assert [n.value for n in graph_schema.NODE_FACT_LABELS] == ["Statement", "Event"]
    assert tuple(RAW["entity_properties"]) == _ENTITY_PROPERTIES


def test_api_enums_and_warm_up_are_the_vocabulary_both_ways() -> None:
    assert tuple(n for n, b in RAW["nodes"].items() if b.get("api")) == schemas.NODE_TYPES
    assert tuple(n for n, b in RAW["nodes"].items() if b.get("search")) == schemas.SEARCH_TYPES
    assert tuple(ENTITIES) == schemas.ENTITY_TYPES
    assert tuple(FACTS) == schemas.EDGE_TYPES
    assert get_args(schemas.EdgeType) == tuple(FACTS)
    assert get_args(schemas.NodeType) == schemas.NODE_TYPES
    assert warmup.WARM_PARAMS["neighbourhood"]["rel_types"] == FACTS
    assert warmup.WARM_PARAMS["neighbourhood"]["node_types"] == list(schemas.NODE_TYPES)
    assert warmup.WARM_PARAMS["paths_all"]["types"] == FACTS


def test_ties_come_from_the_vocabulary() -> None:
    assert vocabulary.tie_change("break_diplomatic_ties") == ("diplomatic", "break")
    assert vocabulary.tie_change("restore_military_ties") == ("military", "restore")
    assert vocabulary.tie_change("establish_diplomatic_ties") == ("diplomatic", "establish")
    assert vocabulary.tie_change("sanction") is None
    assert vocabulary.tie_change("no_such_event") is None
    assert vocabulary.tie_types() == ("diplomatic", "military")
    assert tie_states.tie_of("break_military_ties") == "military"
    assert vocabulary.cameo("visit") == "042"
    assert vocabulary.cameo("appoint") is None


def test_actor_link_kinds_come_from_the_vocabulary() -> None:
    links = vocabulary.ACTOR_LINKS
    assert set(links.events) <= set(EVENTS)
    kinds = [links.default, *links.events.values(), links.statement]
    assert tuple(dict.fromkeys(kinds)) == vocabulary.ACTOR_LINK_KINDS
    assert set(links.directed) <= set(vocabulary.ACTOR_LINK_KINDS)
    # Facts that join two entities directly; those with a statement or event end do not.
    assert "ALLIED_WITH" in vocabulary.ENTITY_FACT_TYPES and "HOLDS_OFFICE" in vocabulary.ENTITY_FACT_TYPES
    assert not {"SAID", "ABOUT", "PARTICIPATED_IN"} & set(vocabulary.ENTITY_FACT_TYPES)


def test_event_triggers_use_the_vocabulary() -> None:
    triggers = json.loads((ROOT / "importers/lexicons/event_triggers.json").read_text())["triggers"]
    for entry in triggers:
        assert entry["type"] in EVENTS, entry["type"]
        assert entry.get("cameo") == vocabulary.cameo(entry["type"]), entry["type"]
        if entry.get("negated_type"):
            assert entry["negated_type"] in EVENTS


@pytest.mark.parametrize(
    "broken",
    [
        {"facts": {"X": {"contract": True, "source": ["Nobody"], "target": ["Person"]}}},
        {"events": {"e": {"cameo": 42}}},
        {"events": {"e": {"tie": "diplomatic"}}},
        {"events": {"e": {"tie": "diplomatic", "change": "improve"}}},
        {"actor_links": {"default": "x", "statement": "y", "events": {"no_such_event": "met"}}},
        {"actor_links": {"default": "x", "statement": "y", "directed": ["z"]}},
        {"actor_links": {"statement": "y"}},
        {"actor_links": None},
    ],
)
def test_a_broken_vocabulary_is_refused(broken: dict[str, object]) -> None:
    with pytest.raises(vocabulary.VocabularyError):
        vocabulary.parse({**RAW, **broken})


# ---- nothing written by hand again ---------------------------------------------------------------

_CATEGORIES = {
    "node labels": set(NODES),
    "entity types": set(ENTITIES),
    "API node types": set(vocabulary.API_NODE_TYPES),
    "fact types": set(FACTS),
    "contract relation types": set(vocabulary.RELATION_TYPES),
    "relationship types": set(RELATIONSHIPS),
    "event types": set(EVENTS),
}


def _python_files() -> list[Path]:
    files = sorted((ROOT / "app").rglob("*.py")) + sorted((ROOT / "importers").rglob("*.py"))
    return [f for f in files if f.name != "vocabulary.py"]


def _listed(node: ast.AST) -> set[str]:
    """The string constants a literal collection (or a Literal[...] subscript) lists; a dict that
    ranks names (int values: an extractor's preference order) is logic, not a vocabulary list."""
    elements: list[ast.expr | None] = []
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        elements = list(node.elts)
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Tuple):
        elements = list(node.slice.elts)
    elif isinstance(node, ast.Dict):
        if all(isinstance(v, ast.Constant) and isinstance(v.value, int) for v in node.values):
            return set()
        elements = list(node.keys)
    return {e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)}


def test_no_python_module_lists_a_vocabulary_category_by_hand() -> None:
    offenders = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = _listed(node)
            for category, members in _CATEGORIES.items():
                if len(members) >= 3 and members <= names:
                    offenders.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}: all {category}")
    assert offenders == [], "type lists written by hand (derive them from importers/vocabulary.py)"


def test_the_hand_written_list_detector_detects() -> None:
    listed = ast.parse(repr(tuple(ENTITIES))).body[0]
    ranked = ast.parse('{"Person": 0, "Country": 1}').body[0]
    assert isinstance(listed, ast.Expr) and isinstance(ranked, ast.Expr)
    assert _listed(listed.value) == set(ENTITIES)
    assert _listed(ranked.value) == set()


def _cypher_files() -> list[Path]:
    """The product's Cypher (cypher/bench holds alternative designs measured against it)."""
    return sorted(p for p in (ROOT / "cypher").rglob("*.cypher") if p.parent.name != "bench")


def test_every_label_and_type_in_cypher_is_in_the_vocabulary() -> None:
    labels = set(NODES) | BOOKKEEPING_LABELS
    types = set(RELATIONSHIPS)
    for path in _cypher_files():
        name = path.relative_to(ROOT)
        text = re.sub(r"//[^\n]*", "", path.read_text())
        for found in re.findall(r"\[\w*:([\w|]+)", text):
            for rel in found.split("|"):
                assert rel in types, f"{name}: relationship type {rel} is not in the vocabulary"
        for found in re.findall(r"\(\w*:([\w:]+)", text):
            for label in found.split(":"):
                assert label in labels, f"{name}: label {label} is not in the vocabulary"
        for found in re.findall(r"(?:SET|REMOVE) \w+:(\w+)", text):
            assert found in labels, f"{name}: label {found} is not in the vocabulary"
        for found in re.findall(r"'([a-z]+(?:_[a-z]+)+)'", text):
            if found.endswith(("_ties", "_border", "_office", "_troops", "_ambassador")):
                assert found in EVENTS, f"{name}: event type {found!r} is not in the vocabulary"


def test_no_cypher_branches_per_label() -> None:
    """Conditional branches per label or type are gone: labels are set from validated values."""
    for path in _cypher_files():
        text = path.read_text()
        assert not re.search(r"FOREACH \(_ IN CASE WHEN row\.(label|type)", text), path.name


def test_per_type_union_branches_cover_exactly_the_fact_types() -> None:
    """Reads by fact id keep one branch per type (each uses its relationship-id index); the
    branches must name every fact type and nothing else."""
    for path in _cypher_files():
        text = re.sub(r"//[^\n]*", "", path.read_text())
        branches = re.findall(r"MATCH \(s\)-\[r:(\w+) \{id: [\w$]+\}\]->\(t\)", text)
        if branches:
            assert sorted(branches) == sorted(FACTS), path.name


def test_saved_and_api_edge_lists_name_every_fact_type() -> None:
    for path in _cypher_files():
        for found in re.findall(r"\[\w*:(\w+(?:\|\w+){3,})", path.read_text()):
            assert sorted(found.split("|")) == sorted(FACTS), path.name
