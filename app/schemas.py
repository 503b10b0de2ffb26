"""Pydantic models of the HTTP API: what every endpoint accepts and returns (docs/api.md).

Responses are built by app/graph/* from named Cypher results; routers only pass them through, so
the OpenAPI document and the wire format cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from importers import vocabulary

# The API's type lists come from the one vocabulary (importers/vocabulary.yaml).
NODE_TYPES: tuple[str, ...] = vocabulary.API_NODE_TYPES
EDGE_TYPES: tuple[str, ...] = vocabulary.FACT_TYPES
ENTITY_TYPES: tuple[str, ...] = vocabulary.ENTITY_TYPES
SEARCH_TYPES: tuple[str, ...] = vocabulary.SEARCH_TYPES
if TYPE_CHECKING:
    NodeType = str
    EntityType = str
    SearchType = str
    EdgeType = str
    Reliability = str
else:
    NodeType = Literal[NODE_TYPES]
    EntityType = Literal[ENTITY_TYPES]
    SearchType = Literal[SEARCH_TYPES]
    EdgeType = Literal[EDGE_TYPES]
    Reliability = Literal[vocabulary.RELIABILITY]



class ApiModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- shared pieces -------------------------------------------------------------------------------


class Ref(ApiModel):
    """A pointer to a domain node with what a UI needs to show it."""

    id: str
    type: str
    label: str


class ParticipantRef(Ref):
    role: str | None = None


class GraphNode(ApiModel):
    id: str
    label: str
    type: str
    properties: dict[str, Any] = Field(default_factory=dict)


class GraphEdge(ApiModel):
    id: str
    source: str
    target: str
    type: str
    properties: dict[str, Any] = Field(default_factory=dict)
    sources: int = 0


class Graph(ApiModel):
    """Drawable elements (Cytoscape: `nodes.map(n => ({data: n}))`)."""

    nodes: list[GraphNode] = Field(default_factory=list)
    edges: list[GraphEdge] = Field(default_factory=list)


class EvidenceRef(ApiModel):
    """One piece of evidence behind a hop or fact, compact form."""

    evidence_id: str
    doc_id: str
    doc_title: str | None = None
    published: str | None = None
    reliability: str | None = None
    sentence_index: int | None = None
    sentence: str | None = None
    start: int
    end: int
    text: str
    extractor: str | None = None
    confidence: float | None = None


# ---- search --------------------------------------------------------------------------------------


class SearchHit(ApiModel):
    id: str
    type: str
    label: str
    aliases: list[str] = Field(default_factory=list)
    score: float
    snippet: str | None = None


class SearchResponse(ApiModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "query": "padrino",
                    "results": [
                        {
                            "id": "person:vladimir-padrino-lopez",
                            "type": "Person",
                            "label": "Vladimir Padrino Lopez",
                            "aliases": ["Padrino Lopez"],
                            "score": 3.2,
                            "snippet": None,
                        }
                    ],
                }
            ]
        },
    )

    query: str
    results: list[SearchHit]


# ---- entity --------------------------------------------------------------------------------------


class OfficeRef(ApiModel):
    id: str
    title: str | None
    label: str
    jurisdiction: Ref | None = None


class Tenure(ApiModel):
    fact_id: str
    office: OfficeRef | None = None
    person: Ref | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    sources: int = 0


class StatementOut(ApiModel):
    id: str
    text: str
    kind: str | None = None
    channel: str | None = None
    date: str | None = None
    speaker: Ref | None = None
    about: list[Ref] = Field(default_factory=list)
    sources: int = 0


class EventOut(ApiModel):
    id: str
    type: str
    cameo: str | None = None
    modality: str | None = None
    date: str | None = None
    date_text: str | None = None
    role: str | None = None
    participants: list[ParticipantRef] = Field(default_factory=list)
    sources: int = 0


class EntityDetail(ApiModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "id": "person:gustavo-petro",
                    "type": "Person",
                    "name": "Gustavo Petro",
                    "aliases": ["Petro"],
                    "properties": {},
                    "offices": [],
                    "holders": [],
                    "statements_made": [],
                    "statements_about": [],
                    "events": [],
                    "documents_count": 1,
                    "first_seen": None,
                    "last_seen": None,
                }
            ]
        },
    )

    id: str
    type: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    properties: dict[str, Any] = Field(default_factory=dict)
    offices: list[Tenure] = Field(default_factory=list)
    holders: list[Tenure] = Field(default_factory=list)
    statements_made: list[StatementOut] = Field(default_factory=list)
    statements_about: list[StatementOut] = Field(default_factory=list)
    events: list[EventOut] = Field(default_factory=list)
    documents_count: int = 0
    first_seen: str | None = None
    last_seen: str | None = None


View = Literal["facts", "actors"]
"""`facts`: the graph as stored (statements and events are nodes); `actors`: the actor view, where
events and statements are collapsed into links between the actors (app/graph/actors.py)."""


class ActorLinkCarrier(ApiModel):
    """One event, statement or entity-to-entity fact behind an actor link, with its evidence."""

    id: str
    type: Literal["Event", "Statement", "Fact"]
    subtype: str | None = None
    date: str | None = None
    modality: str | None = None
    sources: int = 0
    evidence: list[EvidenceRef] = Field(default_factory=list)


class ActorLink(ApiModel):
    """A link between two actors: its kind (vocabulary `actor_links`, or a fact type), how many
    events/statements/facts make it, how many distinct documents attest them, and the evidence."""

    id: str
    kind: str
    source: str
    target: str
    directed: bool
    events: int
    sources: int
    evidence: list[ActorLinkCarrier] = Field(default_factory=list)


class Neighbourhood(Graph):
    center: str
    truncated: bool = False
    view: View = "facts"
    links: list[ActorLink] = Field(default_factory=list)


# ---- paths ---------------------------------------------------------------------------------------

PathMode = Literal["shortest", "k_shortest", "all"]


class Hop(ApiModel):
    fact_id: str
    type: str
    source: str
    target: str
    forward: bool
    properties: dict[str, Any] = Field(default_factory=dict)
    sources: int = 0
    evidence: list[EvidenceRef] = Field(default_factory=list)


class PathOut(ApiModel):
    length: int
    nodes: list[Ref]
    hops: list[Hop]


class PathsResponse(ApiModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "from": {
                        "id": "person:vladimir-padrino-lopez",
                        "type": "Person",
                        "label": "Vladimir Padrino Lopez",
                    },
                    "to": {"id": "person:ivan-velasquez", "type": "Person", "label": "Ivan Velasquez"},
                    "mode": "shortest",
                    "paths": [],
                    "graph": {"nodes": [], "edges": []},
                }
            ]
        },
        populate_by_name=True,
    )

    from_: Ref = Field(alias="from")
    to: Ref
    mode: PathMode
    view: View = "facts"
    paths: list[PathOut]
    graph: Graph


# ---- ties ----------------------------------------------------------------------------------------

TieState = Literal["active", "broken", "restoring", "contested"]
TieStateAsOf = Literal["active", "broken", "restoring", "contested", "unknown"]


class CountryRef(Ref):
    iso3: str | None = None
    iso2: str | None = None


class BorderOut(ApiModel):
    id: str
    name: str | None = None
    length_km: float | None = None
    length_mi: float | None = None
    sources: int = 0


class TieEvidenceOut(ApiModel):
    """A document's evidence for a tie-changing event."""

    doc_id: str
    doc_title: str | None = None
    published: str | None = None
    text: str | None = None


