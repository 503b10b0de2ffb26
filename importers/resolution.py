"""Cross-document entity resolution: one real person, one node (issue 11).

An extractor names a person as one document writes them: `person:<slug of the name>`. Before a
document is loaded, `Resolver.resolve` decides for each of its people whether they are a person the
graph already knows, and rewrites the extraction's ids to that canonical entity. What the document
said (the name as written, its id, the document) is kept apart, as a *mention record*: one
`(:Resolution)` node per (document, written id) with the decision, its score, reason, rule and time
(followthemoney's statement model: the statement of a source is kept beside the entity it resolved
to). The spans are the document's mention Evidence, which cites the canonical entity.

Deciding (docs/resolution.md):
1. Blocking: candidates share a folded name token (unidecode, lower case; honorifics and particles
   such as "bin", "al-", "de" dropped: importers/lexicons/name_particles.txt, honorifics.txt).
2. A name rule gives a base score: the same full name (1.0); one full name extending the other with
   the same given name, "Ana Ruiz" / "Ana Ruiz Soto" (0.9); a part of a full name without its given
   name, "Ruiz Soto" (0.8); the same given name and overlapping but conflicting surnames (0.7); a
   surname alone, "Ruiz" (0.8, merged only when the context agrees); a given name alone, "Ana"
   (0.5, never merged). Two full names sharing only a given name ("Ana" Ruiz, "Ana" Lima) or a token
   that is one's given name and the other's surname ("Omar" Haddad, Karim "Omar") are never
   candidates.
3. Context adjusts it: a country in common (office jurisdictions, countries mentioned beside the
   person) +0.1, countries known on both sides but disjoint -0.15; an office in common +0.1; other
   entities co-mentioned +0.05 each (at most 2); documents more than 15 years apart -0.1.
4. Decision: at or above `merge_threshold` merge; in [review_threshold, merge_threshold) the
   mention stays its own entity and a review item lists the candidates; below, a new entity. A
   surname alone merges only if exactly one known person fits it (no other bearer of that surname,
   nobody with it as a given name); a given name alone at most goes to review; two candidates above
   the merge threshold go to review.
5. Analyst judgements (`intelgraph entities merge/split`, `(:Judgement)` nodes) override 4: a pair
   judged the same merges whatever the score, a pair judged different is never a candidate.

Order: a full name arriving after a surname-only entity ("Ruiz" loaded first, then "Ana Ruiz")
absorbs it when the same rules would have merged the surname into the full name: the loader
moves the surname entity's relationships and evidence onto the full-name one (`absorb` rows,
cypher/load/resolve_absorb.cypher). So importing A then B and B then A gives the same clusters (the
canonical id may differ: it is the first full name the graph saw).

Pure Python over an in-memory index of the people the graph holds (read once per load run by
`cypher/load/resolve_index.cypher`) and extended by every document resolved since.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz.distance import JaroWinkler

from importers import ids
from importers.contract import Entity, Event, Extraction, Participant, Relation, Span, Statement
from importers.ids import digest, fold

_LEXICONS = Path(__file__).resolve().parent / "lexicons"
RULE_VERSION = "name_rules@1"
PERSON = "Person"

DEFAULT_MERGE_THRESHOLD = 0.85
DEFAULT_REVIEW_THRESHOLD = 0.6

# Name rules and their base scores (see the module docstring).
SAME_NAME = ("same-name", 1.0)
EXTENSION = ("name-extension", 0.9)
NAME_PART = ("name-part", 0.8)
NAME_OVERLAP = ("name-overlap", 0.7)
SURNAME_ONLY = ("surname-only", 0.8)
GIVEN_ONLY = ("given-name-only", 0.5)

_SINGLE_TOKEN_RULES = {SURNAME_ONLY[0], GIVEN_ONLY[0]}
_TOKEN_SIMILARITY = 0.94  # Jaro-Winkler: transliteration variants ("Kovalenko" = "Kowalenko")
_YEARS_APART = 15


def _lexicon_words(name: str) -> frozenset[str]:
    lines = (_LEXICONS / name).read_text(encoding="utf-8").splitlines()
    words = {fold(line) for line in lines if line.strip() and not line.startswith("#")}
    return frozenset(w for w in words if w)


PARTICLES = _lexicon_words("name_particles.txt")
HONORIFICS = _lexicon_words("honorifics.txt")


def name_tokens(name: str) -> tuple[str, ...]:
    """Folded tokens of a person's name that can identify them (no honorifics, no particles)."""
    return tuple(t for t in fold(name).split() if t not in PARTICLES and t not in HONORIFICS)


