"""Events: what happened (or is planned, pledged, agreed, denied), who took part, and when.

Triggers are data (lexicons/event_triggers.json: verbs and nouns of the contract vocabulary with
CAMEO codes); this module applies them to the dependency parse:

- participants: the trigger's subject is the actor (through control, coordination and relative
  clauses: "X plans to ...", "X was sworn in and pledged to ...", "the minister, who resigned ..."); its
  object, its 'with'/'against'/'to'/'between' phrases and those of its object ("ties with X") are
  targets; an 'as' phrase is another participant ("sworn in as Peru's president"). A noun
  trigger takes its participants from its own phrase ("his talks with X", "agreements signed by
  X and Y") or else from the clause it sits in ("troops executed a withdrawal"). Names, pronouns,
  "the two countries" and "his government" are resolved through `Discourse`.
- implicit counterparts: a bilateral event without a stated counterpart ("cut ties") takes the
  other country the text is about; a coordinated trigger shares its partner's target ("broke
  relations with X and expelled its diplomats"); a border event without countries
  takes the countries of the border it refers to.
- modality (lexicons/modality_cues.json) from the verbs and auxiliaries governing the trigger:
  negated > agreed > pledged > planned > reported > asserted; a negated trigger may change type
  ("does not recognize" = not_recognize).
- date: the date expression attached to the trigger's clause, else to the clauses governing it
  ("said Monday that it intends to ..."), normalised by dates.normalise against the
  publication date (forward-looking when the clause has a future modal or a planning verb).
- one event per actor for one-sided acts ("Chile and the African Union praised"),
  and repeated mentions merged ("the meeting Monday" adds its date to the meeting reported before).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from importers import ids
from importers.contract import Event, Modality, Participant, Role, Span
from importers.extract.context import DocContext
from importers.extract.dates import normalise
from importers.extract.discourse import Discourse, load_lexicon

EXTRACTOR = "event_rules@1"

_TARGET_PREPS = frozenset({"with", "against", "to", "between", "toward", "towards"})
_OBJECT_TARGET_PREPS = frozenset({"with", "between", "to", "against"})
_OTHER_PREPS = frozenset({"as"})
_MODALITY_RANK: dict[str, int] = {
    "negated": 5,
    "agreed": 4,
    "pledged": 3,
    "planned": 2,
    "reported": 1,
    "asserted": 0,
}
_DATE_LABELS = frozenset({"DATE"})
_TIME_NOUNS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours"})


@dataclass
class _Event:
    type: str
    cameo: str | None
    trigger: Token
    sentence: int
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    modality: Modality = "asserted"
    date: str | None = None
    date_text: str | None = None
    evidence: list[tuple[int, int]] = field(default_factory=list)
    confidence: float = 0.7
    entry: dict[str, Any] = field(default_factory=dict)
    anaphoric: bool = False
    inferred: bool = False

    def participants(self) -> list[str]:
        out: list[str] = []
        for entity_id in (*self.actors, *self.targets, *self.others):
            if entity_id not in out:
                out.append(entity_id)
        return out


def extract_events(ctx: DocContext) -> list[Event]:
    """All events of a document (see the module docstring)."""
    return _EventFinder(ctx).run()


class _EventFinder:
    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.d = Discourse(ctx)
        lexicon = load_lexicon("event_triggers.json")
        self.entries: list[dict[str, Any]] = lexicon["triggers"]
        self.military = frozenset(lexicon["military_context"])
        self.definite = frozenset(lexicon["definite_determiners"])
        self.allegations = frozenset(lexicon["allegation_verbs"])
        self.cues = load_lexicon("modality_cues.json")
        self.speech = frozenset(load_lexicon("speech_verbs.json")["clause"])
        self.by_verb: dict[str, list[dict[str, Any]]] = {}
        self.by_noun: dict[str, list[dict[str, Any]]] = {}
        for entry in self.entries:
            for verb in entry.get("verbs", []):
                self.by_verb.setdefault(verb, []).append(entry)
            for noun in entry.get("nouns", []):
                self.by_noun.setdefault(noun, []).append(entry)
        # Last words of the noun triggers ("up" of "build-up"): only nouns ending so are looked up.
        self.noun_heads = frozenset(n.replace("-", " ").split()[-1] for n in self.by_noun) | frozenset(
            self.by_noun
        )
        self._dates: list[tuple[SpacySpan, int]] | None = None
        self.events: list[_Event] = []
        self.by_trigger: dict[int, _Event] = {}

    def run(self) -> list[Event]:
        if not self.ctx.body.strip() or len(self.doc) == 0:
            return []
        for tok in self.doc:
            entry = self._match(tok)
            if entry is None or self._alleged(tok):
                continue
            event = self._build(tok, entry)
            if event is not None:
                self.events.append(event)
                self.by_trigger[tok.i] = event
        self._share_conjoined_targets()
        self._fill_counterparts()
        self._add_jurisdictions()
        events = self._split()
        events = self._merge(events)
        return self._contract(events)

    # -- trigger matching ------------------------------------------------------------------

    def _match(self, tok: Token) -> dict[str, Any] | None:
        lemma = tok.lemma_.lower()
        best: tuple[int, dict[str, Any]] | None = None
        if tok.pos_ == "VERB" or (tok.dep_ == "amod" and tok.tag_ in {"VBG", "VBN"}):
            for entry in self.by_verb.get(lemma, []):
                score = self._verb_conditions(tok, entry)
                if score is not None and (best is None or score > best[0]):
                    best = (score, entry)
        if best is None and tok.pos_ in {"NOUN", "PROPN"} and tok.lower_ in self.noun_heads:
            for key in self._noun_keys(tok):
                for entry in self.by_noun.get(key, []):
                    score = self._noun_conditions(tok, entry)
                    if score is not None and (best is None or score > best[0]):
                        best = (score, entry)
        return best[1] if best else None

    def _noun_keys(self, tok: Token) -> list[str]:
        keys = [tok.lower_, tok.lemma_.lower()]
        compounds = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
        if compounds:
            keys.append(self.doc[compounds[0].i : tok.i + 1].text.lower().replace(" ", ""))
        return keys

    def _object_of(self, verb: Token) -> Token | None:
        if verb.dep_ == "amod":
            return verb.head  # "normalizing diplomatic relations"
        for child in verb.children:
            if child.dep_ == "dobj":
                return child
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                return child
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return verb.head  # "the agreements signed by ..."
        return None

    def _word_in(self, tok: Token, words: list[str]) -> bool:
        return tok.lemma_.lower() in words or tok.lower_ in words

    def _modifiers_ok(self, obj: Token, entry: dict[str, Any]) -> bool:
        modifiers = {c.lower_ for c in obj.children if c.dep_ in {"amod", "compound", "nmod"}}
        modifiers |= {c.lemma_.lower() for c in obj.children if c.dep_ in {"amod", "compound", "nmod"}}
        if "with_modifiers" in entry and not modifiers & set(entry["with_modifiers"]):
            return False
        return not ("without_modifiers" in entry and modifiers & set(entry["without_modifiers"]))

    def _verb_conditions(self, verb: Token, entry: dict[str, Any]) -> int | None:
        """How specific a verb entry's match is (number of conditions met), None if it fails."""
        if "verbs" not in entry:
            return None
        score = 0
        if verb.dep_ == "amod" and "objects" not in entry:
            return None
        if "particles" in entry:
            if not any(c.dep_ == "prt" and c.lower_ in entry["particles"] for c in verb.children):
                return None
            score += 1
        if "objects" in entry:
            obj = self._object_of(verb)
            if (obj is None or not self._word_in(obj, entry["objects"])) and entry.get(
                "intransitive_objects"
            ):
                obj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if obj is None or not self._word_in(obj, entry["objects"]) or not self._modifiers_ok(obj, entry):
                return None
            score += 2 + ("with_modifiers" in entry)
        if "preps" in entry:
            if not any(c.dep_ == "prep" and c.lower_ in entry["preps"] for c in verb.children):
                return None
            score += 1
        if entry.get("passive") and not any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
            return None
        if "not_particles" in entry and any(
            c.dep_ == "prt" and c.lower_ in entry["not_particles"] for c in verb.children
        ):
            return None
        if "not_objects" in entry:
            obj = self._object_of(verb)
            if obj is not None and self._word_in(obj, entry["not_objects"]):
                return None
        if entry.get("needs_xcomp"):
            if not any(c.dep_ == "xcomp" for c in verb.children):
                return None
            score += 1
        if entry.get("no_clause") and any(c.dep_ == "ccomp" for c in verb.children):
            return None
        if entry.get("unless_trigger_complement"):
            for child in verb.children:
                if child.dep_ == "xcomp" and self._match(child) is not None:
                    return None
        return score

    def _noun_conditions(self, noun: Token, entry: dict[str, Any]) -> int | None:
        if "nouns" not in entry:
            return None
        score = 0
        if entry.get("military_context"):
            lo, hi = self.d.sentence_bounds(noun)
            sentence = self.doc[lo:hi]
            if not any(t.lemma_.lower() in self.military or t.lower_ in self.military for t in sentence):
                return None
            score += 1
        if "objects" in entry:
            objs = [c for c in noun.children if c.dep_ == "compound"]
            for prep in noun.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    objs += [c for c in prep.children if c.dep_ == "pobj"]
            if not any(self._word_in(o, entry["objects"]) and self._modifiers_ok(o, entry) for o in objs):
                return None
            score += 2
        if "preps" in entry:
            if not any(c.lower_ in entry["preps"] for c in self._noun_preps(noun)):
                return None
            score += 1
        return score

    # -- building one event ----------------------------------------------------------------

    def _build(self, tok: Token, entry: dict[str, Any]) -> _Event | None:
        sentence = self.ctx.sentence_of(tok.idx)
        event = _Event(entry["type"], entry.get("cameo"), tok, sentence, entry=entry)
        if entry.get("nouns") and tok.pos_ in {"NOUN", "PROPN"} and "verbs" not in entry:
            self._noun_participants(tok, event)
        else:
            self._verb_participants(tok, entry, event)
        event.targets = [t for t in event.targets if t not in event.actors]
        if entry.get("foreign_target") and event.targets:
            home = {c for a in event.actors if (c := self.d.country_of(a))}
            event.targets = [t for t in event.targets if t not in home]
            if not event.targets:
                return None  # a return home, not a visit
        event.others = [o for o in event.others if o not in event.actors and o not in event.targets]
        modality = self._modality(tok)
        if tok.pos_ in {"NOUN", "PROPN"} and modality in {"asserted", "reported"}:
            # A noun trigger's modality is its clause's: "would not attend the summit".
            governor = self._governing_verb(tok)
            if governor is not None and tok.dep_ in {"dobj", "pobj", "nsubjpass"}:
                modality = max(modality, self._modality(governor), key=lambda m: _MODALITY_RANK[m])
        if modality == "negated" and entry.get("negated_type"):
            event.type = entry["negated_type"]
            event.cameo = None
        event.modality = modality
        self._date(tok, event)
        event.evidence.append((tok.idx, tok.idx + len(tok)))
        event.confidence = 0.75 if tok.pos_ == "VERB" else 0.65
        return event

    def _entities(self, tok: Token, actors: list[str] | None = None) -> list[str]:
        if self.d.is_other_country_phrase(tok):
            avoid = {c for a in (actors or []) if (c := self.d.country_of(a))}
            other = self.d.other_country(tok.idx, avoid) if avoid else None
            return [other] if other else []
        found = self.d.np_entities(tok)
        if tok.lower_ in {"i", "me", "my", "we", "us", "our"}:
            return []
        return found

    def _note(self, event: _Event, tok: Token) -> None:
        head = self.d.np_head(tok)
        event.evidence.append((head.left_edge.idx, head.idx + len(head)))

    def _verb_participants(self, verb: Token, entry: dict[str, Any], event: _Event) -> None:
        objects = entry.get("objects", [])
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        agent = self.d.agent_of(verb)
        if passive is None and agent is not None and any(c.dep_ == "auxpass" for c in verb.children):
            passive = next((c for c in verb.children if c.dep_ == "nsubj"), None)  # parser slip
        # The trigger's own object word ("ties", "border", "troops") is part of the trigger, not a
        # participant; its possessor and its 'with'/'between' phrases are.
        obj = self._object_of(verb)
        subject: Token | None
        if passive is not None:
            subject = agent
            if agent is None and entry.get("passive_actor"):
                subject = passive
            elif not self._word_in(passive, objects):
                event.targets += self._entities(passive)
                self._note(event, passive)
        elif verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in verb.children):
            subject = agent
        else:
            subject = self.d.subject_of(verb)
            if subject is not None and entry.get("intransitive_objects") and self._word_in(subject, objects):
                obj, subject = subject, None
        if subject is not None:
            event.actors += self._entities(subject)
            self._note(event, subject)
        if obj is not None and objects and self._word_in(obj, objects):
            # "its border", "Kenyan troops": whose ties, border or troops they are.
            owner = self._possessor(obj) or self._modifier_countries(obj)
            (event.targets if event.actors else event.actors).extend(owner)
            if self.ctx.sentence_of(obj.idx) == event.sentence:
                event.evidence.append((min(obj.left_edge.idx, obj.idx), obj.idx + len(obj)))
        for child in verb.children:
            if child.dep_ in {"dobj", "dative", "iobj"}:
                if not (objects and self._word_in(child, objects)):
                    event.targets += self._entities(child, event.actors)
                    self._note(event, child)
            elif (
                child.dep_ == "prep"
                and child.lower_ in _TARGET_PREPS | _OTHER_PREPS | self._entry_preps(entry)
                and not self._claimed_by_noun(child)
            ):
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    found = self._entities(pobj, event.actors)
                    if child.lower_ in _OTHER_PREPS:
                        event.others += found
                    else:
                        event.targets += found
                    if found:
                        self._note(event, pobj)
        if obj is not None:
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ in _OBJECT_TARGET_PREPS | self._entry_preps(entry):
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            event.targets += self._entities(pobj, event.actors)
                            self._note(event, pobj)

    @staticmethod
    def _entry_preps(entry: dict[str, Any]) -> set[str]:
        # An object's phrase may hang on the verb instead ("closed its embassy | in X"), so the
        # verb's phrases are read with the object's prepositions too.
        return (
            set(entry.get("preps", []))
            | set(entry.get("target_preps", []))
            | set(entry.get("object_preps", []))
        )

    def _modifier_countries(self, noun: Token) -> list[str]:
        """Countries named by a noun's modifiers ("Kenyan troops", "Thai and Cambodian troops")."""
        found: list[str] = []
        for child in noun.children:
            if child.dep_ not in {"amod", "compound", "nmod"}:
                continue
            for tok in self.d.conjuncts(child):
                entity_id = self.d.entity_of(tok)
                if entity_id and self.d.type_of(entity_id) == "Country" and entity_id not in found:
                    found.append(entity_id)
        return found

    def _possessor(self, noun: Token) -> list[str]:
        for child in noun.children:
            if child.dep_ == "poss":
                return self._entities(child)
        return []

    def _noun_preps(self, noun: Token) -> list[Token]:
        """A noun's prepositional phrases, including one the parser hung on the verb right after
        the noun's own phrase ("closed the border in solidarity with X")."""
        preps = [c for c in noun.children if c.dep_ == "prep"]
        nxt = noun.right_edge.i + 1
        if noun.dep_ == "pobj" and nxt < len(self.doc):
            after = self.doc[nxt]
            if (
                after.dep_ == "prep"
                and after.head.i == noun.head.head.i
                and after.i not in {p.i for p in preps}
            ):
                preps.append(after)
        return preps

    def _claimed_by_noun(self, prep: Token) -> bool:
        """Whether a verb's prepositional phrase really belongs to a noun trigger just before it."""
        if prep.i == 0:
            return False
        before = self.doc[prep.i - 1]
        if before.pos_ not in {"NOUN", "PROPN"} or before.dep_ != "pobj":
            return False
        entries = [e for key in self._noun_keys(before) for e in self.by_noun.get(key, [])]
        return any(prep.lower_ in e.get("preps", []) for e in entries)

    def _noun_participants(self, noun: Token, event: _Event) -> None:
        extra = [p for p in self._noun_preps(noun) if p.head.i != noun.i]
        for child in [*noun.children, *extra]:
            if child.dep_ == "poss":
                event.actors += self._entities(child)
            elif child.dep_ in {"compound", "amod", "nmod"}:
                entity_id = self.d.entity_of(child)
                if entity_id is not None and self.d.type_of(entity_id) in {
                    "Country",
                    "Organization",
                    "Person",
                }:
                    event.actors += self.d.np_entities(child)
            elif child.dep_ == "prep" and child.lower_ in _OBJECT_TARGET_PREPS | {"of"}:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self._entities(pobj, event.actors)
                        if child.lower_ == "between":
                            event.actors += found
                        elif child.lower_ == "of":
                            if event.entry.get("military_context"):
                                event.actors += found
                        else:
                            event.targets += found
                        if found:
                            self._note(event, pobj)
            elif child.dep_ == "acl":
                agent = self.d.agent_of(child)
                if agent is not None:
                    event.actors += self._entities(agent)
                    self._note(event, agent)
        if not event.actors and event.entry.get("actor_from_clause"):
            governor = self._governing_verb(noun)
            if governor is not None and noun.dep_ != "nsubj":
                subject = self.d.subject_of(governor)
                if subject is not None and subject.i != noun.i:
                    event.actors += self._entities(subject)
                    self._note(event, subject)
        determiners = {c.lower_ for c in noun.children if c.dep_ in {"det", "poss"}}
        event.anaphoric = bool(determiners & self.definite) and not event.actors and not event.targets

    def _governing_verb(self, noun: Token) -> Token | None:
        """The verb a noun phrase is an argument or adjunct of ("executed a withdrawal")."""
        tok = noun
        for _ in range(4):
            head = tok.head
            if head.i == tok.i:
                return None
            if head.pos_ in {"VERB", "AUX"}:
                return head
            if tok.dep_ in {"pobj", "pcomp"} and head.dep_ == "prep":
                tok = head
                continue
            if tok.dep_ == "prep" and tok.lower_ == "of" and head.dep_ in {"dobj", "pobj"}:
                tok = head  # "held several rounds of talks"
                continue
            return None
        return None

    # -- modality --------------------------------------------------------------------------

    def _governors(self, trigger: Token) -> list[Token]:
        """The verbs, adjectives and nouns that govern a trigger through control ("plans to",
        "was not able to", "a plan to"), nearest first."""
        chain: list[Token] = []
        tok = trigger
        for _ in range(6):
            governed = (
                tok.dep_ in {"xcomp", "acomp", "auxpass"}
                or (tok.dep_ == "acl" and tok.head.pos_ == "NOUN")
                or (tok.pos_ == "ADJ" and tok.dep_ == "acomp")
            )
            if governed:
                tok = tok.head
                chain.append(tok)
            else:
                break
        return chain

    def _negated(self, tok: Token) -> bool:
        return any(
            c.dep_ == "neg" or (c.lower_ in self.cues["negation_words"] and c.dep_ in {"neg", "advmod"})
            for c in tok.children
        )

    def _modality(self, trigger: Token) -> Modality:
        chain = self._governors(trigger)
        found: list[Modality] = []
        for tok in [trigger, *chain]:
            lemma = tok.lemma_.lower()
            if self._negated(tok) or lemma in self.cues["negative_adjectives"]:
                found.append("negated")
            if tok.i != trigger.i and lemma in self.cues["negative_verbs"]:
                found.append("negated")
            if tok.i != trigger.i and lemma in self.cues["agreed_verbs"]:
                found.append("agreed")
            if tok.i != trigger.i and lemma in self.cues["pledged_verbs"]:
                found.append("pledged")
            if tok.i != trigger.i and (
                lemma in self.cues["planned_verbs"] or lemma in self.cues["planned_nouns"]
            ):
                found.append("planned")
            if any(c.dep_ == "aux" and c.lower_ in self.cues["planned_aux"] for c in tok.children):
                found.append("planned")
        # "denied attacking X", "refused to meet": a negative verb right above the trigger.
        head = trigger.head
        if trigger.dep_ == "pcomp" and head.dep_ == "prep":
            head = head.head  # "refrained from attacking"
        if trigger.dep_ in {"xcomp", "ccomp", "pcomp"} and head.lemma_.lower() in self.cues["negative_verbs"]:
            found.append("negated")
        # A copula carries the negation of "was not able to".
        for tok in chain:
            if tok.pos_ == "ADJ" and tok.dep_ == "acomp" and self._negated(tok.head):
                found.append("negated")
        if not found and self._reported(trigger):
            found.append("reported")
        if not found:
            return "asserted"
        return max(found, key=lambda m: _MODALITY_RANK[m])

    def _reported(self, trigger: Token) -> bool:
        """Inside a quotation or a clause reported by a speech verb."""
        if self.d.quote_at(trigger.idx) is not None:
            return True
        tok = trigger
        for _ in range(10):
            head = tok.head
            if head.i == tok.i:
                return False
            if tok.dep_ == "ccomp" and head.lemma_.lower() in self.speech:
                return True
            tok = head
        return False

    # -- dates -----------------------------------------------------------------------------

    def _date_ents(self) -> list[tuple[SpacySpan, int]]:
        """The document's date entities with their root token index (computed once)."""
        if self._dates is None:
            self._dates = [(e, e.root.i) for e in self.doc.ents if e.label_ in _DATE_LABELS]
        return self._dates

    def _own_tokens(self, trigger: Token) -> set[int]:
        """The trigger's clause without the clauses embedded in it."""
        blocked = {"ccomp", "relcl", "acl", "conj", "xcomp", "parataxis"}
        own: set[int] = set()
        stack = [trigger]
        while stack:
            tok = stack.pop()
            own.add(tok.i)
            stack.extend(c for c in tok.children if c.dep_ not in blocked)
        return own

    def _attached(self, verb: Token) -> set[int]:
        """Tokens of the phrases directly attached to a verb (its adverbial NPs and PPs)."""
        out: set[int] = set()
        for child in verb.children:
            if child.dep_ in {"npadvmod", "tmod", "advmod"}:
                out.update(t.i for t in child.subtree)
            elif child.dep_ == "prep":
                out.add(child.i)
                for pobj in child.children:
                    if pobj.dep_ in {"pobj", "pcomp"}:
                        nested = {t.i for p in pobj.children if p.dep_ == "prep" for t in p.subtree}
                        out.update(t.i for t in pobj.subtree if t.i not in nested)
        return out

    def _date(self, trigger: Token, event: _Event) -> None:
        lo, hi = self.d.sentence_bounds(trigger)
        ents = [(e, r) for e, r in self._date_ents() if lo <= r < hi]
        candidates: list[tuple[SpacySpan, Token]] = []
        if not ents:
            event.date_text = self._time_phrase(trigger, self._own_tokens(trigger))
            return
        own = self._own_tokens(trigger)
        direct = self._attached(trigger) & own
        for group in (direct, own):
            for ent, root in sorted(ents, key=lambda pair: abs(pair[1] - trigger.i)):
                if root in group and all(ent is not c[0] for c in candidates):
                    candidates.append((ent, trigger))
        tok = trigger
        for _ in range(6):
            governor = tok.head
            if governor.i == tok.i:
                break
            if tok.dep_ in {"xcomp", "conj"} or (
                tok.dep_ == "ccomp" and governor.lemma_.lower() in self.speech
            ):
                tok = governor
            elif tok.dep_ in {"pobj", "dobj", "pcomp", "nsubj", "nsubjpass"} and tok.pos_ in {
                "NOUN",
                "PROPN",
            }:
                verb = self._governing_verb(tok) if tok.dep_ != "dobj" else governor
                if verb is None:
                    break
                tok = verb
            else:
                break
            attached = self._attached(tok)
            for ent, root in ents:
                if root in attached and all(ent is not c[0] for c in candidates):
                    candidates.append((ent, tok))
        if not candidates:
            event.date_text = self._time_phrase(trigger, own)
            return
        for ent, governor in candidates:
            text, start, end = self._with_preposition(ent)
            # "said Tuesday (that) ...": a date right after a reporting verb dates the report, in
            # the past, whatever the parser attached it to.
            reported = ent.start > 0 and self.doc[ent.start - 1].lemma_.lower() in self.speech
            date = normalise(text, self.ctx.published, future=self._future(governor) and not reported)
            if date is not None:
                event.date, event.date_text = date, text
                if self.ctx.sentence_of(start) == event.sentence:
                    event.evidence.append((start, end))
                return
        event.date_text = self._with_preposition(candidates[0][0])[0]

    def _with_preposition(self, ent: SpacySpan) -> tuple[str, int, int]:
        """ "in 2018", "since July 15", "by January 1": the date with its temporal preposition."""
        start = ent.start_char
        if ent.start > 0:
            before = self.doc[ent.start - 1]
            if before.dep_ in {"prep", "quantmod"} or (before.pos_ == "ADP" and ent.root.head.i == before.i):
                start = before.idx
        return self.ctx.body[start : ent.end_char], start, ent.end_char

    def _time_phrase(self, trigger: Token, own: set[int]) -> str | None:
        """An unresolvable time phrase the NER missed ("Days before X's inauguration")."""
        for child in trigger.children:
            if child.i in own and child.dep_ == "npadvmod" and child.lower_ in _TIME_NOUNS:
                return self.doc[child.left_edge.i : child.right_edge.i + 1].text
        return None

    def _future(self, verb: Token) -> bool:
        if any(c.dep_ == "aux" and c.lower_ in self.cues["future_aux"] for c in verb.children):
            return True
        tok = verb
        for _ in range(3):
            if tok.dep_ != "xcomp":
                break
            tok = tok.head
            if tok.lemma_.lower() in self.cues["future_verbs"]:
                return tok.tag_ not in {"VBD"} or any(c.dep_ == "auxpass" for c in tok.children)
        return False

    def _alleged(self, trigger: Token) -> bool:
        """The content of an accusation ("accuses X of supporting rebels") is not itself asserted:
        the accusation is the event."""
        tok = trigger
        for _ in range(3):
            head = tok.head
            if head.i == tok.i:
                return False
            if head.pos_ in {"VERB", "AUX"}:
                return head.lemma_.lower() in self.allegations and tok.dep_ in {"prep", "pcomp", "xcomp"}
            tok = head
        return False

    # -- cross-event inference -------------------------------------------------------------

    def _add_jurisdictions(self) -> None:
        """ "X took office": the office is in X's country (known from X's HOLDS_OFFICE)."""
        for event in self.events:
            if not event.entry.get("jurisdiction") or event.others:
                continue
            for actor in event.actors:
                if self.d.type_of(actor) == "Person":
                    country = self.d.country_of(actor)
                    if country is not None and country not in event.participants():
                        event.others.append(country)
                        event.inferred = True

    def _share_conjoined_targets(self) -> None:
        """ "cut ties with X and expelled its diplomats": the second act has X too."""
        for event in self.events:
            trigger = event.trigger
            if event.targets or trigger.dep_ != "conj":
                continue
            partner = self.by_trigger.get(trigger.head.i)
            if partner is not None and partner.targets:
                event.targets = [t for t in partner.targets if t not in event.actors]
                if not event.actors:
                    event.actors = list(partner.actors)

    def _fill_counterparts(self) -> None:
        """Bilateral events with one side stated get the other side from the text's context."""
        for event in self.events:
            if not event.entry.get("bilateral"):
                continue
            border = self._border_countries(event)
            if border:
                for country in border:
                    if country not in event.participants():
                        event.others.append(country)
                        event.inferred = True
                continue
            if event.targets or not event.actors:
                continue
            own = {c for a in event.actors if (c := self.d.country_of(a))}
            if len(own) != 1:
                continue  # no side known, or both sides already there ("the two countries agreed")
            other = self.d.other_country(event.trigger.idx, own)
            if other is not None:
                event.targets.append(other)
                event.inferred = True

    def _border_countries(self, event: _Event) -> list[str]:
        """For border events: the countries of the border the text refers to: of the borders that
        fit the stated countries, the one mentioned last up to the trigger's sentence."""
        objects = event.entry.get("objects", [])
        if "border" not in objects:
            return []
        stated = set(event.participants())
        fitting: dict[str, list[str]] = {}
        for border in self.ctx.entities_of("Border"):
            countries = [c for c in border.properties.get("countries", []) if isinstance(c, str)]
            if len(countries) == 2 and (not stated or stated & set(countries)):
                fitting[border.id] = countries
        if not fitting:
            return []
        horizon = self.ctx.sentences[event.sentence].end if self.ctx.sentences else len(self.ctx.body)
        last_seen: dict[str, int] = {}
        for mention in self.ctx.mentions:
            if mention.entity_id in fitting and mention.start < horizon:
                last_seen[mention.entity_id] = mention.start
        if last_seen:
            return fitting[max(last_seen, key=lambda b: last_seen[b])]
        return next(iter(fitting.values())) if len(fitting) == 1 else []

    def _split(self) -> list[_Event]:
        out: list[_Event] = []
        for event in self.events:
            if event.entry.get("split_actors") and len(event.actors) > 1:
                for actor in event.actors:
                    copy = _Event(**{**event.__dict__, "actors": [actor], "evidence": list(event.evidence)})
                    copy.targets = [t for t in event.targets if t != actor]
                    out.append(copy)
            else:
                out.append(event)
        return out

    def _merge(self, events: list[_Event]) -> list[_Event]:
        """One event per real-world event: repeated and anaphoric mentions are merged."""
        kept: list[_Event] = []
        for event in events:
            home = None
            if not event.participants():
                if event.anaphoric:
                    home = next((k for k in reversed(kept) if k.type == event.type), None)
                if home is None:
                    continue
            else:
                for known in kept:
                    if self._same(known, event):
                        home = known
                        break
            if home is None:
                kept.append(event)
                continue
            for entity_id in event.actors:
                if entity_id not in home.participants():
                    home.actors.append(entity_id)
            for entity_id in event.targets:
                if entity_id not in home.participants():
                    home.targets.append(entity_id)
            if home.date is None and event.date is not None:
                home.date, home.date_text = event.date, event.date_text
            home.evidence += event.evidence
            home.confidence = max(home.confidence, event.confidence)
        return kept

    def _same(self, a: _Event, b: _Event) -> bool:
        if a.type != b.type:
            return False
        if "negated" in {a.modality, b.modality} and a.modality != b.modality:
            return False
        pa, pb = set(a.participants()), set(b.participants())
        if not (pa <= pb or pb <= pa):
            return False
        return not (a.date and b.date and not (a.date.startswith(b.date) or b.date.startswith(a.date)))

    # -- contract --------------------------------------------------------------------------

    def _contract(self, events: list[_Event]) -> list[Event]:
        out: dict[str, Event] = {}
        for event in events:
            participants: list[Participant] = []
            seen: set[str] = set()
            for role, group in (("actor", event.actors), ("target", event.targets), ("other", event.others)):
                for entity_id in group:
                    if entity_id in seen or self.ctx.entity_type(entity_id) is None:
                        continue
                    seen.add(entity_id)
                    participants.append(Participant(entity=entity_id, role=_role(role)))
            if len(participants) < max(1, int(event.entry.get("min_participants", 1))):
                continue  # a meeting or agreement with one party names no event
            if event.entry.get("needs_target") and not (event.targets or event.others):
                continue  # "recognized the need", "banned the sale": nobody on the receiving end
            evidence = self._evidence(event)
            if not evidence:
                continue
            event_id = ids.event_id(event.type, [p.entity for p in participants], event.date)
            if event_id in out:
                continue
            confidence = event.confidence - (0.1 if event.inferred else 0.0)
            out[event_id] = Event(
                id=event_id,
                type=event.type,
                cameo=event.cameo,
                participants=participants,
                modality=event.modality,
                date=event.date,
                date_text=event.date_text,
                evidence=evidence,
                confidence=round(max(0.05, min(confidence, 1.0)), 2),
                extractor=EXTRACTOR,
            )
        return list(out.values())

    def _evidence(self, event: _Event) -> list[Span]:
        """One span per sentence: from the first to the last evidence piece in that sentence."""
        by_sentence: dict[int, tuple[int, int]] = {}
        for start, end in event.evidence:
            sentence = self.ctx.sentence_of(start)
            lo, hi = by_sentence.get(sentence, (start, end))
            by_sentence[sentence] = (min(lo, start), max(hi, end))
        spans = []
        for sentence, (start, end) in sorted(by_sentence.items()):
            span = self.ctx.span(start, end)
            if span.end > span.start and span.sentence == sentence:
                spans.append(span)
        return spans


def _role(name: str) -> Role:
    return "actor" if name == "actor" else "target" if name == "target" else "other"
