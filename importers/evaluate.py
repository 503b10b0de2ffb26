"""Scoring extractions against gold annotations.

Implements the rules of the evaluation corpus README (shared/eval/README.md): for each category
(people, countries, offices, borders, statements, events) gold items are matched one-to-one to
predicted items, greedily by match quality; unmatched gold items are misses (false negatives),
unmatched predictions are false positives. Scores are reported per category and micro-averaged over
all categories. Organizations are listed in gold but are not scored; they are reported on the side.

The scorer works on contract `Extraction` objects only, so it is tested without any NLP; the
extractor is passed in as a callable by `evaluate_dir`.

Comparison helpers:
- names are *folded* (diacritics removed, lower case, punctuation dropped, acronym letters joined:
  "U.N." = "UN") and also match when near-identical (rapidfuzz ratio >= `NEAR_IDENTICAL`);
- country names also match by ISO code (pycountry, plus the common names in the synonym table);
- office titles are normalised ("Defense Minister" = "Minister of Defense") and match when one is
  contained in the other, word by word.
The equivalence tables live in `importers/lexicons/eval_synonyms.json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import pycountry
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz
from unidecode import unidecode

from importers.contract import Entity, Extraction
from importers.readers import ReadError, SourceDocument, iter_documents

CATEGORIES: tuple[str, ...] = ("people", "countries", "offices", "borders", "statements", "events")
INFORMATIONAL: tuple[str, ...] = ("organizations",)

NEAR_IDENTICAL = 90.0
"""rapidfuzz ratio (0-100) from which two folded names or texts count as the same."""

_MIN_FUZZY_LEN = 5  # below this, one letter is too large a share of the word: exact only
_SYNONYMS_PATH = Path(__file__).resolve().parent / "lexicons" / "eval_synonyms.json"
_APOSTROPHES_AND_DOTS = re.compile(r"['’‘`.]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


# --------------------------------------------------------------------------------------------
# Gold format


class _GoldModel(BaseModel):
    # Gold files carry notes and extra hints ("note", "inferred_from", "modality"): kept, not scored.
    model_config = ConfigDict(extra="allow")


class GoldOffice(_GoldModel):
    title: str
    country_or_org: str
    start: str | None = None


class GoldPerson(_GoldModel):
    name: str
    aliases: list[str] = Field(default_factory=list)
    offices: list[GoldOffice] = Field(default_factory=list)


class GoldBorder(_GoldModel):
    between: list[str] = Field(min_length=2, max_length=2)
    length_km: float | None = None


class GoldStatement(_GoldModel):
    speaker: str | None = None
    text_starts_with: str
    kind: str | None = None


class GoldEvent(_GoldModel):
    type: str
    actors: list[str] = Field(default_factory=list)
    date: str | None = None
    date_text: str | None = None


class Gold(_GoldModel):
    document: str
    published: str | None = None
    people: list[GoldPerson] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    organizations: list[str] = Field(default_factory=list)
    organization_aliases: dict[str, list[str]] = Field(default_factory=dict)
    borders: list[GoldBorder] = Field(default_factory=list)
    statements: list[GoldStatement] = Field(default_factory=list)
    events: list[GoldEvent] = Field(default_factory=list)


class GoldError(Exception):
    """A gold file or its document cannot be used; the message names the file."""


def load_gold(path: Path) -> Gold:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read gold file ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}:{exc.lineno}: invalid JSON ({exc.msg})") from exc
    try:
        return Gold.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise GoldError(f"{path}: not a gold annotation ({where}: {first['msg']})") from exc


# --------------------------------------------------------------------------------------------
# Equivalence tables


@dataclass(frozen=True)
class Synonyms:
    event_types: dict[str, str]
    title_words: dict[str, str]
    title_portfolios: dict[str, str]
    title_minister_ranks: frozenset[str]
    title_rank_prefixes: frozenset[str]
    country_names: dict[str, str]
    statement_lead_words: tuple[str, ...]


@lru_cache(maxsize=1)
def synonyms() -> Synonyms:
    data: dict[str, Any] = json.loads(_SYNONYMS_PATH.read_text(encoding="utf-8"))
    return Synonyms(
        event_types={k.lower(): v for k, v in data["event_types"].items()},
        title_words=dict(data["title_words"]),
        title_portfolios=dict(data["title_portfolios"]),
        title_minister_ranks=frozenset(data["title_minister_ranks"]),
        title_rank_prefixes=frozenset(data["title_rank_prefixes"]),
        country_names={k: v.upper() for k, v in data["country_names"].items()},
        statement_lead_words=tuple(data["statement_lead_words"]),
    )


# --------------------------------------------------------------------------------------------
# Normalisation


def fold(text: str) -> str:
    """Diacritics removed, lower case, punctuation dropped, acronym letters joined.

    'José  Núñez' -> 'jose nunez'; 'U.N.' -> 'un'; 'V-O-A' -> 'voa'; 'Al-Sabah' -> 'al sabah'.
    """
    ascii_lower = _APOSTROPHES_AND_DOTS.sub("", unidecode(text).lower())
    words = _NON_WORD.sub(" ", ascii_lower).split()
    joined: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            joined.append(run)
            run = ""
        joined.append(word)
    if run:
        joined.append(run)
    return " ".join(joined)


def near_identical(a: str, b: str) -> float:
    """Similarity in [0, 1] of two folded strings: 1.0 when equal, the fuzzy ratio when near, else 0."""
    if a == b:
        return 1.0 if a else 0.0
    if min(len(a), len(b)) < _MIN_FUZZY_LEN:
        return 0.0
    ratio = fuzz.ratio(a, b)
    return ratio / 100.0 if ratio >= NEAR_IDENTICAL else 0.0


def country_iso3(name: str) -> str | None:
    """ISO 3166 alpha-3 code of a country name or code, or None when it names no country."""
    folded = fold(name)
    if not folded:
        return None
    table = synonyms().country_names
    if folded in table:
        return table[folded]
    try:
        country = pycountry.countries.lookup(name.strip())
    except LookupError:
        return None
    return str(country.alpha_3)


def normalise_event_type(event_type: str) -> str:
    key = event_type.strip().lower().replace(" ", "_").replace("-", "_")
    return synonyms().event_types.get(key, key)


def normalise_title(title: str) -> str:
    """Fold an office title and write ministerial styles one way: 'Foreign Minister' -> 'minister of
    foreign affairs', 'Deputy Defence Minister' -> 'deputy minister of defense'."""
    syn = synonyms()
    text = unidecode(title).lower()
    for word, replacement in syn.title_words.items():
        text = re.sub(rf"\b{re.escape(word)}\b", replacement, text)
    words = fold(text).split()
    if "minister" not in words:
        return " ".join(words)
    at = words.index("minister")
    before, after = words[:at], words[at + 1 :]
    if after[:1] == ["of"]:
        portfolio = " ".join(after[1:])
        head, tail = [*before, "minister"], []
    else:
        # "X Minister" = "Minister of X", unless X is a rank ("Prime Minister", "Chief Minister").
        ranks: list[str] = []
        while before and before[0] in syn.title_rank_prefixes:
            ranks.append(before.pop(0))
        if not before or set(before) & syn.title_minister_ranks:
            return " ".join(words)
        portfolio = " ".join(before)
        head, tail = [*ranks, "minister"], after
    portfolio = syn.title_portfolios.get(portfolio, portfolio)
    return " ".join([*head, "of", portfolio, *tail]) if portfolio else " ".join(head)