@dataclass(frozen=True)
class Settings:
    merge_threshold: float = DEFAULT_MERGE_THRESHOLD
    review_threshold: float = DEFAULT_REVIEW_THRESHOLD

    def __post_init__(self) -> None:
        if not 0 < self.review_threshold <= self.merge_threshold <= 1:
            raise ValueError("entity resolution needs 0 < review threshold <= merge threshold <= 1")


@dataclass
class Context:
    """What surrounds a person: where they act, what they hold, whom they appear with, when."""

    countries: set[str] = field(default_factory=set)
    offices: set[str] = field(default_factory=set)
    others: set[str] = field(default_factory=set)  # co-mentioned entity ids (not countries)
    dates: set[str] = field(default_factory=set)  # documents' published dates (YYYY-MM-DD)

    def update(self, other: Context) -> None:
        self.countries |= other.countries
        self.offices |= other.offices
        self.others |= other.others
        self.dates |= other.dates


@dataclass
class Known:
    """A canonical person: every name it has been written as, and its context."""

    id: str
    name: str
    names: set[tuple[str, ...]] = field(default_factory=set)  # token tuples of its names
    context: Context = field(default_factory=Context)

    @property
    def full_names(self) -> list[tuple[str, ...]]:
        return [n for n in self.names if len(n) >= 2]

    @property
    def given(self) -> set[str]:
        return {n[0] for n in self.full_names}

    @property
    def surnames(self) -> set[str]:
        return {t for n in self.full_names for t in n[1:]}

    @property
    def is_full(self) -> bool:
        return bool(self.full_names)

    def tokens(self) -> set[str]:
        return {t for n in self.names for t in n}


@dataclass
class Decision:
    """What resolution decided for one person of one document (a `(:Resolution)` row)."""

    doc_id: str | None
    written_id: str
    written_name: str
    entity_id: str
    decision: str  # 'merge' | 'new' | 'review' | 'absorb'
    score: float
    rule: str
    reason: str
    candidates: list[str] = field(default_factory=list)
    candidate_scores: list[float] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        key = self.doc_id if self.doc_id is not None else "absorb:" + self.entity_id
        return {
            "id": "resolution:" + digest(key, self.written_id),
            "doc_id": self.doc_id,
            "written_id": self.written_id,
            "written_name": self.written_name,
            "entity_id": self.entity_id,
            "decision": self.decision,
            "score": round(self.score, 3),
            "rule": f"{RULE_VERSION}:{self.rule}",
            "reason": self.reason,
            "candidates": self.candidates,
            "candidate_scores": [round(s, 3) for s in self.candidate_scores],
            "status": "open" if self.decision == "review" else "decided",
        }


@dataclass
class Resolved:
    extraction: Extraction
    decisions: list[Decision]
    absorbed: list[Decision]  # earlier surname-only entities this document's full names take over


def _similar(a: str, b: str) -> bool:
    return a == b or JaroWinkler.similarity(a, b) >= _TOKEN_SIMILARITY


def name_rule(mention: tuple[str, ...], known: Known) -> tuple[str, float] | None:
    """The name rule relating a written name to a known person (None: never the same person)."""
    if not mention:
        return None
    if len(mention) == 1:
        token = mention[0]
        if not known.is_full:
            return None  # two lone tokens: the same slug id already joins identical ones
        if any(_similar(token, s) for s in known.surnames):
            return SURNAME_ONLY
        if any(_similar(token, g) for g in known.given):
            return GIVEN_ONLY
        return None
    best: tuple[str, float] | None = None
    for name in known.names:
        rule = _full_rule(mention, name)
        if rule is not None and (best is None or rule[1] > best[1]):
            best = rule
    return best


