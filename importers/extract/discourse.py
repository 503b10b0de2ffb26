"""Who a phrase refers to: the reference resolution shared by the statement and event stages.

The entity stage (context.py) finds the names; statements and events need more than names. A
speaker is often "he", an actor "it" or "his government", a participant "the two countries" or
"his Peruvian counterpart Ana Ruiz" (one person, not a country and a person), and a
relative clause's subject is the noun it hangs on ("the minister, who resigned ..."). `Discourse` answers
those questions from the dependency parse and the context's mentions:

- `np_entities(token)`: the entities a noun phrase (given by its head token) denotes;
- `resolve_pronoun(token)`: salience-ranked antecedents: subjects before other mentions, the
  current sentence before earlier ones, never a co-argument ("X banned him": him is not X), never
  a name inside a quotation for a pronoun outside it;
- `subject_of(verb)`: the subject, found through control ("X plans to ..."), coordination
  ("X was sworn in and pledged ...") and participial or prepositional clauses;
- `pair_before(offset)`: the two countries last mentioned, for "the two nations", "both sides".
- `quotes`: the quoted stretches of the body.

Everything works on token indices of `ctx.doc` and char offsets of `ctx.body`.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from importers import ids
from importers.extract.context import DocContext, Mention
from importers.extract.nlp import LEXICON_SPANS

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "iobj", "attr", "oprd"})
_NP_MODIFIER_DEPS = frozenset(
    {"compound", "amod", "nmod", "poss", "flat", "nummod", "det", "case", "quantmod"}
)
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
_MASCULINE_FEMININE = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
_NEUTER = frozenset({"it", "its", "itself"})
_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
_QUOTE_CHARS = {'"': "straight", "\u201c": "open", "\u201d": "close"}
# How many earlier sentences a pronoun, and "the two countries", may reach back.
_PRONOUN_WINDOW = 3
_PAIR_WINDOW = 6
# "prevented X from V-ing", "accused X of V-ing", "talked X into V-ing": X is V's subject.
_OBJECT_CONTROL_PREPS = frozenset({"from", "of", "into"})


@lru_cache(maxsize=16)
def load_lexicon(name: str) -> dict[str, Any]:
    """A JSON lexicon from importers/lexicons (read once)."""
    data: dict[str, Any] = json.loads((LEXICONS / name).read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted stretch: `start`/`end` delimit the content (quote marks excluded)."""

    open_at: int
    start: int
    end: int
    close_at: int | None  # None when the quote runs to the end of its paragraph unclosed

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end


def find_quotes(body: str) -> list[Quote]:
    """Quoted stretches, pairing straight and curly double quotes by position.

    A straight quote opens when it follows whitespace, an opening bracket or the start of the text,
    and closes otherwise. An unclosed quote ends at its paragraph's end when the next paragraph opens
    with a quote mark (news convention for quotes running over several paragraphs).
    """
    quotes: list[Quote] = []
    open_at: int | None = None
    for i, ch in enumerate(body):
        kind = _QUOTE_CHARS.get(ch)
        if kind is None:
            if ch == "\n" and open_at is not None and i + 1 < len(body) and body[i + 1] == "\n":
                quotes.append(Quote(open_at, open_at + 1, i, None))
                open_at = None
            continue
        if kind == "straight":
            prev = body[i - 1] if i > 0 else " "
            kind = "open" if (prev.isspace() or prev in "([{-\u2014") else "close"
            # A quote mark opening a line while a quote is open starts the next paragraph of a
            # quotation (the previous paragraph is left unclosed, by convention); elsewhere, an
            # opening-looking mark inside an open quote closes it.
            if kind == "open" and open_at is not None and prev not in "\r\n":
                kind = "close"
        if kind == "open":
            if open_at is not None:
                quotes.append(Quote(open_at, open_at + 1, _rstrip_end(body, open_at + 1, i), None))
            open_at = i
        elif open_at is not None:
            quotes.append(Quote(open_at, open_at + 1, i, i))
            open_at = None
    if open_at is not None:
        quotes.append(Quote(open_at, open_at + 1, _rstrip_end(body, open_at + 1, len(body)), None))
    return [q for q in quotes if q.end > q.start]


def _rstrip_end(body: str, start: int, end: int) -> int:
    while end > start and body[end - 1].isspace():
        end -= 1
    return end