class TieEventOut(ApiModel):
    """A tie-changing event placed in time: `date` as the text gives it, `latest` the latest it can
    have happened (its date, or for an undated event the publication date of its first report)."""

    event_id: str
    event_type: str
    modality: str | None = None
    state: TieState
    date: str | None = None
    latest: str | None = None
    evidence: list[TieEvidenceOut]


class TieInterval(ApiModel):
    """A state with uncertain edges: it began between `from` (null: unknown) and `from_latest`, and
    ended between `to` and `to_latest` (both null: still holding as far as known)."""

    state: TieState
    from_: str | None = Field(default=None, alias="from")
    from_latest: str | None = None
    to: str | None = None
    to_latest: str | None = None
    event_id: str
    event_type: str
    modality: str | None = None
    events: list[TieEventOut]

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class TieHistory(ApiModel):
    tie: str
    state_as_of: TieStateAsOf = "unknown"
    evidence_as_of: list[TieEventOut] = Field(default_factory=list)
    intervals: list[TieInterval]
    unplaced: list[TieEventOut] = Field(default_factory=list)


class TimelineItem(ApiModel):
    kind: Literal["event", "statement"]
    id: str
    date: str | None = None
    type: str | None = None
    modality: str | None = None
    cameo: str | None = None
    text: str | None = None
    participants: list[ParticipantRef] = Field(default_factory=list)
    speaker: Ref | None = None
    about: list[Ref] = Field(default_factory=list)
    sources: int = 0