def titles_match(gold_title: str, predicted_title: str) -> float:
    """1.0 for equal normalised titles, 0.9 when one is contained in the other (word by word), the
    fuzzy ratio when near-identical, else 0."""
    gold = normalise_title(gold_title)
    pred = normalise_title(predicted_title)
    if not gold or not pred:
        return 0.0
    if gold == pred:
        return 1.0
    if _contains_words(gold.split(), pred.split()) or _contains_words(pred.split(), gold.split()):
        return 0.9
    return near_identical(gold, pred) * 0.9


def _contains_words(outer: list[str], inner: list[str]) -> bool:
    n = len(inner)
    return any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))


# --------------------------------------------------------------------------------------------
# Names of predicted entities


@dataclass(frozen=True)
class Names:
    """The folded names under which a predicted (or gold) thing may be recognised."""

    display: str
    folded: frozenset[str]
    iso: frozenset[str] = frozenset()

    def score(self, other: Names) -> float:
        """How well two name sets match: 1.0 exact (name or alias or ISO code), fuzzy ratio if
        near-identical, 0 if they do not match."""
        if self.folded & other.folded or self.iso & other.iso:
            return 1.0
        best = 0.0
        for a in self.folded:
            for b in other.folded:
                best = max(best, near_identical(a, b))
        return best


