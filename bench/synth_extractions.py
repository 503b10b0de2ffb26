"""Deterministic synthetic *extractions* (the loader's input) with known ground truth.

`generate_extractions(n, seed)` returns `n` contract-valid `Extraction`s of news-like documents:
invented people holding offices in real countries, organisations, borders, quotes and events,
with exact spans. Entities are drawn from pools whose size grows with the corpus and with a
Zipf-like popularity, so documents overlap the way news does (a few countries and leaders
everywhere, most people rarely): the loader's MERGEs meet existing nodes constantly, and a MERGE
without an index would show up as quadratic load time.

It bypasses the NLP extractor on purpose: loader benchmarks measure the loader, and need thousands
of documents in seconds. Same (n, seed) -> identical extractions (and identical document ids).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import pycountry

from importers import ids
from importers.contract import DocumentMeta as Meta
from importers.contract import (
    Entity,
    Event,
    Extraction,
    Participant,
    Relation,
    Sentence,
    Span,
    Statement,
)

EXTRACTOR = "synth-extractions/1"

_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "st")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ei", "ou")
_CODAS = ("", "n", "r", "s", "l", "k", "m")
_TITLES = (
    "President",
    "Minister of Defense",
    "Minister of Foreign Affairs",
    "Prime Minister",
    "Minister of Finance",
    "Interior Minister",
    "Ambassador",
)
_ORG_WORDS = (
    ("Northern", "Regional", "Joint", "Allied", "Federal", "Coastal", "Central"),
    ("Trade", "Security", "Energy", "Water", "Customs", "Health", "Border"),
    ("Council", "Commission", "Alliance", "Union", "Forum", "Authority"),
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_QUOTES = (
    "We will not accept threats against our people",
    "This agreement opens a new chapter for both nations",
    "Our forces remain ready to defend the border",
    "Dialogue is the only path to lasting peace",
    "The talks were frank and useful",
    "We expect our neighbours to respect international law",
)
_EVENT_VERBS = (
    ("restore_diplomatic_ties", "restore diplomatic relations with", "0311"),
    ("break_diplomatic_ties", "break diplomatic relations with", "161"),
    ("cooperate", "expand security cooperation with", "030"),
    ("sanction", "impose sanctions on", "163"),
    ("reopen_border", "reopen its border with", "0343"),
    ("negotiate", "hold talks with", "046"),
)


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    ).capitalize()


@dataclass(frozen=True)
class _Country:
    id: str
    name: str
    iso2: str
    iso3: str
    adjective: str


@dataclass(frozen=True)
class _Person:
    id: str
    name: str
    surname: str
    title: str
    country: _Country


@dataclass
class _World:
    countries: list[_Country]
    people: list[_Person]
    orgs: list[tuple[str, str]]  # (id, name)


def _world(n_docs: int, seed: int) -> _World:
    rng = random.Random(seed)
    countries = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3)[:120]:
        name = getattr(c, "common_name", None) or c.name
        if "," in name or "(" in name:
            continue
        countries.append(_Country(ids.country_id(c.alpha_3), name, c.alpha_2, c.alpha_3, name))
    rng.shuffle(countries)
    people: list[_Person] = []
    seen: set[str] = set()
    while len(people) < max(40, n_docs // 3):
        first, last = _word(rng, rng.choice((1, 2))), _word(rng, rng.choice((2, 3)))
        name = f"{first} {last}"
        if name in seen:
            continue
        seen.add(name)
        country = countries[_zipf(rng, len(countries), 1.2)]
        people.append(_Person(ids.person_id(name), name, last, rng.choice(_TITLES), country))
    orgs = []
    for i in range(max(10, n_docs // 40)):
        name = " ".join(rng.choice(words) for words in _ORG_WORDS) + f" {i + 1}"
        orgs.append((ids.organization_id(name), name))
    return _World(countries, people, orgs)


def _zipf(rng: random.Random, size: int, s: float = 1.1) -> int:
    # An index with a heavy head (P(i) falls like a power of i), from a Pareto draw: no weight table.
    return min(int(rng.paretovariate(s)) - 1, size - 1)


@dataclass
class _Doc:
    """Builds one document's body text and its extraction side by side, so every span is exact."""

    doc_index: int
    body: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: dict[str, Relation] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    events: dict[str, Event] = field(default_factory=dict)
    _parts: list[str] = field(default_factory=list)
    _marks: list[tuple[str, int, int]] = field(default_factory=list)

    def text(self, piece: str) -> None:
        self._parts.append(piece)

    def mention(self, entity: Entity, surface: str) -> Span:
        start = self._offset()
        self._parts.append(surface)
        self._marks.append((entity.id, start, start + len(surface)))
        known = self.entities.setdefault(entity.id, entity.model_copy(deep=True))
        if surface != known.name and surface not in known.aliases:
            known.aliases.append(surface)
        span = Span(sentence=len(self.sentences), start=start, end=start + len(surface), text=surface)
        known.mentions.append(span)
        return span

    def _offset(self) -> int:
        return len(self.body) + sum(len(p) for p in self._parts) + (1 if self.sentences else 0)

    def end_sentence(self) -> Span:
        text = "".join(self._parts)
        if self.sentences:
            self.body += "\n"
        start = len(self.body)
        self.body += text
        index = len(self.sentences)
        self.sentences.append(Sentence(index=index, start=start, end=start + len(text), text=text))
        self._parts.clear()
        self._marks.clear()
        return Span(sentence=index, start=start, end=start + len(text), text=text)


