"""The shared document context: what the entity stage knows, handed to statements and events.

The pipeline (importers/pipeline.py) builds one `DocContext` per document: it parses the body with
spaCy, cuts contract `Sentence`s, resolves people/countries/organizations/offices into an entity
registry and a sorted list of `Mention`s, then calls the statement and event extractors with it.
Those extractors read the context and return their facts; they never re-parse the text.

Everything here slices the *unmodified* body, so every `Span` it makes satisfies
`body[start:end] == text` and lies inside its sentence.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from importers import ids
from importers.contract import Entity, EntityType, Relation, RelationType, Sentence, Span


@dataclass(frozen=True, slots=True)
class Mention:
    """One resolved reference to an entity in the body text.

    `kind` says how it was recognised: "name" (a full or partial name), "demonym" ("Venezuelan"),
    "acronym" ("NATO"), "title" ("the U.N. chief" resolved to the office holder), "pronoun".
    """

    entity_id: str
    start: int
    end: int
    sentence: int
    text: str
    kind: str = "name"


@dataclass
class DocContext:
    doc: Doc
    body: str
    published: dt.date | None
    sentences: list[Sentence]
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    # Folded name or alias -> entity id (people: full name, surname, given+surname; countries: names,
    # demonyms, ISO codes; organizations: names, acronyms).
    names: dict[str, str] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list, repr=False)
    _keys: list[tuple[int, int, str]] = field(default_factory=list, repr=False)
    _longest: int = field(default=0, repr=False)
    _sents: list[SpacySpan] = field(default_factory=list, repr=False)
    _sent_starts: list[int] = field(default_factory=list, repr=False)
    _ents: list[SpacySpan] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    # -- positions -------------------------------------------------------------------------

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence containing char `offset` (the nearest one before it, in a gap)."""
        if not self.sentences:
            return 0
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def span(self, start: int, end: int) -> Span:
        """A contract Span for body[start:end], clipped to the sentence that holds `start`."""
        index = self.sentence_of(start)
        if self.sentences:
            sent = self.sentences[index]
            start = max(start, sent.start)
            end = min(max(end, start), sent.end)
        return Span(sentence=index, start=start, end=end, text=self.body[start:end])

    def sent_of_token(self, token: Token) -> SpacySpan:
        """The spaCy sentence holding a token (cached; `token.sent` rescans the parse each call)."""
        if not self._sents:
            self._sents = list(self.doc.sents)
            self._sent_starts = [s.start for s in self._sents]
        return self._sents[max(0, bisect.bisect_right(self._sent_starts, token.i) - 1)]

    def ents(self) -> list[SpacySpan]:
        """spaCy's entities (cached)."""
        if self._ents is None:
            self._ents = list(self.doc.ents)
        return self._ents

    # -- entities and mentions -------------------------------------------------------------

    def entity(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def entity_type(self, entity_id: str) -> EntityType | None:
        found = self.entities.get(entity_id)
        return found.type if found else None

    def entities_of(self, *types: EntityType) -> list[Entity]:
        return [e for e in self.entities.values() if e.type in types]

    def _index(self) -> list[tuple[int, int, str]]:
        # Kept in step with `mentions`; rebuilt if a stage appended to the list directly.
        if len(self._keys) != len(self.mentions):
            self.mentions.sort(key=lambda m: (m.start, m.end, m.entity_id))
            self._keys = [(m.start, m.end, m.entity_id) for m in self.mentions]
            self._longest = max((m.end - m.start for m in self.mentions), default=0)
        return self._keys

    def mentions_in(self, start: int, end: int, *types: EntityType) -> list[Mention]:
        """Mentions lying entirely inside [start, end), in text order (optionally of some types)."""
        keys = self._index()
        out = []
        for i in range(bisect.bisect_left(keys, (start, -1, "")), len(keys)):
            m = self.mentions[i]
            if m.start >= end:
                break
            if m.end <= end and (not types or self.entity_type(m.entity_id) in types):
                out.append(m)
        return out

    def mentions_overlapping(self, start: int, end: int, *types: EntityType) -> list[Mention]:
        """Mentions sharing at least one character with [start, end), in text order."""
        keys = self._index()
        out = []
        for i in range(bisect.bisect_left(keys, (start - self._longest, -1, "")), len(keys)):
            m = self.mentions[i]
            if m.start >= max(end, start + 1):
                break
            if m.end > start and (not types or self.entity_type(m.entity_id) in types):
                out.append(m)
        return out

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The longest mention overlapping [start, end)."""
        best: Mention | None = None
        for m in self.mentions_overlapping(start, end):
            if best is None or (m.end - m.start) > (best.end - best.start):
                best = m
        return best

    def resolve_name(self, text: str) -> str | None:
        """An entity id for a name, alias, surname, demonym or acronym seen in this document."""
        key = ids.fold(text)
        if key.startswith("the "):
            key = key[4:]
        return self.names.get(key)

    # -- offices ---------------------------------------------------------------------------

    def offices_of(self, person_id: str) -> list[Entity]:
        """Offices the person holds according to this document's HOLDS_OFFICE relations."""
        out = []
        for r in self.relations:
            if r.type == "HOLDS_OFFICE" and r.source == person_id and r.target in self.entities:
                out.append(self.entities[r.target])
        return out

    # -- building (used by the entity stage; statements/events may add relations) -----------

    def add_entity(self, entity: Entity) -> Entity:
        """Register an entity (merging aliases and properties if the id is already known)."""
        known = self.entities.get(entity.id)
        if known is None:
            self.entities[entity.id] = entity
            return entity
        for alias in entity.aliases:
            if alias not in known.aliases and alias != known.name:
                known.aliases.append(alias)
        for key, value in entity.properties.items():
            known.properties.setdefault(key, value)
        return known

    def add_mention(self, entity_id: str, start: int, end: int, kind: str = "name") -> Mention | None:
        """Record a mention (ignored when it duplicates one already there)."""
        span = self.span(start, end)
        if span.start >= span.end:
            return None
        mention = Mention(entity_id, span.start, span.end, span.sentence, span.text, kind)
        key = (mention.start, mention.end, mention.entity_id)
        keys = self._index()
        i = bisect.bisect_left(keys, key)
        if i < len(keys) and keys[i] == key:
            return self.mentions[i]
        keys.insert(i, key)
        self._longest = max(self._longest, mention.end - mention.start)
        self.mentions.insert(i, mention)
        entity = self.entities.get(entity_id)
        if entity is not None:
            entity.mentions.append(span)
        return mention

    def add_relation(
        self,
        rel_type: RelationType,
        source: str,
        target: str,
        evidence: list[Span],
        *,
        extractor: str,
        confidence: float,
        valid_from: str | None = None,
        valid_to: str | None = None,
        properties: dict[str, Any] | None = None,
    ) -> Relation:
        """Add a relation, or merge evidence/dates into the same fact already recorded."""
        rel_id = ids.relation_id(rel_type, source, target)
        for known in self.relations:
            if known.id == rel_id:
                for span in evidence:
                    if span not in known.evidence:
                        known.evidence.append(span)
                known.valid_from = known.valid_from or valid_from
                known.valid_to = known.valid_to or valid_to
                known.confidence = max(known.confidence, confidence)
                return known
        relation = Relation(
            id=rel_id,
            type=rel_type,
            source=source,
            target=target,
            valid_from=valid_from,
            valid_to=valid_to,
            properties=properties or {},
            evidence=evidence,
            confidence=confidence,
            extractor=extractor,
        )
        self.relations.append(relation)
        return relation
