"""The extraction contract (version 1) as Pydantic models.

This is a public interface (see docs/extraction-contract.md): `intelgraph extract --json` prints
`Extraction.model_dump_json()`, the loader reads it, evaluation tools and users' scripts read it.
Fields may be added; none may be renamed or removed without bumping `CONTRACT_VERSION`.

All offsets are Python string indices into the document's body text (front matter removed), so
`body[span.start:span.end] == span.text` always holds; `Extraction.check_spans()` enforces it.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from importers import vocabulary

CONTRACT_VERSION = 1

DATE_RE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
"""A date as precise as the text allows, no more: YYYY, YYYY-MM or YYYY-MM-DD."""

# The closed lists of values come from the one vocabulary (importers/vocabulary.yaml). Pydantic
# sees them as Literal types (validation, the JSON Schema's `enum`); the type checker sees `str`,
# since a Literal cannot be built from data it does not read.
if TYPE_CHECKING:
    EntityType = str
    RelationType = str
    EventType = str
    Modality = str
    Role = str
    StatementKind = str
    Reliability = str
else:
    EntityType = Literal[vocabulary.ENTITY_TYPES]
    # Relationship types the extractor may emit. The loader maps them onto the graph's fixed
    # relationship types; nothing outside the vocabulary ever reaches Cypher as a type.
    RelationType = Literal[vocabulary.RELATION_TYPES]
    EventType = Literal[vocabulary.EVENT_TYPES]
    Modality = Literal[vocabulary.MODALITIES]
    Role = Literal[vocabulary.ROLES]
    StatementKind = Literal[vocabulary.STATEMENT_KINDS]
    Reliability = Literal[vocabulary.RELIABILITY]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Span(_Model):
    """A piece of evidence: a character span of one sentence of the body text."""

    sentence: int = Field(ge=0)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Sentence(_Model):
    index: int = Field(ge=0)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class DocumentMeta(_Model):
    id: str
    title: str | None = None
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    source: str | None = None
    url: str | None = None
    path: str | None = None
    # Added in contract 1 (allowed: fields may be added). Extra front-matter keys, and the
    # Admiralty reliability grade of the source (A-F, "F" = cannot be judged, the default).
    metadata: dict[str, Any] = Field(default_factory=dict)
    reliability: Reliability = "F"


class Entity(_Model):
    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    properties: dict[str, Any] = Field(default_factory=dict)
    mentions: list[Span] = Field(default_factory=list)


class Relation(_Model):
    id: str
    type: RelationType
    source: str
    target: str
    valid_from: str | None = Field(default=None, pattern=DATE_RE)
    valid_to: str | None = Field(default=None, pattern=DATE_RE)
    properties: dict[str, Any] = Field(default_factory=dict)
    evidence: list[Span] = Field(min_length=1)
    confidence: float = Field(ge=0.0, le=1.0)
    extractor: str


class Statement(_Model):
    id: str
    speaker: str | None
    text: str
    kind: StatementKind
    channel: str | None = None
    date: str | None = Field(default=None, pattern=DATE_RE)
    about: list[str] = Field(default_factory=list)
    evidence: list[Span] = Field(min_length=1)
    confidence: float = Field(ge=0.0, le=1.0)
    extractor: str


class Participant(_Model):
    entity: str
    role: Role


class Event(_Model):
    id: str
    type: EventType
    cameo: str | None = None
    participants: list[Participant] = Field(default_factory=list)
    modality: Modality = "asserted"
    date: str | None = Field(default=None, pattern=DATE_RE)
    date_text: str | None = None
    evidence: list[Span] = Field(min_length=1)
    confidence: float = Field(ge=0.0, le=1.0)
    extractor: str


class Extraction(_Model):
    """Everything extracted from one document."""

    contract: int = CONTRACT_VERSION
    document: DocumentMeta
    # The body text itself (added field): lets the loader store the document and verify every span
    # without re-reading the file. Optional so that older producers stay valid.
    text: str | None = None
    sentences: list[Sentence]
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    def all_spans(self) -> list[Span]:
        spans: list[Span] = []
        for entity in self.entities:
            spans.extend(entity.mentions)
        facts: list[Relation | Statement | Event] = [*self.relations, *self.statements, *self.events]
        for fact in facts:
            spans.extend(fact.evidence)
        return spans

    def check_spans(self, body: str) -> list[str]:
        """Return a description of every span or sentence whose offsets do not reproduce its text.

        An empty list means provenance is exact. The loader refuses a document with problems.
        """
        problems: list[str] = []
        for sentence in self.sentences:
            if body[sentence.start : sentence.end] != sentence.text:
                problems.append(f"sentence {sentence.index} [{sentence.start}:{sentence.end}]")
        bounds = {s.index: (s.start, s.end) for s in self.sentences}
        for span in self.all_spans():
            if body[span.start : span.end] != span.text:
                problems.append(f"span {span.text!r} [{span.start}:{span.end}] does not match the text")
            elif span.sentence not in bounds:
                problems.append(f"span {span.text!r} cites unknown sentence {span.sentence}")
            else:
                lo, hi = bounds[span.sentence]
                if not (lo <= span.start and span.end <= hi):
                    problems.append(f"span {span.text!r} lies outside sentence {span.sentence}")
        return problems


def is_date(value: str) -> bool:
    return re.match(DATE_RE, value) is not None


def extraction_json_schema() -> dict[str, Any]:
    """The contract as JSON Schema (draft 2020-12), generated from `Extraction` and so from the
    vocabulary. Published as docs/extraction-contract.schema.json and by `intelgraph schema --json`."""
    schema = Extraction.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"intelgraph extraction contract, version {CONTRACT_VERSION}",
        "description": (
            "What `intelgraph extract --json` prints and the loader reads: one document's entities, "
            "relations, statements and events, each with evidence spans. Generated from "
            "importers/contract.py and importers/vocabulary.yaml; do not edit by hand."
        ),
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def extraction_json_schema_text() -> str:
    """`extraction_json_schema()` as the exact text of the published file."""
    return json.dumps(extraction_json_schema(), indent=2, ensure_ascii=False) + "\n"