def _folded_set(names: Iterable[str]) -> frozenset[str]:
    return frozenset(f for f in (fold(n) for n in names) if f)


def _id_name(entity_id: str) -> str:
    """A readable name from an id when the entity itself is missing: 'person:ana-mora' -> 'ana mora'."""
    _, _, rest = entity_id.partition(":")
    rest = rest.split("@", 1)[0]
    return rest.replace("-", " ") if rest else entity_id


class EntityIndex:
    """Resolves entity ids of one extraction to their names, aliases and ISO codes."""

    def __init__(self, extraction: Extraction) -> None:
        self.by_id: dict[str, Entity] = {e.id: e for e in extraction.entities}

    def names(self, entity_id: str | None) -> Names:
        if entity_id is None:
            return Names("(none)", frozenset())
        entity = self.by_id.get(entity_id)
        if entity is None:
            iso: frozenset[str] = frozenset()
            if entity_id.startswith("country:"):
                iso = frozenset({entity_id.removeprefix("country:").upper()})
            return Names(_id_name(entity_id), _folded_set([_id_name(entity_id)]), iso)
        return entity_names(entity)


def entity_names(entity: Entity) -> Names:
    iso: set[str] = set()
    if entity.type == "Country":
        for key in ("iso3", "iso2"):
            value = entity.properties.get(key)
            if isinstance(value, str) and value:
                iso.add(value.upper())
        if entity.id.startswith("country:"):
            iso.add(entity.id.removeprefix("country:").upper())
    return Names(entity.name, _folded_set([entity.name, *entity.aliases]), frozenset(iso))


def gold_names(name: str, gold: Gold) -> Names:
    """Names of a gold person, country or organisation, with its aliases from the gold file."""
    names = {name}
    key = fold(name)
    for person in gold.people:
        if key in _folded_set([person.name, *person.aliases]):
            names.update([person.name, *person.aliases])
    for org, aliases in gold.organization_aliases.items():
        if key in _folded_set([org, *aliases]):
            names.update([org, *aliases])
    iso = country_iso3(name)
    return Names(name, _folded_set(names), frozenset({iso}) if iso else frozenset())


def _country_iso_names(name: str) -> Names:
    iso3 = country_iso3(name)
    codes: set[str] = set()
    if iso3:
        codes.add(iso3)
        country = pycountry.countries.get(alpha_3=iso3)
        if country is not None:
            codes.add(str(country.alpha_2))
    return Names(name, _folded_set([name]), frozenset(codes))


# --------------------------------------------------------------------------------------------
# Scores


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    # With nothing predicted there is no false positive (precision 1.0); with nothing to find there
    # is no miss (recall 1.0). F1 follows, so an empty-vs-empty category scores 1.0.
    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class CategoryResult:
    counts: Counts
    matched: list[tuple[str, str]] = field(default_factory=list)  # (gold, predicted) descriptions
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)


@dataclass
class DocumentResult:
    gold_path: str
    document_path: str | None
    categories: dict[str, CategoryResult]
    informational: dict[str, CategoryResult] = field(default_factory=dict)
    error: str | None = None

    @property
    def micro(self) -> Counts:
        total = Counts()
        for result in self.categories.values():
            total.add(result.counts)
        return total


@dataclass
class EvalReport:
    documents: list[DocumentResult]

    def totals(self, categories: Sequence[str] = CATEGORIES) -> dict[str, Counts]:
        totals = {c: Counts() for c in categories}
        for doc in self.documents:
            for name in categories:
                result = doc.categories.get(name) or doc.informational.get(name)
                if result is not None:
                    totals[name].add(result.counts)
        return totals

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.totals().values():
            total.add(counts)
        return total

    @property
    def failed(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.error is not None]

    def as_dict(self) -> dict[str, Any]:
        return {
            "categories": {c: n.as_dict() for c, n in self.totals().items()},
            "micro": self.micro.as_dict(),
            "informational": {c: n.as_dict() for c, n in self.totals(INFORMATIONAL).items()},
            "documents": [
                {
                    "gold": d.gold_path,
                    "document": d.document_path,
                    "error": d.error,
                    "micro": d.micro.as_dict(),
                    "categories": {
                        c: {**r.counts.as_dict(), "misses": r.misses, "false_positives": r.false_positives}
                        for c, r in {**d.categories, **d.informational}.items()
                    },
                }
                for d in self.documents
            ],
        }


