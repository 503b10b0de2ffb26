"""People: names from NER and from title context, resolved to one person per document.

1. Candidates: spaCy's PERSON entities, the name right after an office title ("Thai King X", which
   NER may label ORG) and the name after an honorific ("Mr. X"), cleaned of titles, honorifics,
   demonyms and possessives; spans starting with "the" are things named after people, not people.
2. Candidates are grouped longest first: a shorter name whose words are a contiguous part of a
   longer one ("Garcia Marquez", "Marquez") is the same person.
3. Every capitalised token sequence of the document equal (diacritics and case folded) to a known
   name or part of one becomes a mention, whatever NER said about it: a surname known as a person
   is a person even where NER tags it GPE or ORG.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from importers import ids
from importers.contract import Entity
from importers.extract.context import DocContext
from importers.extract.lexicon import Lexicon
from importers.extract.nlp import LEXICON_SPANS
from importers.extract.titles import TitlePhrase

EXTRACTOR = "people_rules@1"
_PARTICLES = frozenset(
    {
        "bin",
        "ibn",
        "al",
        "el",
        "de",
        "da",
        "di",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "du",
        "abu",
        "y",
    }
)
_DETERMINERS = frozenset({"the", "a", "an"})
_INTRODUCERS = _DETERMINERS | {"his", "her", "its", "their"}
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_MAX_NAME_TOKENS = 6
_MAX_KEY_TOKENS = 9
_STOP_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


@dataclass
class _Person:
    name: str
    words: tuple[str, ...]
    forms: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return ids.person_id(self.name)


def add_people(ctx: DocContext, lexicon: Lexicon, titles: list[TitlePhrase]) -> None:
    doc = ctx.doc
    blocked = _blocked_tokens(doc, titles)
    honorific_tokens = _honorific_tokens(doc, lexicon)
    candidates = _candidates(doc, lexicon, titles, blocked, honorific_tokens)
    nicknames = _known_as(doc, candidates, blocked)
    people = _group(doc, [c for c in candidates if c not in nicknames])
    if not people:
        return
    for nickname, owner in nicknames.items():
        person = next((p for p in people if _contains(p.words, _words(doc[owner[0] : owner[1]].text))), None)
        text = doc[nickname[0] : nickname[1]].text
        if person is not None and text not in person.forms:
            person.forms.append(text)
    index = _key_index(people)
    _scan_mentions(ctx, people, index, blocked, honorific_tokens, lexicon)
    for key, owners in index.items():
        if len(owners) == 1 and people[next(iter(owners))].id in ctx.entities:
            ctx.names.setdefault(key, people[next(iter(owners))].id)


# -- candidates ---------------------------------------------------------------------------


def _blocked_tokens(doc: Doc, titles: list[TitlePhrase]) -> set[int]:
    """Tokens that can never be part of a person's name: titles and lexicon matches."""
    blocked: set[int] = set()
    for title in titles:
        blocked.update(range(title.start, title.end))
    person_tokens = {k for ent in doc.ents if ent.label_ == "PERSON" for k in range(ent.start, ent.end)}
    for span in doc.spans.get(LEXICON_SPANS, []):
        inside_person = all(k in person_tokens for k in range(span.start, span.end))
        if (
            inside_person
            and span.label_ in ("CAPITAL", "COUNTRY")
            and _part_of_longer_person(doc, span.start)
        ):
            continue  # "Sofia" in "Sofia Diaz", "Jordan" in "Jordan Peterson"
        blocked.update(range(span.start, span.end))
    return blocked


def _part_of_longer_person(doc: Doc, token_index: int) -> bool:
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.start <= token_index < ent.end:
            return any(k != token_index and _capitalised(doc[k]) for k in range(ent.start, ent.end))
    return False


def _honorific_tokens(doc: Doc, lexicon: Lexicon) -> set[int]:
    out: set[int] = set()
    for token in doc:
        if token.text in lexicon.honorifics and token.i + 1 < len(doc) and _capitalised(doc[token.i + 1]):
            out.add(token.i)
    return out


def _capitalised(token: Token) -> bool:
    text = token.text
    if len(text) == 2 and text[1] == "." and text[0].isupper():
        return True  # an initial: "S. Jaishankar", "George W. Bush"
    return token.is_alpha and (token.is_title or (token.is_upper and len(token) > 1))