def _full_rule(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, float] | None:
    if len(b) < 2:
        return None
    if len(a) == len(b) and all(_similar(x, y) for x, y in zip(a, b, strict=True)):
        return SAME_NAME
    a_rest, b_rest = set(a[1:]), set(b[1:])
    overlap = any(_similar(x, y) for x in a_rest for y in b_rest)
    if _similar(a[0], b[0]):
        if not overlap:
            return None  # a given name in common, nothing else: never the same person
        if _covers(a_rest, b_rest) or _covers(b_rest, a_rest):
            return EXTENSION
        return NAME_OVERLAP
    # Different first tokens: one may be the other's surnames without the given name.
    if _covers(b_rest, set(a)) or _covers(a_rest, set(b)):
        return NAME_PART
    return None


def _covers(big: set[str], small: set[str]) -> bool:
    return bool(small) and all(any(_similar(s, b) for b in big) for s in small)


def context_score(mention: Context, known: Context) -> tuple[float, list[str]]:
    score = 0.0
    why: list[str] = []
    shared = sorted(mention.countries & known.countries)
    if shared:
        score += 0.1
        why.append("country " + ",".join(shared))
    elif mention.countries and known.countries:
        score -= 0.15
        why.append("no country in common")
    offices = sorted(mention.offices & known.offices)
    if offices:
        score += 0.1
        why.append("office " + ",".join(offices))
    others = sorted(mention.others & known.others)
    if others:
        score += 0.05 * min(len(others), 2)
        why.append("co-mentioned " + ",".join(others[:3]))
    gap = _years_apart(mention.dates, known.dates)
    if gap is not None and gap > _YEARS_APART:
        score -= 0.1
        why.append(f"{gap} years apart")
    return score, why


def _years_apart(a: set[str], b: set[str]) -> int | None:
    years_a = {int(d[:4]) for d in a if d[:4].isdigit()}
    years_b = {int(d[:4]) for d in b if d[:4].isdigit()}
    if not years_a or not years_b:
        return None
    return min(abs(x - y) for x in years_a for y in years_b)


@dataclass
class _Scored:
    known: Known
    rule: str
    score: float
    reason: str
    context: float = 0.0  # what the context added (negative: it disagrees)