# --------------------------------------------------------------------------------------------
# Matching

G = TypeVar("G")
P = TypeVar("P")


def greedy_match(
    gold: Sequence[G], predicted: Sequence[P], score: Callable[[G, P], float]
) -> list[tuple[int, int]]:
    """One-to-one greedy matching: all (gold, predicted) pairs that match (score > 0) are taken best
    score first (ties: gold order, then prediction order), each item used at most once."""
    pairs: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            s = score(g, p)
            if s > 0:
                pairs.append((-s, gi, pi))
    pairs.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches: list[tuple[int, int]] = []
    for _, gi, pi in pairs:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        matches.append((gi, pi))
    return sorted(matches)


def _score_category(
    gold: Sequence[G],
    predicted: Sequence[P],
    score: Callable[[G, P], float],
    describe_gold: Callable[[G], str],
    describe_pred: Callable[[P], str],
) -> CategoryResult:
    matches = greedy_match(gold, predicted, score)
    matched_gold = {g for g, _ in matches}
    matched_pred = {p for _, p in matches}
    return CategoryResult(
        counts=Counts(
            tp=len(matches), fp=len(predicted) - len(matched_pred), fn=len(gold) - len(matched_gold)
        ),
        matched=[(describe_gold(gold[g]), describe_pred(predicted[p])) for g, p in matches],
        misses=[describe_gold(g) for i, g in enumerate(gold) if i not in matched_gold],
        false_positives=[describe_pred(p) for i, p in enumerate(predicted) if i not in matched_pred],
    )


@dataclass(frozen=True)
class _Office:
    person: Names
    title: str
    jurisdiction: Names


@dataclass(frozen=True)
class _PredBorder:
    a: Names
    b: Names
    length_km: float | None


@dataclass(frozen=True)
class _PredStatement:
    speaker: Names
    text: str


@dataclass(frozen=True)
class _PredEvent:
    type: str
    participants: tuple[Names, ...]
    date: str | None


def _statement_opening(text: str) -> str:
    words = fold(text).split()
    lead = synonyms().statement_lead_words
    while words and words[0] in lead:
        words = words[1:]
    return " ".join(words)


def statement_text_score(gold_start: str, predicted_text: str) -> float:
    """1.0 when the gold opening words begin the predicted text (after folding, leading 'that'
    dropped), a fuzzy ratio when they nearly do (quote marks, a word's spelling), else 0."""
    gold = _statement_opening(gold_start)
    pred = _statement_opening(predicted_text)
    if not gold or not pred:
        return 0.0
    if pred.startswith(gold) and (len(pred) == len(gold) or pred[len(gold)] == " " or gold[-1] == " "):
        return 1.0
    if pred.startswith(gold):
        return 0.95  # the last gold word is cut inside a longer predicted word
    best = 0.0
    for slack in range(-3, 4):
        best = max(best, near_identical(gold, pred[: max(0, len(gold) + slack)]))
    return best * 0.95


def _dates_agree(gold: str | None, predicted: str | None) -> bool:
    if gold is None:
        return True
    if predicted is None:
        return False
    return gold.startswith(predicted) or predicted.startswith(gold)