def _country_entity(c: _Country) -> Entity:
    return Entity(id=c.id, type="Country", name=c.name, properties={"iso2": c.iso2, "iso3": c.iso3})


def _person_entity(p: _Person) -> Entity:
    return Entity(id=p.id, type="Person", name=p.name)


def _office_entity(title: str, c: _Country) -> Entity:
    return Entity(
        id=ids.office_id(title, c.id),
        type="Office",
        name=f"{title} of {c.name}",
        properties={"title": title, "jurisdiction": c.id},
    )


def generate_extractions(n: int, seed: int = 0) -> list[Extraction]:
    """`n` synthetic extractions; identical for the same (n, seed)."""
    world = _world(n, seed)
    return [_document(world, i, random.Random(f"{seed}:{i}")) for i in range(n)]


def _document(world: _World, index: int, rng: random.Random) -> Extraction:
    doc = _Doc(index)
    published = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1500))
    date = published.isoformat()
    nc = len(world.countries)
    i1 = _zipf(rng, nc)
    c1 = world.countries[i1]
    c2 = world.countries[(i1 + 1 + _zipf(rng, nc - 1)) % nc]
    p1 = world.people[_zipf(rng, len(world.people), 0.6)]
    p2 = world.people[_zipf(rng, len(world.people), 0.6)]
    if p2.id == p1.id:
        p2 = world.people[(world.people.index(p1) + 1) % len(world.people)]
    verb_type, verb_text, cameo = rng.choice(_EVENT_VERBS)
    weekday = _WEEKDAYS[published.weekday()]

    # 1. An announcement: event with two country participants.
    doc.mention(_country_entity(c1), c1.name)
    doc.text(f" announced on {weekday} that it plans to {verb_text} ")
    doc.mention(_country_entity(c2), c2.name)
    doc.text(".")
    span = doc.end_sentence()
    participants = [Participant(entity=c1.id, role="actor"), Participant(entity=c2.id, role="target")]
    eid = ids.event_id(verb_type, [c1.id, c2.id], date)
    doc.events[eid] = Event(
        id=eid,
        type=verb_type,
        cameo=cameo,
        participants=participants,
        modality="planned",
        date=date,
        date_text=weekday,
        evidence=[span],
        confidence=0.8,
        extractor=EXTRACTOR,
    )

    # 2-3. Two office holders: HOLDS_OFFICE with the title sentence as evidence.
    for person in (p1, p2):
        office = _office_entity(person.title, person.country)
        doc.mention(_country_entity(person.country), person.country.adjective)
        doc.text(" ")
        doc.mention(office, person.title)
        doc.text(" ")
        doc.mention(_person_entity(person), person.name)
        doc.text(rng.choice((" spoke to reporters.", " arrived for the talks.", " was briefed.")))
        span = doc.end_sentence()
        rid = ids.relation_id("HOLDS_OFFICE", person.id, office.id)
        valid_from = str(2015 + len(person.name) % 7)
        doc.relations[rid] = Relation(
            id=rid,
            type="HOLDS_OFFICE",
            source=person.id,
            target=office.id,
            valid_from=valid_from,
            evidence=[span],
            confidence=0.9,
            extractor=EXTRACTOR,
        )

    # 4. A meeting between the two.
    doc.mention(_person_entity(p1), p1.surname)
    doc.text(" met ")
    doc.mention(_person_entity(p2), p2.surname)
    doc.text(f" on {weekday} to discuss trade and security.")
    span = doc.end_sentence()
    mid = ids.event_id("meeting", [p1.id, p2.id], date)
    doc.events[mid] = Event(
        id=mid,
        type="meeting",
        cameo="040",
        participants=[Participant(entity=p1.id, role="actor"), Participant(entity=p2.id, role="other")],
        date=date,
        date_text=weekday,
        evidence=[span],
        confidence=0.7,
        extractor=EXTRACTOR,
    )

    # 5. A direct quote about the other country.
    quote = rng.choice(_QUOTES)
    doc.text(f'"{quote}," said ')
    doc.mention(_person_entity(p1), p1.surname)
    doc.text(", referring to ")
    doc.mention(_country_entity(c2), c2.name)
    doc.text(".")
    span = doc.end_sentence()
    quote_span = Span(
        sentence=span.sentence, start=span.start + 1, end=span.start + 1 + len(quote), text=quote
    )
    sid = ids.statement_id(p1.id, quote)
    doc.statements.append(
        Statement(
            id=sid,
            speaker=p1.id,
            text=quote,
            kind="direct",
            date=date,
            about=[c2.id],
            evidence=[quote_span],
            confidence=0.85,
            extractor=EXTRACTOR,
        )
    )

    # 6. Membership of an organisation (some documents).
    if rng.random() < 0.5:
        org_id, org_name = world.orgs[_zipf(rng, len(world.orgs))]
        org = Entity(id=org_id, type="Organization", name=org_name)
        doc.mention(_country_entity(c1), c1.name)
        doc.text(" is a member of the ")
        doc.mention(org, org_name)
        doc.text(".")
        span = doc.end_sentence()
        rid = ids.relation_id("MEMBER_OF", c1.id, org_id)
        doc.relations[rid] = Relation(
            id=rid,
            type="MEMBER_OF",
            source=c1.id,
            target=org_id,
            evidence=[span],
            confidence=0.6,
            extractor=EXTRACTOR,
        )

    # 7. The border between the two countries (some documents).
    if rng.random() < 0.4:
        a, b = sorted((c1.id, c2.id))
        km = 200 + (sum(map(ord, a + b)) * 37) % 3000
        border = Entity(
            id=ids.border_id(a, b),
            type="Border",
            name=f"{c1.name}-{c2.name} border",
            properties={"countries": [a, b], "length_km": km, "length_mi": round(km / 1.609344)},
        )
        doc.text(f"The {km:,}-kilometer ")
        doc.mention(border, "border")
        doc.text(" between ")
        doc.mention(_country_entity(c1), c1.name)
        doc.text(" and ")
        doc.mention(_country_entity(c2), c2.name)
        doc.text(" has been closed for months.")
        doc.end_sentence()

    # 8. Filler with a mention, so not every sentence carries a fact.
    doc.text("Officials in ")
    doc.mention(_country_entity(c2), c2.name)
    doc.text(" did not immediately respond to a request for comment.")
    doc.end_sentence()
    doc.text(f"(Synthetic wire item {index}.)")  # every document unique: no two share a text id
    doc.end_sentence()

    for person in (p1, p2):
        office = _office_entity(person.title, person.country)
        doc.entities.setdefault(office.id, office)
        doc.entities.setdefault(person.country.id, _country_entity(person.country))

    body = doc.body
    return Extraction(
        document=Meta(
            id=ids.document_id(body),
            title=f"{c1.name} and {c2.name}: report {index}",
            published=date,
            source="synthetic wire",
            url=f"https://synthetic.example/news/{index}",
        ),
        text=body,
        sentences=doc.sentences,
        entities=sorted(doc.entities.values(), key=lambda e: e.id),
        relations=list(doc.relations.values()),
        statements=doc.statements,
        events=list(doc.events.values()),
    )


def corpus_facts(extractions: list[Extraction]) -> int:
    """Contract facts (relations + statements + events) in a corpus: the loader's 'facts'."""
    return sum(len(e.relations) + len(e.statements) + len(e.events) for e in extractions)