class TiesResponse(ApiModel):
    a: CountryRef
    b: CountryRef
    as_of: str
    borders: list[BorderOut]
    ties: list[TieHistory]
    timeline: list[TimelineItem]


# ---- provenance ----------------------------------------------------------------------------------


class DocumentMetaOut(ApiModel):
    id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    reliability: str | None = None


class SentenceOut(ApiModel):
    id: str | None = None
    index: int
    start: int
    end: int
    text: str


class SpanOut(ApiModel):
    start: int
    end: int
    text: str


class Marked(ApiModel):
    """The span within its sentence: `sentence.text[start:end] == match`; never HTML."""

    start: int
    end: int
    pre: str
    match: str
    post: str


class ProvenanceEvidence(ApiModel):
    evidence_id: str
    extractor: str | None = None
    confidence: float | None = None
    credibility: int | None = None
    ingested_at: str | None = None
    document: DocumentMetaOut
    sentence: SentenceOut | None = None
    span: SpanOut
    marked: Marked | None = None
    claims: dict[str, Any] = Field(
        default_factory=dict,
        description="The values this evidence's document gives for the fact's compared fields.",
    )


class ClaimedValue(ApiModel):
    """One value sources give for a compared field, with the documents and evidence giving it."""

    field: str
    value: Any
    documents: list[str]
    evidence: list[str]


class ProvenanceResponse(ApiModel):
    fact_id: str
    fact_kind: Literal["node", "relationship"]
    type: str
    summary: str
    sources: int
    evidence: list[ProvenanceEvidence]
    contested: bool = Field(default=False, description="Sources disagree on a value of this fact.")
    contested_fields: list[str] = Field(default_factory=list)
    values: list[ClaimedValue] = Field(
        default_factory=list,
        description="Every value sources give for each compared field, with its sources.",
    )


# ---- documents -----------------------------------------------------------------------------------


class DocumentSummary(DocumentMetaOut):
    ingested_at: str | None = None
    sentences: int = 0
    facts: int = 0


class DocumentPage(ApiModel):
    items: list[DocumentSummary]
    next_cursor: str | None = None


class SentenceBounds(ApiModel):
    index: int
    start: int
    end: int


class MentionOut(ApiModel):
    entity: Ref
    sentence: int | None = None
    start: int
    end: int
    text: str