def score_document(
    gold: Gold, extraction: Extraction, *, gold_path: str = "", document_path: str | None = None
) -> DocumentResult:
    """Score one extraction against its gold annotation, category by category."""
    index = EntityIndex(extraction)
    by_type: dict[str, list[Entity]] = {}
    for entity in extraction.entities:
        by_type.setdefault(entity.type, []).append(entity)

    def names_score(a: Names, b: Names) -> float:
        return a.score(b)

    # People: a bonus for the canonical names agreeing, so that when a document's extractor left a
    # surname as a separate person the full-name prediction wins the gold person.
    gold_people = [Names(p.name, _folded_set([p.name, *p.aliases])) for p in gold.people]
    pred_people = [entity_names(e) for e in by_type.get("Person", [])]

    def person_score(g: Names, p: Names) -> float:
        s = g.score(p)
        return s + (0.01 if s and fold(g.display) == fold(p.display) else 0.0)

    people = _score_category(gold_people, pred_people, person_score, lambda g: g.display, lambda p: p.display)

    gold_countries = [_country_iso_names(c) for c in gold.countries]
    pred_countries = [entity_names(e) for e in by_type.get("Country", [])]
    countries = _score_category(
        gold_countries, pred_countries, names_score, lambda g: g.display, lambda p: p.display
    )

    gold_orgs = [gold_names(o, gold) for o in gold.organizations]
    pred_orgs = [entity_names(e) for e in by_type.get("Organization", [])]
    organizations = _score_category(
        gold_orgs, pred_orgs, names_score, lambda g: g.display, lambda p: p.display
    )

    gold_offices = [
        _Office(Names(p.name, _folded_set([p.name, *p.aliases])), o.title, gold_names(o.country_or_org, gold))
        for p in gold.people
        for o in p.offices
    ]
    pred_offices: list[_Office] = []
    for relation in extraction.relations:
        if relation.type != "HOLDS_OFFICE":
            continue
        office = index.by_id.get(relation.target)
        title = ""
        jurisdiction = Names("(none)", frozenset())
        if office is not None:
            title = str(office.properties.get("title") or office.name)
            jurisdiction_id = office.properties.get("jurisdiction")
            if isinstance(jurisdiction_id, str):
                jurisdiction = index.names(jurisdiction_id)
        else:
            title = _id_name(relation.target.removeprefix("office:"))
            _, _, jurisdiction_id = relation.target.partition("@")
            if jurisdiction_id:
                jurisdiction = index.names(jurisdiction_id)
        pred_offices.append(_Office(index.names(relation.source), title, jurisdiction))

    def office_score(g: _Office, p: _Office) -> float:
        person = g.person.score(p.person)
        title = titles_match(g.title, p.title)
        place = g.jurisdiction.score(p.jurisdiction)
        return (person + title + place) / 3 if person and title and place else 0.0

    offices = _score_category(
        gold_offices,
        pred_offices,
        office_score,
        lambda g: f"{g.person.display} | {g.title} @ {g.jurisdiction.display}",
        lambda p: f"{p.person.display} | {p.title} @ {p.jurisdiction.display}",
    )

    gold_borders = [
        (gold_names(b.between[0], gold), gold_names(b.between[1], gold), b.length_km) for b in gold.borders
    ]
    pred_borders: list[_PredBorder] = []
    for entity in by_type.get("Border", []):
        ids = entity.properties.get("countries") or []
        if not isinstance(ids, list) or len(ids) != 2:
            continue
        length = entity.properties.get("length_km")
        pred_borders.append(
            _PredBorder(
                index.names(str(ids[0])),
                index.names(str(ids[1])),
                float(length) if isinstance(length, int | float) else None,
            )
        )

    def border_score(g: tuple[Names, Names, float | None], p: _PredBorder) -> float:
        ga, gb, km = g
        same = min(ga.score(p.a), gb.score(p.b))
        swapped = min(ga.score(p.b), gb.score(p.a))
        pair = max(same, swapped)
        if not pair:
            return 0.0
        if km is not None and (p.length_km is None or abs(p.length_km - km) > 0.01 * abs(km)):
            return 0.0
        return pair

    def describe_gold_border(g: tuple[Names, Names, float | None]) -> str:
        return f"{g[0].display} - {g[1].display}" + (f" ({g[2]:g} km)" if g[2] is not None else "")

    def describe_pred_border(p: _PredBorder) -> str:
        return f"{p.a.display} - {p.b.display}" + (
            f" ({p.length_km:g} km)" if p.length_km is not None else ""
        )

    borders = _score_category(
        gold_borders, pred_borders, border_score, describe_gold_border, describe_pred_border
    )

    pred_statements = [_PredStatement(index.names(s.speaker), s.text) for s in extraction.statements]

    def statement_score(g: GoldStatement, p: _PredStatement) -> float:
        text = statement_text_score(g.text_starts_with, p.text)
        if not text:
            return 0.0
        if g.speaker is None:
            return text
        speaker = gold_names(g.speaker, gold).score(p.speaker)
        return (text + speaker) / 2 if speaker else 0.0

    statements = _score_category(
        gold.statements,
        pred_statements,
        statement_score,
        lambda g: f"{g.speaker or '(unnamed)'}: {g.text_starts_with!r}",
        lambda p: f"{p.speaker.display}: {_clip(p.text)!r}",
    )

    pred_events = [
        _PredEvent(
            normalise_event_type(e.type), tuple(index.names(pt.entity) for pt in e.participants), e.date
        )
        for e in extraction.events
    ]

    def event_score(g: GoldEvent, p: _PredEvent) -> float:
        if normalise_event_type(g.type) != p.type or not _dates_agree(g.date, p.date):
            return 0.0
        total = 1.0
        for actor in g.actors:
            names = gold_names(actor, gold)
            best = max((names.score(part) for part in p.participants), default=0.0)
            if not best:
                return 0.0
            total += best
        # Prefer the prediction that names no one beyond the gold actors, and the exact date.
        extra = max(0, len(p.participants) - len(g.actors))
        exact_date = 1.0 if g.date is not None and g.date == p.date else 0.0
        return total / (1 + len(g.actors)) - 0.01 * extra + 0.01 * exact_date

    def describe_gold_event(g: GoldEvent) -> str:
        return f"{g.type}({', '.join(g.actors)})" + (f" {g.date}" if g.date else "")

    def describe_pred_event(p: _PredEvent) -> str:
        return f"{p.type}({', '.join(n.display for n in p.participants)})" + (f" {p.date}" if p.date else "")

    events = _score_category(gold.events, pred_events, event_score, describe_gold_event, describe_pred_event)

    return DocumentResult(
        gold_path=gold_path,
        document_path=document_path,
        categories={
            "people": people,
            "countries": countries,
            "offices": offices,
            "borders": borders,
            "statements": statements,
            "events": events,
        },
        informational={"organizations": organizations},
    )