class Resolver:
    """Resolves the people of one document after another against everything resolved before."""

    def __init__(
        self,
        known: Iterable[Known] = (),
        settings: Settings | None = None,
        judgements: Iterable[tuple[str, str, str]] = (),
    ) -> None:
        """`judgements`: analysts' (id, id, 'same'|'different'), honoured over any score."""
        self.settings = settings or Settings()
        self.same: set[frozenset[str]] = set()
        self.different: set[frozenset[str]] = set()
        for a, b, verdict in judgements:
            (self.same if verdict == "same" else self.different).add(frozenset((a, b)))
        self.known: dict[str, Known] = {}
        self.redirects: dict[str, str] = {}  # absorbed lone-name id -> the full-name id
        self.by_token: dict[str, set[str]] = {}
        for k in known:
            self._add(k)

    # --- the index -------------------------------------------------------------------------
    def _add(self, known: Known) -> None:
        self.known[known.id] = known
        for token in known.tokens():
            self.by_token.setdefault(token, set()).add(known.id)

    def _extend(self, known: Known, names: Iterable[tuple[str, ...]], context: Context) -> None:
        for name in names:
            if name and name not in known.names:
                known.names.add(name)
                for token in name:
                    self.by_token.setdefault(token, set()).add(known.id)
        known.context.update(context)

    def _remove(self, known_id: str) -> None:
        known = self.known.pop(known_id, None)
        if known is None:
            return
        for token in known.tokens():
            self.by_token.get(token, set()).discard(known_id)

    def _candidates(self, tokens: Iterable[str]) -> list[Known]:
        found: set[str] = set()
        for token in tokens:
            found |= self.by_token.get(token, set())
            # Spelling variants share a prefix: look a little wider, the rule decides.
        return [self.known[i] for i in sorted(found)]

    # --- scoring ---------------------------------------------------------------------------
    def _judged(self, verdicts: set[frozenset[str]], a: str, b: str) -> bool:
        return any(frozenset((x, y)) in verdicts for x in {a, self.redirects.get(a, a)} for y in {b})

    def _score(self, names: list[tuple[str, ...]], context: Context, exclude: str | None) -> list[_Scored]:
        scored: list[_Scored] = []
        tokens = {t for n in names for t in n}
        for known in self._candidates(tokens):
            if known.id == exclude or (
                exclude is not None and self._judged(self.different, exclude, known.id)
            ):
                continue
            best: tuple[str, float] | None = None
            for name in names:
                rule = name_rule(name, known)
                if rule is not None and (best is None or rule[1] > best[1]):
                    best = rule
            if best is None:
                continue
            bonus, why = context_score(context, known.context)
            score = max(0.0, min(1.0, best[1] + bonus))
            if best[0] == GIVEN_ONLY[0]:
                score = min(score, self.settings.merge_threshold - 0.01)
            reason = best[0] + (": " + "; ".join(why) if why else "")
            scored.append(_Scored(known, best[0], score, reason, bonus))
        scored.sort(key=lambda s: (-s.score, s.known.id))
        return scored

    def _decide(self, scored: list[_Scored], lone_token: bool) -> tuple[str, _Scored | None, str]:
        """('merge'|'review'|'new', the chosen candidate, why)."""
        merge, review = self.settings.merge_threshold, self.settings.review_threshold
        if not scored:
            return "new", None, "no candidate"
        best = scored[0]
        if lone_token:
            bearers = [s for s in scored if s.rule in _SINGLE_TOKEN_RULES]
            if len(bearers) > 1:
                return "review", best, f"{len(bearers)} known people fit a lone name"
            if best.rule == SURNAME_ONLY[0] and best.score >= merge and best.context > 0:
                return "merge", best, best.reason
            if best.score >= review:
                return "review", best, best.reason
            return "new", None, f"best candidate {best.known.id} scored {best.score:.2f}"
        above = [s for s in scored if s.score >= merge]
        if len(above) > 1:
            return "review", best, f"{len(above)} candidates above the merge threshold"
        if best.score >= merge:
            return "merge", best, best.reason
        if best.score >= review:
            return "review", best, best.reason
        return "new", None, f"best candidate {best.known.id} scored {best.score:.2f}"

    # --- one document ----------------------------------------------------------------------
    def resolve(self, extraction: Extraction) -> Resolved:
        people = [e for e in extraction.entities if e.type == PERSON]
        if not people:
            return Resolved(extraction, [], [])
        doc_id = extraction.document.id
        contexts = _contexts(extraction)
        mapping: dict[str, str] = {}
        decisions: list[Decision] = []
        absorbed: list[Decision] = []
        full_ids: list[str] = []
        # Co-mentioned people count as who they most likely are: the one known person their name
        # fits, if exactly one does.
        tentative: dict[str, str] = {}
        for person in people:
            fits = self._score(_names(person), Context(), exclude=person.id)
            if len(fits) == 1:
                tentative[person.id] = fits[0].known.id
        # Full names first: a lone surname is judged knowing the document's full names.
        ordered = sorted(people, key=lambda e: (-len(name_tokens(e.name)), e.id))
        for person in ordered:
            names = _names(person)
            if not names:
                continue
            lone = all(len(n) == 1 for n in names)
            if not lone:  # a full name is judged by its full names, never by a lone alias
                names = [n for n in names if len(n) > 1]
            context = contexts[person.id]
            context.others = self._canonical({mapping.get(o, tentative.get(o, o)) for o in context.others})
            scored = self._score(names, context, exclude=None)
            scored = [
                s
                for s in scored
                if (s.known.id != person.id or not lone)
                and not self._judged(self.different, person.id, s.known.id)
            ]
            same = next((s for s in scored if s.known.id == person.id), None)
            judged = (
                sorted(k for k in self.known if k != person.id and self._judged(self.same, person.id, k))
                if self.same
                else []
            )
            chosen: _Scored | None
            if judged:
                target_id = self.redirects.get(judged[0], judged[0])
                verdict, why = "merge", "an analyst judged them the same"
                chosen = _Scored(self.known[target_id], "analyst", 1.0, why)
            elif same is not None and not lone:
                verdict, chosen, why = "merge", same, "the same id"
            else:
                verdict, chosen, why = self._decide(scored, lone)
            if verdict == "merge" and chosen is not None:
                target = chosen.known
                mapping[person.id] = target.id
                self._extend(target, names, context)
                decisions.append(
                    Decision(
                        doc_id,
                        person.id,
                        person.name,
                        target.id,
                        "merge",
                        chosen.score,
                        chosen.rule,
                        why,
                        [target.id],
                        [chosen.score],
                    )
                )
            else:
                known = self.known.get(person.id)
                if known is None:
                    known = Known(person.id, person.name)
                    self._add(known)
                self._extend(known, names, context)
                top = scored[:5]
                decisions.append(
                    Decision(
                        doc_id,
                        person.id,
                        person.name,
                        person.id,
                        verdict,
                        top[0].score if top else 0.0,
                        top[0].rule if top else "no-candidate",
                        why,
                        [s.known.id for s in top],
                        [s.score for s in top],
                    )
                )
            if not lone:
                full_ids.append(mapping.get(person.id, person.id))
        # Until nothing changes: one absorption can make another's context agree.
        while taken := [d for full_id in full_ids for d in self._absorb(full_id)]:
            absorbed.extend(taken)
        return Resolved(_rewrite(extraction, mapping, self.known), decisions, absorbed)

    def _canonical(self, entity_ids: set[str]) -> set[str]:
        """Entity ids as who they most likely are: absorbed ids as their absorber, a lone name that
        exactly one known full-name person fits as that person."""
        out: set[str] = set()
        for entity_id in entity_ids:
            entity_id = self.redirects.get(entity_id, entity_id)
            known = self.known.get(entity_id)
            if known is not None and not known.is_full:
                fits = self._score(sorted(known.names), Context(), exclude=known.id)
                if len(fits) == 1:
                    entity_id = fits[0].known.id
            out.add(entity_id)
        return out

    def _absorb(self, full_id: str) -> list[Decision]:
        """Lone-name entities known before that now resolve into `full_id` (order independence)."""
        full_id = self.redirects.get(full_id, full_id)
        full = self.known[full_id]
        taken: list[Decision] = []
        for token in sorted(full.tokens()):
            for other_id in sorted(self.by_token.get(token, set())):
                other = self.known.get(other_id)
                if other is None or other.id == full_id or other.is_full:
                    continue
                context = Context(
                    countries=other.context.countries,
                    offices=other.context.offices,
                    others=self._canonical(other.context.others),
                    dates=other.context.dates,
                )
                scored = self._score(sorted(other.names), context, exclude=other.id)
                verdict, chosen, why = self._decide(scored, lone_token=True)
                if verdict != "merge" or chosen is None or chosen.known.id != full_id:
                    continue
                self._extend(full, other.names, context)
                self._remove(other.id)
                self.redirects[other.id] = full_id
                taken.append(
                    Decision(
                        None,
                        other.id,
                        other.name,
                        full_id,
                        "absorb",
                        chosen.score,
                        chosen.rule,
                        why,
                        [full_id],
                        [chosen.score],
                    )
                )
        return taken