class FactSpan(ApiModel):
    fact_id: str
    fact_kind: str
    type: str | None = None
    sentence: int | None = None
    start: int
    end: int
    text: str
    extractor: str | None = None
    confidence: float | None = None
    summary: str | None = None
    """What the fact says, in a line ("Padrino Lopez SAID “...”", "Minister of Defense OFFICE_OF
    Venezuela", "deport (threatened) (2012): Sudan (actor)"): a span's list names its facts."""
    counted: bool = False
    """A contract fact (a relation, statement or event), counted in `fact_count` and in the document
    list's `facts`; false for the links derived from them (SAID, ABOUT, PARTICIPATED_IN)."""


class DocumentDetail(DocumentMetaOut):
    path: str | None = None
    ingested_at: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    text: str
    sentences: list[SentenceBounds]
    mentions: list[MentionOut]
    facts: list[FactSpan]
    fact_count: int = 0
    """Distinct contract facts this document's evidence supports: the document list's `facts`."""


# Caps on a posted document's metadata (stored as one JSON property on the Document node): enough
# for tags, authors and section names, never a second body. docs/security.md lists them.
MAX_METADATA_KEYS = 50
MAX_METADATA_KEY_CHARS = 100
MAX_METADATA_VALUE_CHARS = 2000
MAX_METADATA_LIST = 50
MAX_METADATA_BYTES = 16_384
IsoDay = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})]
MetadataKey = Annotated[str, StringConstraints(min_length=1, max_length=MAX_METADATA_KEY_CHARS)]
MetadataText = Annotated[str, StringConstraints(max_length=MAX_METADATA_VALUE_CHARS)]
MetadataScalar = MetadataText | int | float | bool | None
MetadataValue = MetadataScalar | Annotated[list[MetadataScalar], Field(max_length=MAX_METADATA_LIST)]


def _metadata_problem(value: dict[Any, Any]) -> str | None:
    """Why posted metadata is over a cap (one message naming the key), or None. Checked before the
    typed validation so a client reads one reason, not an error per member of the value union."""
    if len(value) > MAX_METADATA_KEYS:
        return f"{len(value)} keys, more than the {MAX_METADATA_KEYS} allowed"
    for key, item in value.items():
        if not isinstance(key, str) or not 1 <= len(key) <= MAX_METADATA_KEY_CHARS:
            return f"key {str(key)[:40]!r}: a key has 1 to {MAX_METADATA_KEY_CHARS} characters"
        items = item if isinstance(item, list) else [item]
        if isinstance(item, list) and len(item) > MAX_METADATA_LIST:
            return f"{key}: {len(item)} values, more than the {MAX_METADATA_LIST} allowed"
        for one in items:
            if isinstance(one, str) and len(one) > MAX_METADATA_VALUE_CHARS:
                return f"{key}: {len(one):,} characters, more than the {MAX_METADATA_VALUE_CHARS:,} allowed"
            if not (one is None or isinstance(one, str | int | float | bool)):
                return f"{key}: must be a string, number, boolean, null, or a list of them"
    size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    if size > MAX_METADATA_BYTES:
        return f"{size:,} bytes as JSON, more than the {MAX_METADATA_BYTES:,} allowed"
    return None