class Discourse:
    """Reference resolution over one document's parse and mentions (see the module docstring)."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.quotes = find_quotes(ctx.body)
        self._quote_starts = [q.start for q in self.quotes]
        # Sentence bounds (token indices) of the parse, computed once: `Token.sent` builds a Span
        # on every call, which pronoun resolution would otherwise do thousands of times.
        self._sent_bounds = [(s.start, s.end) for s in self.doc.sents]
        self._sent_starts = [b[0] for b in self._sent_bounds]
        self._salient_cache: dict[tuple[int, int, int], list[tuple[Token, list[str], bool]]] = {}
        self._token_mention: dict[int, Mention] = {}
        rank = {"Person": 0, "Country": 1, "Organization": 2, "Border": 3, "Office": 4}
        for mention in ctx.mentions:
            if ctx.entity_type(mention.entity_id) in {"Office", "Border"}:
                continue  # a border or office phrase contains the names that matter here
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                known = self._token_mention.get(tok.i)
                if known is None or self._better(mention, known, rank):
                    self._token_mention[tok.i] = mention
        self._pronoun_cache: dict[int, list[str]] = {}
        # Capitals as places ("arrived in Abuja"): the entity stage keeps a capital as its country
        # only when it acts ("New Delhi says"); where a visit goes, the city stands for the country
        # too, when that country is known to the document.
        self._capitals: dict[int, str] = {}
        for span in self.doc.spans.get(LEXICON_SPANS, []):
            if span.label_ == "CAPITAL" and span.id_:
                country = ids.country_id(span.id_)
                if country in ctx.entities:
                    for tok in span:
                        self._capitals[tok.i] = country
        self._generic = load_lexicon("reference_nouns.json")

    def _better(self, new: Mention, old: Mention, rank: dict[str, int]) -> bool:
        new_rank = rank.get(self.ctx.entity_type(new.entity_id) or "", 9)
        old_rank = rank.get(self.ctx.entity_type(old.entity_id) or "", 9)
        if (new.end - new.start) != (old.end - old.start):
            return (new.end - new.start) > (old.end - old.start)
        return new_rank < old_rank

    # -- tokens and mentions ---------------------------------------------------------------

    def mention_of(self, tok: Token) -> Mention | None:
        return self._token_mention.get(tok.i)

    def entity_of(self, tok: Token) -> str | None:
        mention = self._token_mention.get(tok.i)
        return mention.entity_id if mention else None

    def type_of(self, entity_id: str) -> str | None:
        return self.ctx.entity_type(entity_id)

    def quote_at(self, offset: int) -> Quote | None:
        i = bisect.bisect_right(self._quote_starts, offset) - 1
        if i >= 0 and self.quotes[i].contains(offset):
            return self.quotes[i]
        return None

    def sentence_bounds(self, tok: Token) -> tuple[int, int]:
        """Token-index bounds of the parse sentence holding `tok`."""
        i = bisect.bisect_right(self._sent_starts, tok.i) - 1
        return self._sent_bounds[max(i, 0)]

    def country_of(self, entity_id: str) -> str | None:
        """The country an entity stands for or serves: itself, or a person's office jurisdiction."""
        kind = self.type_of(entity_id)
        if kind == "Country":
            return entity_id
        if kind == "Person":
            for office in self.ctx.offices_of(entity_id):
                jurisdiction = office.properties.get("jurisdiction")
                if isinstance(jurisdiction, str) and self.type_of(jurisdiction) == "Country":
                    return jurisdiction
        return None

    # -- noun phrases ----------------------------------------------------------------------

    def np_head(self, tok: Token) -> Token:
        """The head of the noun phrase a token belongs to (through compounds, flat names, appositions)."""
        head = tok
        for _ in range(6):
            if head.dep_ in {"compound", "flat", "appos"} and head.head.i != head.i:
                head = head.head
            else:
                break
        return head

    def conjuncts(self, tok: Token) -> list[Token]:
        """`tok` and the tokens coordinated under it ("Chile and Peru")."""
        out = [tok]
        stack = [c for c in tok.children if c.dep_ == "conj"]
        while stack:
            c = stack.pop(0)
            out.append(c)
            stack.extend(cc for cc in c.children if cc.dep_ == "conj")
        return out

    def np_entities(
        self, head: Token, *, exclude: frozenset[str] = frozenset(), coordinated: bool = True
    ) -> list[str]:
        """The entities denoted by the noun phrase headed by `head` (with its conjuncts)."""
        found: list[str] = []
        for tok in self.conjuncts(head) if coordinated else [head]:
            for entity_id in self._single_np(tok, exclude):
                if entity_id not in found:
                    found.append(entity_id)
        return found

    def _single_np(self, head: Token, exclude: frozenset[str]) -> list[str]:
        lower = head.lower_
        if head.tag_ in {"PRP", "PRP$"} or lower in _MASCULINE_FEMININE | _NEUTER | _PLURAL:
            return [e for e in self.resolve_pronoun(head) if e not in exclude]
        if lower in _RELATIVE_PRONOUNS and head.tag_ in {"WP", "WDT", "WP$"}:
            antecedent = self.antecedent(head)
            return self._single_np(antecedent, exclude) if antecedent is not None else []
        # An apposed name is who the phrase is: "the new Minister of Finance, Ana Ruiz" (the parser
        # may hang the name on the 'of' phrase instead of the title).
        of_objects = self._prep_objects(head, "of")
        from_objects = self._prep_objects(head, "from")
        for owner in [head, *of_objects, *from_objects]:
            for child in owner.children:
                # "her counterpart from Chile, Ana Ruiz," may come out as Chile's conjunct.
                if child.dep_ == "appos" or (child.dep_ == "conj" and owner.i != head.i):
                    person = self.entity_of(child)
                    if person and self.type_of(person) == "Person" and person not in exclude:
                        return [person]
        # "her Spanish counterpart Ana Ruiz" parsed with the name hanging elsewhere: a common noun
        # followed at once by a person's name is that person.
        if head.pos_ == "NOUN" and head.i + 1 < len(self.doc):
            following = self.entity_of(self.doc[head.i + 1])
            if following and self.type_of(following) == "Person" and following not in exclude:
                return [following]
        own = self.entity_of(head)
        if own is not None and own not in exclude:
            mention = self.mention_of(head)
            if mention is None or mention.kind != "demonym" or head.pos_ in {"PROPN", "NOUN"}:
                return [own]
        core = self._core_tokens(head)
        people = [e for t in core if (e := self.entity_of(t)) and self.type_of(e) == "Person"]
        if people and people[0] not in exclude:
            return [people[0]]
        lemma = head.lemma_.lower()
        holder = self.title_holder(head)
        if holder is not None and holder not in exclude:
            return [holder]
        if lemma in self._generic["person_pair_nouns"] and self._is_person_pair_phrase(head):
            people_pair = self.person_pair_before(head.idx)
            if people_pair:  # else, as before, the group noun stands for the countries
                return [e for e in people_pair if e not in exclude]
        if lemma in self._generic["pair_nouns"] and self._is_pair_phrase(head):
            return [e for e in self.pair_before(head.idx) if e not in exclude]
        if lemma in self._generic["group_nouns"] or lemma in self._generic["pair_nouns"]:
            countries: list[str] = []
            for tok in core:
                if tok.i == head.i:
                    continue
                if tok.dep_ == "poss" and tok.tag_ == "PRP$":
                    if lemma not in self._generic["possessed_institutions"]:
                        continue  # "his counterpart" is not his country
                    for e in self.resolve_pronoun(tok):
                        c = self.country_of(e) or e
                        if c not in countries:
                            countries.append(c)
                    continue
                entity_id = self.entity_of(tok)
                if entity_id is None or self.type_of(entity_id) not in {"Country", "Organization"}:
                    continue
                if entity_id not in countries and entity_id not in exclude:
                    countries.append(entity_id)
            for owner in of_objects:  # "the government of Bolivia"
                for entity_id in self.np_entities(owner):
                    if self.type_of(entity_id) in {"Country", "Organization"} and entity_id not in countries:
                        countries.append(entity_id)
            if not countries and lemma in self._generic["institution_nouns"] and self._bare_definite(head):
                recent = self.recent_country(head.idx)
                if recent is not None and recent not in exclude:
                    countries.append(recent)
            return countries
        text_id = self.ctx.resolve_name(self.doc[head.left_edge.i : head.i + 1].text)
        if text_id is not None and text_id not in exclude:
            return [text_id]
        if head.i in self._capitals and self._capitals[head.i] not in exclude:
            return [self._capitals[head.i]]
        if head.pos_ == "PROPN":
            person = self.person_by_word(head.text)
            if person is not None and person not in exclude:
                return [person]
        for tok in core:
            entity_id = self.entity_of(tok)
            if entity_id and entity_id not in exclude and self.type_of(entity_id) != "Office":
                return [entity_id]
        return []

    def title_holder(self, head: Token) -> str | None:
        """ "the minister", "the Chilean president": the person last mentioned before `head` who
        holds an office with that title word (in that country, when a demonym says which)."""
        if head.tag_ not in {"NN", "NNP"} or not any(
            c.dep_ == "det" and c.lower_ == "the" for c in head.children
        ):
            return None
        if any(c.dep_ in {"prep", "relcl", "acl", "appos", "poss"} for c in head.children):
            return None  # "the legitimate president of X" describes; it does not refer back
        word = ids.fold(head.text)
        countries: set[str] = set()
        other_words: set[str] = set()
        for child in head.children:
            if child.dep_ not in {"amod", "compound"}:
                continue
            entity_id = self.entity_of(child)
            if entity_id is not None:
                countries.add(entity_id)
            elif child.lower_ != "new":
                other_words.add(ids.fold(child.text))
        holders: set[str] = set()
        for relation in self.ctx.relations:
            if relation.type != "HOLDS_OFFICE":
                continue
            office = self.ctx.entity(relation.target)
            if office is None:
                continue
            title_words = set(ids.fold(str(office.properties.get("title", ""))).split())
            if word not in title_words or not other_words <= title_words:
                continue
            if countries and office.properties.get("jurisdiction") not in countries:
                continue
            holders.add(relation.source)
        for mention in reversed(self.ctx.mentions):
            if mention.start < head.idx and mention.entity_id in holders:
                return mention.entity_id
        return None

    @staticmethod
    def _prep_objects(head: Token, preposition: str) -> list[Token]:
        """The objects of a noun's prepositional phrases with `preposition` ("president of X")."""
        return [
            pobj
            for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ == preposition
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]

    def person_by_word(self, word: str) -> str | None:
        """The one person of the document with `word` among the words of their name ("Abiy" for a
        person whose surname the entity stage keyed on), or None when none or several match."""
        key = ids.fold(word)
        if not key:
            return None
        found = {
            e.id
            for e in self.ctx.entities_of("Person")
            if any(key in ids.fold(n).split() for n in (e.name, *e.aliases))
        }
        return found.pop() if len(found) == 1 else None

    def _core_tokens(self, head: Token) -> list[Token]:
        """The head and its nominal modifiers (not relative clauses or prepositional phrases)."""
        core = [head]
        stack = [c for c in head.children if c.dep_ in _NP_MODIFIER_DEPS | {"appos"}]
        while stack:
            tok = stack.pop()
            core.append(tok)
            stack.extend(c for c in tok.children if c.dep_ in _NP_MODIFIER_DEPS | {"conj", "cc"})
        return sorted(core, key=lambda t: t.i)

    def _is_pair_phrase(self, head: Token) -> bool:
        """ "the two countries", "both sides", "the governments": a plural pair, not one country."""
        if head.tag_ not in {"NNS", "NNPS"}:
            return False
        words = {c.lower_ for c in head.children if c.dep_ in {"det", "nummod", "predet", "preconj", "amod"}}
        return bool(words & set(self._generic["pair_words"]))

    def _is_person_pair_phrase(self, head: Token) -> bool:
        """ "the two leaders", "both presidents": exactly two people, so a bare "the" is not enough."""
        if head.tag_ not in {"NNS", "NNPS"}:
            return False
        if any(c.dep_ in {"amod", "compound", "nmod"} for c in head.children):
            return False  # "two Guatemalan diplomats" are new people, not the pair just named
        words = {c.lower_ for c in head.children if c.dep_ in {"det", "nummod", "predet", "preconj"}}
        return bool(words & {"two", "both"})

    def person_pair_before(self, offset: int) -> list[str]:
        """The two people most recently mentioned before `offset` (within the pair window)."""
        horizon = self.ctx.sentence_of(offset) - _PAIR_WINDOW
        pair: list[str] = []
        for mention in reversed(self.ctx.mentions):
            if mention.start >= offset:
                continue
            if mention.sentence < horizon:
                break
            if self.type_of(mention.entity_id) != "Person" or mention.entity_id in pair:
                continue
            pair.append(mention.entity_id)
            if len(pair) == 2:
                return list(reversed(pair))
        return []

    def _bare_definite(self, head: Token) -> bool:
        """ "the government": a definite article and nothing else before the noun."""
        before = [c for c in head.children if c.i < head.i]
        return len(before) == 1 and before[0].lower_ == "the"

    def recent_country(self, offset: int) -> str | None:
        """The country mentioned last before `offset` in its sentence or the one before."""
        floor = self.ctx.sentence_of(offset) - 1
        for mention in reversed(self.ctx.mentions):
            if mention.start >= offset:
                continue
            if mention.sentence < floor:
                return None
            if self.type_of(mention.entity_id) == "Country":
                return mention.entity_id
        return None

    def is_other_country_phrase(self, head: Token) -> bool:
        """ "the neighboring country", "the country": another country than the actor's, by context."""
        return (
            head.lemma_.lower() in self._generic["other_country_nouns"]
            and head.tag_ in {"NN", "NNP"}
            and any(c.lower_ == "the" for c in head.children if c.dep_ == "det")
        )

    def antecedent(self, relative: Token) -> Token | None:
        """The noun a relative pronoun stands for: the relative clause's head when that is a noun,
        else the nearest noun before the pronoun (the parser sometimes hangs the clause on a verb)."""
        clause = relative.head
        while clause.dep_ not in {"relcl", "acl"} and clause.head.i != clause.i and clause.pos_ != "NOUN":
            if clause.dep_ in {"ROOT"}:
                break
            clause = clause.head
        if clause.dep_ in {"relcl", "acl"} and clause.head.pos_ in {"NOUN", "PROPN", "PRON"}:
            return clause.head if clause.head.pos_ == "NOUN" else self.np_head(clause.head)
        for i in range(relative.i - 1, max(-1, relative.i - 8), -1):
            tok = self.doc[i]
            if tok.pos_ in {"PROPN", "NOUN"}:
                return self.np_head(tok)
        return None

    # -- subjects --------------------------------------------------------------------------

    def subject_of(self, verb: Token, depth: int = 0) -> Token | None:
        """The subject of a verb, through control, coordination and subjectless clauses."""
        if depth > 6:
            return None
        for child in verb.children:
            if child.dep_ in {"nsubj", "csubj"}:
                return child
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                agent = self.agent_of(verb)
                return agent if agent is not None else child
        named = self._name_just_before(verb)
        if named is not None:
            return named
        head = verb.head
        if head.i == verb.i:
            return None
        dep = verb.dep_
        cues = load_lexicon("modality_cues.json")
        if dep == "xcomp":
            if head.lemma_.lower() in cues["object_control_verbs"]:
                for child in head.children:
                    if child.dep_ in {"dobj", "dative"}:
                        return child
            if head.pos_ in {"ADJ"}:
                return self.subject_of(head.head, depth + 1) if head.dep_ in {"acomp", "xcomp"} else None
            return self.subject_of(head, depth + 1)
        if dep == "conj" and head.pos_ in {"VERB", "AUX"}:
            inherited = self.subject_of(head, depth + 1)
            lifted = self._lifted_conjunct_subject(verb, head, inherited, depth)
            return lifted if lifted is not None else inherited
        if dep in {"advcl", "pcomp"} or (dep == "prep" and head.pos_ in {"VERB", "AUX"}):
            target = head.head if dep == "pcomp" else head
            if target.pos_ in {"VERB", "AUX"}:
                if dep == "pcomp" and head.lower_ in _OBJECT_CONTROL_PREPS:
                    # "banned him from entering", "accuses X of supporting": the object controls.
                    for child in target.children:
                        if child.dep_ == "dobj":
                            return child
                return self.subject_of(target, depth + 1)
            return None
        if dep == "acl" and head.pos_ in {"NOUN", "PROPN"}:
            agent = self.agent_of(verb)
            if agent is not None:
                return agent
            if verb.tag_ == "VBG" or not any(c.dep_ in {"dobj"} for c in verb.children):
                return head if verb.tag_ != "VBN" or head.pos_ == "PROPN" else None
        return None

    def _lifted_conjunct_subject(
        self, verb: Token, head: Token, inherited: Token | None, depth: int
    ) -> Token | None:
        """`X declared Monday that their war has ended, and agreed to ...`: the parser hangs the
        second verb on the reported clause, but a past-tense conjunct whose inherited subject names
        nobody while the reporting verb's subject does (same tense) continues the reporting verb."""
        governor = head.head
        if head.dep_ != "ccomp" or governor.i == head.i or verb.tag_ != "VBD" or governor.tag_ != "VBD":
            return None
        if inherited is not None and (inherited.pos_ == "PRON" or self.entity_of(inherited) is not None):
            return None
        subject = self.subject_of(governor, depth + 1)
        if subject is None or not self.np_entities(self.np_head(subject)):
            return None
        return subject

    def _name_just_before(self, verb: Token) -> Token | None:
        """A finite verb the parser left without a subject, right after a name ("Since President
        Ana Ruiz took office ..." with the name mis-attached): the name is the subject."""
        if verb.tag_ not in {"VBD", "VBZ", "VBP"} or verb.dep_ in {"xcomp", "conj", "relcl"}:
            return None
        i = verb.i - 1
        while i >= 0 and self.doc[i].dep_ in {"aux", "auxpass", "neg", "advmod"}:
            i -= 1
        if i < 0 or verb.i - i > 4:
            return None
        before = self.doc[i]
        if before.pos_ == "PROPN" and self.entity_of(before) is not None:
            return self.np_head(before) if self.np_head(before).i <= before.i else before
        return None

    def agent_of(self, verb: Token) -> Token | None:
        """The 'by' agent of a passive verb."""
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        return None

    # -- pronouns --------------------------------------------------------------------------

    def resolve_pronoun(self, tok: Token) -> list[str]:
        """The entities a third-person pronoun refers to (first-person pronouns give [])."""
        cached = self._pronoun_cache.get(tok.i)
        if cached is not None:
            return cached
        self._pronoun_cache[tok.i] = []  # guards against cycles
        result = self._resolve_pronoun(tok)
        self._pronoun_cache[tok.i] = result
        return result

    def _resolve_pronoun(self, tok: Token) -> list[str]:
        lower = tok.lower_
        if lower in _FIRST_PERSON:
            return []
        if lower in _MASCULINE_FEMININE:
            wanted = {"Person"}
        elif lower in _NEUTER:
            wanted = {"Country", "Organization"}
        elif lower in _PLURAL:
            return self._resolve_plural(tok)
        else:
            return []
        excluded = self._coarguments(tok)
        quote = self.quote_at(tok.idx)
        for candidate, entity_ids, is_subject in self._candidates(tok, quote):
            mention = self.mention_of(candidate)
            if mention is not None and mention.kind == "demonym":
                continue  # "Peruvians" is a people, not what "it" or "he" refers to
            entity_ids = [e for e in entity_ids if self.type_of(e) in wanted and e not in excluded]
            if len(entity_ids) == 1 or (entity_ids and is_subject):
                return entity_ids[:1]
        return []

    def _resolve_plural(self, tok: Token) -> list[str]:
        quote = self.quote_at(tok.idx)
        for _, entity_ids, _ in self._candidates(tok, quote):
            group = [e for e in entity_ids if self.type_of(e) in {"Country", "Organization", "Person"}]
            if len(group) >= 2:
                return group
        return self.pair_before(tok.idx)

    def _coarguments(self, tok: Token) -> set[str]:
        """Entities a pronoun cannot refer to: the subject of the verb it is the object of."""
        if tok.dep_ not in OBJECT_DEPS and tok.dep_ != "dobj":
            return set()
        verb = tok.head
        if tok.dep_ == "pobj" and verb.dep_ == "prep":
            verb = verb.head
        subject = None
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                subject = child
        if subject is None or subject.i == tok.i:
            return set()
        return set(self.np_entities(subject))

    def _candidates(self, tok: Token, quote: Quote | None) -> list[tuple[Token, list[str], bool]]:
        """Antecedent candidates for a pronoun, best first: (token, entity ids, is a subject)."""
        start, _ = self.sentence_bounds(tok)
        index = bisect.bisect_right(self._sent_starts, tok.i) - 1
        window = self._sent_bounds[max(0, index - _PRONOUN_WINDOW) : max(0, index)]
        same = self._salient(start, tok.i, quote)
        ranked = [c for c in reversed(same) if c[2]] + [c for c in reversed(same) if not c[2]]
        for earlier_start, earlier_end in reversed(window):
            items = self._salient(earlier_start, earlier_end, None)
            ranked += [c for c in items if c[2]] + [c for c in reversed(items) if not c[2]]
        return ranked

    def _salient(self, start: int, end: int, quote: Quote | None) -> list[tuple[Token, list[str], bool]]:
        """Noun phrases in tokens [start, end) that denote entities, in order, with their role."""
        key = (start, end, quote.open_at if quote is not None else -1)
        cached = self._salient_cache.get(key)
        if cached is not None:
            return cached
        out = self._salient_uncached(start, end, quote)
        self._salient_cache[key] = out
        return out

    def _salient_uncached(
        self, start: int, end: int, quote: Quote | None
    ) -> list[tuple[Token, list[str], bool]]:
        out: list[tuple[Token, list[str], bool]] = []
        seen: set[int] = set()
        for i in range(start, end):
            tok = self.doc[i]
            inside = self.quote_at(tok.idx)
            if (quote is None and inside is not None) or (quote is not None and inside != quote):
                continue
            is_pronoun = tok.tag_ in {"PRP", "PRP$"} and tok.lower_ not in _FIRST_PERSON
            # "the Peruvian Foreign Ministry" names no entity itself but stands for one.
            institution = tok.lemma_.lower() in self._generic["group_nouns"] and tok.dep_ in SUBJECT_DEPS
            if self.entity_of(tok) is None and not is_pronoun and not institution:
                continue
            head = self.np_head(tok)
            if head.i in seen:
                continue
            seen.add(head.i)
            if is_pronoun:
                entity_ids = self.resolve_pronoun(tok) if tok.i < end else []
            else:
                entity_ids = self.np_entities(head, coordinated=False)
                conj_head = head
                while conj_head.dep_ == "conj":
                    conj_head = conj_head.head
                group = (
                    self.np_entities(conj_head)
                    if conj_head.i != head.i or any(c.dep_ == "conj" for c in head.children)
                    else entity_ids
                )
                if len(group) >= 2:
                    entity_ids = group
            if not entity_ids:
                continue
            role_tok = head
            while role_tok.dep_ == "conj":
                role_tok = role_tok.head
            out.append((head, entity_ids, role_tok.dep_ in SUBJECT_DEPS))
        return out

    # -- pairs of countries ----------------------------------------------------------------

    def pair_before(self, offset: int) -> list[str]:
        """The two countries most recently mentioned as a pair (for "the two countries", "both
        sides"): coordinated ("Chile and Peru", "between X and Y", "Chilean-Peruvian") when such a
        pair is near, else simply the last two distinct countries."""
        countries = [
            m for m in self.ctx.mentions if m.start < offset and self.type_of(m.entity_id) == "Country"
        ]
        if not countries:
            return []
        horizon = self.ctx.sentence_of(offset) - _PAIR_WINDOW
        for later, earlier in zip(reversed(countries), list(reversed(countries))[1:], strict=False):
            if later.sentence < horizon:
                break
            if later.entity_id == earlier.entity_id:
                continue
            if self._coordinated(earlier, later):
                return [earlier.entity_id, later.entity_id]
        pair: list[str] = []
        for mention in reversed(self.ctx.mentions):
            if mention.start >= offset:
                continue
            if self.type_of(mention.entity_id) != "Country" or mention.entity_id in pair:
                continue
            pair.append(mention.entity_id)
            if len(pair) == 2:
                return list(reversed(pair))
        return []

    def _coordinated(self, first: Mention, second: Mention) -> bool:
        between = self.ctx.body[first.end : second.start].strip().lower()
        if between in {"-", "\u2013", "/", "and", "and the", "or", ",", "-and-"}:
            return True
        a = self.doc.char_span(first.start, first.end, alignment_mode="expand")
        b = self.doc.char_span(second.start, second.end, alignment_mode="expand")
        if a is None or b is None:
            return False
        return any(c.i in range(b.start, b.end) for c in a.root.conjuncts)

    def other_country(self, offset: int, not_these: set[str]) -> str | None:
        """The most recently mentioned country that is none of `not_these` (or, failing that, one
        named later in the same sentence)."""
        for mention in reversed(self.ctx.mentions):
            if mention.start >= offset:
                continue
            if self.type_of(mention.entity_id) == "Country" and mention.entity_id not in not_these:
                return mention.entity_id
        sentence = self.ctx.sentence_of(offset)
        for mention in self.ctx.mentions:
            later = mention.start >= offset and mention.sentence == sentence
            if later and self.type_of(mention.entity_id) == "Country" and mention.entity_id not in not_these:
                return mention.entity_id
        return None