def _candidates(
    doc: Doc, lexicon: Lexicon, titles: list[TitlePhrase], blocked: set[int], honorifics: set[int]
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        if doc[ent.start].lower_ in _DETERMINERS:
            continue  # "the Wat Phra Kaew (temple)": named after someone, not someone
        cleaned = _clean(doc, ent.start, ent.end, lexicon, blocked, honorifics)
        if cleaned is not None:
            spans.append(cleaned)
    starts = [t.end for t in titles] + [i + 1 for i in honorifics]
    appositions = [k for k in (_apposition_after(doc, t) for t in titles) if k is not None]
    for token in doc:
        # "his Peruvian counterpart(,) X": NER often tags X as an organization here.
        if token.lower_ in ("counterpart", "counterparts") and token.i + 2 < len(doc):
            k = token.i + 1
            if doc[k].lower_ in ("from", "in", "of"):
                # "his counterpart from Sierra Leone, X": skip the capitalised place name.
                k += 1
                while k < len(doc) and (k in blocked or doc[k].lower_ == "the"):
                    k += 1
            if k < len(doc) and doc[k].text == ",":
                appositions.append(k + 1)
            elif k == token.i + 1:
                starts.append(k)
    for start in starts + appositions:
        run = _name_run(doc, start, blocked)
        if run is not None and start in appositions and not _apposition_closes(doc, run[1]):
            continue
        if run is not None:
            cleaned = _clean(doc, run[0], run[1], lexicon, blocked, honorifics)
            if cleaned is not None:
                spans.append(cleaned)
    spans.extend(_predicate_subjects(doc, titles, lexicon, blocked, honorifics))
    spans.extend(_runs_ending_in_known_names(doc, spans, lexicon, blocked, honorifics))
    return sorted(set(spans))


def _predicate_subjects(
    doc: Doc, titles: list[TitlePhrase], lexicon: Lexicon, blocked: set[int], honorifics: set[int]
) -> list[tuple[int, int]]:
    """ "X was sworn in as Peru's new president": the proper-noun subject of an office predicate is
    a person, even where NER missed the name."""
    out: list[tuple[int, int]] = []
    for title in titles:
        head = next(
            (
                t
                for t in doc[title.start : title.end]
                if not title.start <= t.head.i < title.end or t.head.i == t.i
            ),
            doc[title.end - 1],
        )
        if head.dep_ == "pobj" and head.head.lower_ == "as":
            verb = head.head.head
        elif head.dep_ in ("attr", "oprd"):
            verb = head.head
        else:
            continue
        for child in verb.children:
            if child.dep_ not in ("nsubj", "nsubjpass") or child.pos_ != "PROPN":
                continue
            start, end = child.left_edge.i, child.i + 1
            if all(_capitalised(doc[k]) for k in range(start, end)):
                cleaned = _clean(doc, start, end, lexicon, blocked, honorifics)
                if cleaned is not None:
                    out.append(cleaned)
    return out


def _runs_ending_in_known_names(
    doc: Doc, spans: list[tuple[int, int]], lexicon: Lexicon, blocked: set[int], honorifics: set[int]
) -> list[tuple[int, int]]:
    """NER sometimes tags only a later "Morales" and misses "Ana Morales" before it: a run of proper
    nouns that ends in a known person's last name is that fuller name."""
    last_words = {ids.fold(doc[e - 1].text) for _, e in spans}
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        j = i
        while (
            j < len(doc)
            and j - i < 4
            and doc[j].pos_ == "PROPN"
            and _capitalised(doc[j])
            and j not in blocked
            and doc[j].ent_type_ in ("", "PERSON")
        ):
            j += 1
        if j - i >= 2 and ids.fold(doc[j - 1].text) in last_words:
            cleaned = _clean(doc, i, j, lexicon, blocked, honorifics)
            if cleaned is not None and cleaned[1] - cleaned[0] >= 2:
                out.append(cleaned)
        i = max(j, i + 1)
    return out


def _apposition_after(doc: Doc, title: TitlePhrase) -> int | None:
    """Where a name in apposition to a title would start: "the head of the World Bank, X,"."""
    n = len(doc)
    k = title.end
    if k < n and doc[k].lower_ in ("of", "to", "for"):
        k += 1
        if k < n and doc[k].lower_ == "the":
            k += 1
        while k < n and (_capitalised(doc[k]) or doc[k].lower_ in ("of", "and", "for", "the", "-")):
            k += 1
        if k < n and doc[k].text == "(":
            close = next((j for j in range(k, min(n, k + 15)) if doc[j].text == ")"), None)
            k = close + 1 if close is not None else k
    introduced = any(
        doc[j].lower_ in _INTRODUCERS or doc[j].text in _POSSESSIVE
        for j in range(max(0, title.start - 4), title.start)
    )
    if k + 1 < n and doc[k].text == "," and introduced:
        return k + 1
    return None


def _apposition_closes(doc: Doc, end: int) -> bool:
    return end >= len(doc) or doc[end].text in (",", ".", ";", ")") or doc[end].is_space


def _name_run(doc: Doc, start: int, blocked: set[int]) -> tuple[int, int] | None:
    """The capitalised name starting at token `start` ("Ana Morales", "Lee Hyo-jin")."""
    end = start
    n = len(doc)
    while end < n and end - start < _MAX_NAME_TOKENS:
        token = doc[end]
        if end in blocked or token.ent_type_ in _STOP_ENTS or token.is_space:
            break
        particle = token.lower_ in _PARTICLES and end > start and end + 1 < n and _capitalised(doc[end + 1])
        if _capitalised(token) or particle:
            end += 1
        elif (
            token.text == "-"
            and end > start
            and not doc[end - 1].whitespace_
            and end + 1 < n
            and not token.whitespace_
            and doc[end + 1].is_alpha
        ):
            end += 2  # "Ki-moon": the part after the hyphen may be lower case
        else:
            break
    return (start, end) if end > start else None


def _clean(
    doc: Doc, start: int, end: int, lexicon: Lexicon, blocked: set[int], honorifics: set[int]
) -> tuple[int, int] | None:
    for k in range(start, end):
        if doc[k].is_space or "\n" in doc[k].text_with_ws[:-1] or doc[k].text in {",", ";", ":", "(", ")"}:
            end = k
            break
    while start < end and (
        start in blocked
        or start in honorifics
        or doc[start].lower_ in _DETERMINERS
        or doc[start].lower_ in lexicon.titles.qualifiers
        or doc[start].lower_ in lexicon.person_descriptors
        or doc[start].is_punct
    ):
        start += 1
    while end > start and (
        end - 1 in blocked
        or doc[end - 1].text in _POSSESSIVE
        or doc[end - 1].is_punct
        or doc[end - 1].lower_ in _PARTICLES
    ):
        end -= 1
    if end <= start or end - start > _MAX_NAME_TOKENS:
        return None
    tokens = doc[start:end]
    if any(t.like_num or any(c.isdigit() for c in t.text) for t in tokens):
        return None
    if not any(_capitalised(t) for t in tokens) or not _capitalised(doc[start]):
        return None
    text = tokens.text
    if text in lexicon.organization_names or text in lexicon.country_names or text in lexicon.demonyms:
        return None
    if any(k in blocked for k in range(start, end)):
        return None
    return start, end


def _known_as(
    doc: Doc, candidates: list[tuple[int, int]], blocked: set[int]
) -> dict[tuple[int, int], tuple[int, int]]:
    """ "X, known as Y," / "X, also known as Y": Y is another name of X (nickname -> name span)."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    by_end = {e: (s, e) for s, e in candidates}
    for token in doc:
        if token.lower_ in ("nicknamed", "dubbed"):
            k = token.i - 1
        elif token.lower_ == "as" and token.i >= 1 and doc[token.i - 1].lower_ == "known":
            k = token.i - 2
        else:
            continue
        while k >= 0 and doc[k].lower_ in ("also", "better", "widely", "popularly", ","):
            k -= 1
        owner = by_end.get(k + 1)
        run = _name_run(doc, token.i + 1, blocked)
        if owner is None or run is None:
            continue
        out[run] = owner
        for candidate in candidates:
            if candidate[0] == run[0]:
                out[candidate] = owner
    return out


# -- grouping -----------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(ids.fold(text).split())


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    n = len(inner)
    return any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))


def _group(doc: Doc, candidates: list[tuple[int, int]]) -> list[_Person]:
    forms = [(doc[s:e].text, _words(doc[s:e].text), s) for s, e in candidates]
    forms = [f for f in forms if f[1]]
    # Longest names first so that parts attach to the full name; ties in text order.
    forms.sort(key=lambda f: (-len(f[1]), f[2]))
    people: list[_Person] = []
    for text, words, _ in forms:
        owners = [p for p in people if p.words == words]
        if not owners:
            owners = [p for p in people if _contains(p.words, words)]
        if owners:
            # Several people may share this part ("Ivan"): it stays ambiguous, resolved per mention.
            if len(owners) == 1 and text not in owners[0].forms:
                owners[0].forms.append(text)
            continue
        people.append(_Person(name=text, words=words, forms=[text]))
    return people


def _key_index(people: list[_Person]) -> dict[str, set[int]]:
    index: dict[str, set[int]] = {}
    for i, person in enumerate(people):
        words = person.words
        keys = {" ".join(words)}
        for form in person.forms:
            keys.add(" ".join(_words(form)))
        for a in range(len(words)):
            for b in range(a + 1, len(words) + 1):
                part = words[a:b]
                if a == 0 and b == 1 and len(words) > 1:
                    continue  # a given name alone is not enough
                if all(w in _PARTICLES for w in part):
                    continue
                keys.add(" ".join(part))
        for key in keys:
            index.setdefault(key, set()).add(i)
    return index


# -- mentions -----------------------------------------------------------------------------


def _scan_mentions(
    ctx: DocContext,
    people: list[_Person],
    index: dict[str, set[int]],
    blocked: set[int],
    honorifics: set[int],
    lexicon: Lexicon,
) -> None:
    doc = ctx.doc
    n = len(doc)
    # Words that may stand right before a name without being part of it ("Analyst X").
    lead_ins = lexicon.person_descriptors | lexicon.titles.qualifiers
    last_seen: dict[int, int] = {}
    entity_ids: dict[int, str] = {}
    first_words = {key.split(" ", 1)[0] for key in index}
    words: dict[int, tuple[str, ...]] = {}

    def words_at(k: int) -> tuple[str, ...]:
        if k not in words:
            words[k] = _words(doc[k].text)
        return words[k]

    i = 0
    while i < n:
        token = doc[i]
        if (
            i in blocked
            or not _capitalised(token)
            or words_at(i)[:1] == ()
            or words_at(i)[0] not in first_words
        ):
            i += 1
            continue
        matched = False
        for length in range(min(_MAX_KEY_TOKENS, n - i), 0, -1):
            end = i + length
            if not doc[end - 1].is_alpha or any(k in blocked or doc[k].is_space for k in range(i, end)):
                continue
            key = " ".join(w for k in range(i, end) for w in words_at(k))
            owners = index.get(key)
            if not owners:
                continue
            if not _boundary_ok(doc, i, end, blocked, honorifics, lead_ins):
                continue
            owner = _choose(owners, last_seen)
            person = people[owner]
            entity_id = entity_ids.get(owner)
            if entity_id is None:
                entity = ctx.add_entity(Entity(id=person.id, type="Person", name=person.name))
                entity_id = entity.id
                entity_ids[owner] = entity_id
            surface = doc[i:end].text
            entity = ctx.entities[entity_id]
            if ids.fold(surface) != ids.fold(entity.name) and all(
                ids.fold(surface) != ids.fold(a) for a in entity.aliases
            ):
                entity.aliases.append(surface)
            if i - 1 in honorifics and end - i > 1:
                # "Sheikh Hamad bin ...": the honorific is no part of the name, but a form it goes by
                styled = doc[i - 1 : end].text
                if all(ids.fold(styled) != ids.fold(a) for a in entity.aliases):
                    entity.aliases.append(styled)
            ctx.add_mention(entity_id, doc[i].idx, doc[end - 1].idx + len(doc[end - 1]), "name")
            last_seen[owner] = i
            i = end
            matched = True
            break
        if not matched:
            i += 1


def _boundary_ok(
    doc: Doc, start: int, end: int, blocked: set[int], honorifics: set[int], lead_ins: frozenset[str]
) -> bool:
    """A match must be the whole name: no unknown capitalised name word right before or after it."""
    if start > 0:
        prev = doc[start - 1]
        if (
            prev.pos_ == "PROPN"
            and _capitalised(prev)
            and start - 1 not in blocked
            and start - 1 not in honorifics
            and prev.lower_ not in lead_ins
            and not doc[start].is_sent_start
        ):
            return False
    if end < len(doc):
        nxt = doc[end]
        if nxt.pos_ == "PROPN" and _capitalised(nxt) and end not in blocked and not nxt.is_sent_start:
            return False
    return True


def _choose(owners: set[int], last_seen: dict[int, int]) -> int:
    if len(owners) == 1:
        return next(iter(owners))
    seen = [o for o in owners if o in last_seen]
    if seen:
        return max(seen, key=lambda o: last_seen[o])
    return min(owners)