def _names(person: Entity) -> list[tuple[str, ...]]:
    found: dict[tuple[str, ...], None] = {}
    for written in [person.name, *person.aliases]:
        tokens = name_tokens(written)
        if tokens:
            found[tokens] = None
    return list(found)


def _contexts(extraction: Extraction) -> dict[str, Context]:
    by_id = {e.id: e for e in extraction.entities}
    countries = {e.id for e in extraction.entities if e.type == "Country"}
    others = {e.id for e in extraction.entities if e.type not in ("Country", "Office", "Border")}
    date = extraction.document.published
    out: dict[str, Context] = {}
    for entity in extraction.entities:
        if entity.type != PERSON:
            continue
        offices = {
            r.target for r in extraction.relations if r.type == "HOLDS_OFFICE" and r.source == entity.id
        }
        jurisdictions: set[str] = set()
        for office in offices:
            held = by_id.get(office)
            where = held.properties.get("jurisdiction") if held is not None else None
            if isinstance(where, str) and where.startswith("country:"):
                jurisdictions.add(where)
        out[entity.id] = Context(
            countries=countries | jurisdictions,
            offices=offices,
            others=others - {entity.id},
            dates={date} if date else set(),
        )
    return out


def _rewrite(extraction: Extraction, mapping: dict[str, str], known: dict[str, Known]) -> Extraction:
    """The extraction with each resolved person's id replaced by its canonical id (and every id
    derived from it recomputed, so the same fact from two documents is still one fact)."""
    mapping = {k: v for k, v in mapping.items() if k != v}
    if not mapping:
        return extraction

    def m(entity_id: str) -> str:
        return mapping.get(entity_id, entity_id)

    entities: dict[str, Entity] = {}
    for entity in extraction.entities:
        new_id = m(entity.id)
        if new_id == entity.id:
            if entity.id in entities:  # a canonical entity another written name already brought
                entities[entity.id] = _joined(entities[entity.id], entity)
            else:
                entities[entity.id] = entity
            continue
        canonical = known.get(new_id)
        name = canonical.name if canonical is not None else entity.name
        moved = entity.model_copy(
            update={
                "id": new_id,
                "name": name,
                "aliases": sorted({*entity.aliases, entity.name} - {name}),
            }
        )
        entities[new_id] = _joined(entities[new_id], moved) if new_id in entities else moved
    relations: list[Relation] = []
    for rel in extraction.relations:
        source, target = m(rel.source), m(rel.target)
        rid = rel.id
        if rid == ids.relation_id(rel.type, rel.source, rel.target):
            rid = ids.relation_id(rel.type, source, target)
        relations.append(rel.model_copy(update={"id": rid, "source": source, "target": target}))
    statements: list[Statement] = []
    for st in extraction.statements:
        speaker = m(st.speaker) if st.speaker else st.speaker
        sid = st.id
        if sid == ids.statement_id(st.speaker, st.text):
            sid = ids.statement_id(speaker, st.text)
        about = list(dict.fromkeys(m(a) for a in st.about))
        statements.append(st.model_copy(update={"id": sid, "speaker": speaker, "about": about}))
    events: list[Event] = []
    for ev in extraction.events:
        old_ids = [p.entity for p in ev.participants]
        by_key = {
            (m(p.entity), p.role): Participant(entity=m(p.entity), role=p.role) for p in ev.participants
        }
        participants = list(by_key.values())
        eid = ev.id
        if eid == ids.event_id(ev.type, old_ids, ev.date):
            eid = ids.event_id(ev.type, [p.entity for p in participants], ev.date)
        events.append(ev.model_copy(update={"id": eid, "participants": participants}))
    return extraction.model_copy(
        update={
            "entities": list(entities.values()),
            "relations": _unique(relations),
            "statements": _unique(statements),
            "events": _unique(events),
        }
    )