class DocumentIn(ApiModel):
    """One document to extract (and, for POST /api/documents, load)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Colombia and Venezuela reopened their border on Monday.",
                    "title": "Border reopens",
                    "published": "2022-09-26",
                    "source": "example wire",
                }
            ]
        },
    )

    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = Field(default=None, max_length=1000)
    published: IsoDay | None = None
    source: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=4000)
    reliability: Reliability = "F"
    metadata: dict[MetadataKey, MetadataValue] = Field(
        default_factory=dict,
        max_length=MAX_METADATA_KEYS,
        description=f"at most {MAX_METADATA_KEYS} keys and {MAX_METADATA_BYTES:,} bytes as JSON; values are "
        f"strings (up to {MAX_METADATA_VALUE_CHARS:,} characters), numbers, booleans, null, or lists of "
        f"up to {MAX_METADATA_LIST} of them",
    )

    @field_validator("published")
    @classmethod
    def _calendar_date(cls, value: str | None) -> str | None:
        # The pattern admits 2022-13-45; stored as null it would silently lose the date.
        if value is not None:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not a calendar date (YYYY-MM-DD)") from None
        return value

    @field_validator("metadata", mode="before")
    @classmethod
    def _metadata_caps(cls, value: Any) -> Any:
        if isinstance(value, dict) and (problem := _metadata_problem(value)):
            raise ValueError(problem)
        return value


class DocumentsIn(ApiModel):
    documents: list[DocumentIn] = Field(min_length=1, max_length=20)


class AddedCounts(ApiModel):
    sentences: int = 0
    entities: int = 0
    relations: int = 0
    statements: int = 0
    events: int = 0


class AddedDocument(ApiModel):
    id: str
    title: str | None = None
    created: bool
    counts: AddedCounts


class IngestError(ApiModel):
    index: int
    title: str | None = None
    detail: str


class IngestResponse(ApiModel):
    added: list[AddedDocument]
    errors: list[IngestError] = Field(default_factory=list)


class RetractResponse(ApiModel):
    doc_id: str
    retracted_at: str | None = None
    facts_removed: int


# ---- statements ----------------------------------------------------------------------------------


class StatementPage(ApiModel):
    items: list[StatementOut]
    next_cursor: str | None = None


# ---- saved queries -------------------------------------------------------------------------------


class SavedQueryInfo(ApiModel):
    name: str
    origin: Literal["shipped", "user"]
    version: int
    description: str
    parameters: dict[str, Any] = Field(description="JSON Schema of the run parameters")
    columns: list[str] = Field(default_factory=list)
    graph: bool = False


class SavedQueryDetail(SavedQueryInfo):
    cypher: str
    versions: list[int] = Field(default_factory=list)
    created_by: str | None = None
    created_at: str | None = None


class SavedQueryList(ApiModel):
    items: list[SavedQueryInfo]


class RunRequest(ApiModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"params": {"country": "country:VEN", "date": "2022-08-09"}}]},
    )

    params: dict[str, Any] = Field(default_factory=dict)


class RunResponse(ApiModel):
    name: str
    version: int
    columns: list[str]
    rows: list[dict[str, Any]]
    row_count: int
    truncated: bool
    elapsed_ms: float
    graph: Graph | None = None


class ParamSpec(ApiModel):
    """One parameter of a saved query (the header's `parameters:` entries)."""

    # Strict: `"required": 0` or `"max_length": "5"` are refused as the schema says (no coercion).
    model_config = ConfigDict(strict=True)

    type: Literal["string", "integer", "number", "boolean", "date", "string_list"]
    description: str | None = None
    default: Any = None
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = Field(default=None, ge=1)
    enum: list[Any] | None = None
    refers_to: Literal["entity", "country"] | None = None
    """The parameter holds an entity (or country) id; a name (or a country's ISO code) is accepted
    too and resolved to the id before the query runs, an ambiguous or unknown name is a 422."""


class SavedQueryIn(ApiModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,  # `"graph": 0` is not a boolean (the OpenAPI says so; schemathesis checks it)
        json_schema_extra={
            "examples": [
                {
                    "name": "people_named",
                    "description": "People whose name contains a string",
                    "cypher": "MATCH (p:Person) WHERE toLower(p.name) CONTAINS toLower($q) "
                    "RETURN p.name AS name LIMIT $limit",
                    "parameters": {
                        "q": {"type": "string", "required": True},
                        "limit": {"type": "integer", "default": 50, "minimum": 1, "maximum": 500},
                    },
                    "columns": ["name"],
                }
            ]
        },
    )

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{2,63}$")
    description: str = Field(min_length=1, max_length=2000)
    cypher: str = Field(min_length=1, max_length=20_000)
    parameters: dict[str, ParamSpec] = Field(default_factory=dict)
    columns: list[str] = Field(default_factory=list, max_length=100)
    graph: bool = False