def _clip(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------
# Running over a folder of gold files


def find_document(gold_path: Path, gold: Gold) -> Path:
    """The document a gold file annotates: beside it, or in a `seeds/` folder next to or above its
    folder (the seed's gold sits in eval/seed/, its text in shared/seeds/)."""
    folder = gold_path.parent
    candidates = [
        folder / gold.document,
        folder.parent / "seeds" / gold.document,
        folder.parent.parent / "seeds" / gold.document,
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise GoldError(
        f"{gold_path}: document {gold.document!r} not found (looked in {folder} and seeds/ next to it)"
    )


def read_gold_document(gold_path: Path, gold: Gold) -> SourceDocument:
    """Read the annotated document; the gold's publication date fills in when the document has none."""
    path = find_document(gold_path, gold)
    results = list(iter_documents([path]))
    if len(results) != 1:
        raise GoldError(f"{path}: expected one document, found {len(results)}")
    document = results[0]
    if isinstance(document, ReadError):
        raise GoldError(str(document))
    if document.published is None and gold.published is not None:
        document = document.model_copy(update={"published": gold.published})
    return document


def gold_files(gold_dir: Path) -> list[Path]:
    if gold_dir.is_file():
        return [gold_dir]
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir}: no such folder")
    files = sorted(gold_dir.rglob("*.gold.json"))
    if not files:
        raise GoldError(f"{gold_dir}: no *.gold.json files")
    return files


def evaluate_dir(gold_dir: Path, extract: Callable[[SourceDocument], Extraction]) -> EvalReport:
    """Extract and score every gold-annotated document under `gold_dir`.

    A gold file that cannot be read, or whose document cannot, is reported as a failed document
    (`DocumentResult.error`) and the others are still scored. Errors of the extractor itself
    propagate: they are bugs, not bad input.
    """
    results: list[DocumentResult] = []
    for gold_path in gold_files(gold_dir):
        try:
            gold = load_gold(gold_path)
            document = read_gold_document(gold_path, gold)
        except GoldError as exc:
            results.append(DocumentResult(str(gold_path), None, {}, {}, error=str(exc)))
            continue
        extraction = extract(document)
        results.append(
            score_document(gold, extraction, gold_path=str(gold_path), document_path=document.path)
        )
    return EvalReport(results)