def _joined(a: Entity, b: Entity) -> Entity:
    mentions = {(s.start, s.end): s for s in [*a.mentions, *b.mentions]}
    aliases = sorted({*a.aliases, *b.aliases, b.name} - {a.name})
    return a.model_copy(update={"aliases": aliases, "mentions": [mentions[k] for k in sorted(mentions)]})


def _unique(items: Sequence[Relation | Statement | Event]) -> list[Any]:
    """One fact per id (two written names resolved to one person can make two facts one)."""
    seen: dict[str, Relation | Statement | Event] = {}
    for one in items:
        earlier = seen.get(one.id)
        if earlier is None:
            seen[one.id] = one
            continue
        spans: dict[tuple[int, int], Span] = {}
        for span in [*earlier.evidence, *one.evidence]:
            spans[(span.start, span.end)] = span
        seen[one.id] = earlier.model_copy(update={"evidence": [spans[k] for k in sorted(spans)]})
    return list(seen.values())


def known_from_rows(rows: Iterable[dict[str, Any]]) -> list[Known]:
    """The index rows `cypher/load/resolve_index.cypher` returns -> known people."""
    out: list[Known] = []
    for row in rows:
        names = {t for written in [row["name"], *(row.get("aliases") or [])] if (t := name_tokens(written))}
        out.append(
            Known(
                id=row["id"],
                name=row["name"],
                names=names,
                context=Context(
                    countries=set(row.get("countries") or []),
                    offices=set(row.get("offices") or []),
                    others=set(row.get("others") or []),
                    dates={d for d in row.get("dates") or [] if isinstance(d, str)},
                ),
            )
        )
    return out
