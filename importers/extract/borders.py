"""Borders between two countries, with their length where the text gives it.

Read around every "border"/"frontier" noun:
- "the Thai-Cambodian border", "the Colombia-Venezuela border": two countries before the noun;
- "the border between Colombia and Venezuela", "Turkey's border with Armenia", "its border with
  Armenia" ("its" = the country the clause is about), "Colombia and Venezuela share a border";
- "their shared border", "the border between the two nations": the pair the text is about (the
  last two countries named together, else the two most mentioned).
Lengths before the noun or after "of" ("The 1,234-kilometer (767-mile) border", "a border of
500 km") are read in both units; a missing unit is converted (1 mi = 1.609344 km).
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Token

from importers import ids
from importers.contract import Entity
from importers.extract.context import DocContext, Mention

EXTRACTOR = "border_rules@1"
KM_PER_MILE = 1.609344
_BORDER_WORDS = frozenset({"border", "borders", "frontier", "boundary"})
_PAIR_WORDS = frozenset({"their", "both"})
_GROUP_NOUNS = frozenset({"nations", "countries", "states", "neighbors", "neighbours", "sides"})
_LENGTH = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*-?\s*(?P<unit>kilomet(?:er|re)s?|km|miles?|mi)\b",
    re.IGNORECASE,
)
_MAX_LEFT = 12
# What a pair of countries does about their border ("a border war", "the border dispute").
_BORDER_AFFAIRS = frozenset(
    {"war", "conflict", "dispute", "clash", "skirmish", "fighting", "row", "tension", "standoff"}
)
_BORDER_VERBS = frozenset(
    {
        "close",
        "open",
        "reopen",
        "cross",
        "seal",
        "shut",
        "fortify",
        "patrol",
        "guard",
        "secure",
        "militarize",
        "violate",
        "breach",
        "demarcate",
    }
)


def add_borders(ctx: DocContext) -> None:
    doc = ctx.doc
    for token in doc:
        if token.lower_ not in _BORDER_WORDS or token.pos_ not in ("NOUN", "PROPN"):
            continue
        for (a, b), lo, hi in _pairs(ctx, token):
            length_km, length_mi = _length(ctx, lo, token)
            _record(ctx, a, b, lo, hi, length_km, length_mi)


def _left_edge(ctx: DocContext, token: Token) -> int:
    """First token of the noun phrase the border noun heads (determiner or sentence start)."""
    doc = ctx.doc
    sent = ctx.sent_of_token(token)
    k = token.i
    while k - 1 >= sent.start and token.i - (k - 1) <= _MAX_LEFT:
        prev = doc[k - 1]
        verbal = prev.pos_ in ("VERB", "AUX") and prev.dep_ not in ("amod", "compound")  # "contested"
        if prev.is_space or verbal or prev.pos_ in ("ADP", "SCONJ") or prev.text in (",", ";", ":"):
            break
        k -= 1
        if prev.pos_ == "DET" or prev.tag_ == "PRP$":
            break
    return k


def _countries_in(ctx: DocContext, lo: int, hi: int) -> list[Mention]:
    return ctx.mentions_in(lo, hi, "Country")


def _distinct(mentions: list[Mention]) -> list[str]:
    out: list[str] = []
    for m in mentions:
        if m.entity_id not in out:
            out.append(m.entity_id)
    return out


def _pairs(ctx: DocContext, token: Token) -> list[tuple[tuple[str, str], int, int]]:
    doc = ctx.doc
    sent = ctx.sent_of_token(token)
    left = _left_edge(ctx, token)
    lo = doc[left].idx
    hi = token.idx + len(token)
    before = _distinct(_countries_in(ctx, lo, token.idx))
    if len(before) >= 2:
        return [((before[0], before[1]), lo, hi)]
    nxt = doc[token.i + 1] if token.i + 1 < sent.end else None
    if nxt is not None and nxt.lower_ in ("between", "of", "with"):
        stop = _list_end(ctx, nxt.i + 1, min(sent.end, nxt.i + 14))
        right_hi = doc[stop - 1].idx + len(doc[stop - 1])
        found = _countries_in(ctx, nxt.idx, right_hi)
        after = _distinct(found)
        if nxt.lower_ in ("between", "of"):
            if len(after) >= 2:
                last = next(m for m in found if m.entity_id == after[1])
                return [((after[0], after[1]), lo, last.end)]
            group = next((k for k in range(nxt.i + 1, stop) if doc[k].lower_ in _GROUP_NOUNS), None)
            if group is not None:
                pair = _context_pair(ctx, token.idx)
                if pair is not None:
                    return [(pair, lo, doc[group].idx + len(doc[group]))]
        elif after:
            # "its borders with Iran and Iraq": one border per neighbour.
            owner = before[0] if before else _owner(ctx, token, left, exclude=after[0])
            return [
                ((owner, other), lo, next(m for m in found if m.entity_id == other).end)
                for other in after
                if owner is not None and owner != other
            ]
    if _shared_by_subject(token):
        # "Chile and Peru share a border"; "the two countries share a border" -> the pair in context.
        subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return []
        sharing = _distinct(_countries_in(ctx, subject.left_edge.idx, _end(subject.right_edge)))
        if len(sharing) >= 2:
            return [((sharing[0], sharing[1]), lo, hi)]
        if sharing or not any(t.lower_ in _GROUP_NOUNS for t in subject.subtree):
            return []
        pair = _context_pair(ctx, token.idx)
        return [(pair, lo, hi)] if pair is not None else []
    if not before and _acted_on(token):
        # "X reopened its airspace and land border to Y": the neighbour is the verb's "to"/"with".
        other = _prep_country(ctx, [token.head, token], ("to", "with"))
        if other is not None:
            owner = _owner(ctx, token, left, exclude=other.entity_id)
            if owner is not None and owner != other.entity_id:
                return [((owner, other.entity_id), lo, hi)]
    if not before and token.dep_ == "compound" and token.head.lemma_.lower() in _BORDER_AFFAIRS:
        # "the two neighbors fought a border war": the pair doing it shares the border.
        pair = _subject_pair(ctx, token.head)
        if pair is not None:
            return [(pair, lo, hi)]
    determiner = doc[left].lower_ if left < token.i else ""
    if determiner in _PAIR_WORDS and not before:
        pair = _context_pair(ctx, token.idx)
        return [(pair, lo, hi)] if pair is not None else []
    if len(before) == 1 and _acted_on(token):
        # "Chad closed the Sudanese border", "Turkish troops crossed the Syrian border".
        owner = _owner(ctx, token, left, exclude=before[0])
        if owner is not None and owner != before[0]:
            return [((owner, before[0]), lo, hi)]
    return []


def _list_end(ctx: DocContext, start: int, limit: int) -> int:
    """End of the phrase after "between"/"with": stops at a verb or punctuation, except a comma
    that continues a list of countries ("with Iran, Iraq and Syria")."""
    doc = ctx.doc
    for k in range(start, limit):
        token = doc[k]
        if token.pos_ in ("VERB", "AUX", "ADP", "SCONJ") or token.text in (";", ".", ":"):
            return k
        if token.text == "," and not (
            k + 1 < limit and ctx.mentions_overlapping(doc[k + 1].idx, doc[k + 1].idx + 1, "Country")
        ):
            return k
    return limit


def _prep_country(ctx: DocContext, heads: list[Token], preps: tuple[str, ...]) -> Mention | None:
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in preps:
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    found = _countries_in(ctx, pobj.left_edge.idx, _end(pobj.right_edge))
                    if found:
                        return found[0]
    return None


def _subject_pair(ctx: DocContext, noun: Token) -> tuple[str, str] | None:
    """The two countries that are the subject of the clause `noun` belongs to: named there
    ("Chile and Peru fought ...") or a pair phrase ("the two neighbors") read from context."""
    verb = noun.head if noun.dep_ in ("dobj", "pobj", "attr") else None
    if verb is not None and verb.dep_ == "prep":
        verb = verb.head
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    named = _distinct(_countries_in(ctx, subject.left_edge.idx, _end(subject.right_edge)))
    if len(named) >= 2:
        return named[0], named[1]
    words = {c.lower_ for c in subject.children}
    if named or subject.lower_ not in _GROUP_NOUNS or not words & {"two", "both", "the"}:
        return None
    return _context_pair(ctx, subject.idx)


def _acted_on(token: Token) -> bool:
    if token.dep_ == "dobj":
        return token.head.lemma_ in _BORDER_VERBS
    return token.dep_ == "pobj" and token.head.lower_ in ("across", "along", "over")


def _end(token: Token) -> int:
    return token.idx + len(token)


def _owner(ctx: DocContext, token: Token, left: int, *, exclude: str) -> str | None:
    """Whose border: a possessive country before the noun, else the subject of the clause."""
    doc = ctx.doc
    if left < token.i and doc[left].tag_ == "PRP$" and doc[left].lower_ != "its":
        return None
    node = token
    for _ in range(12):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i != token.i:
                found = [
                    m
                    for m in _countries_in(
                        ctx, child.left_edge.idx, child.right_edge.idx + len(child.right_edge)
                    )
                    if m.entity_id != exclude
                ]
                if found:
                    return found[0].entity_id
        if node.head.i == node.i:
            break
        node = node.head
    # "its": the last country named before, other than the neighbour.
    if left < token.i and doc[left].lower_ == "its":
        for m in reversed(ctx.mentions):
            if m.start < token.idx and m.entity_id != exclude and ctx.entity_type(m.entity_id) == "Country":
                return m.entity_id
    return None


def _shared_by_subject(token: Token) -> bool:
    return token.dep_ == "dobj" and token.head.lemma_ == "share"


def _context_pair(ctx: DocContext, offset: int) -> tuple[str, str] | None:
    """The two countries the text is about at `offset`: the last pair named together ("A and B")
    in this or the three sentences before, else the two most mentioned countries of the document
    when no third one rivals them."""
    doc = ctx.doc
    window_start = ctx.sentences[max(0, ctx.sentence_of(offset) - 3)].start if ctx.sentences else 0
    countries = [m for m in ctx.mentions if ctx.entity_type(m.entity_id) == "Country"]
    for first, second in zip(reversed(countries[:-1]), reversed(countries[1:]), strict=True):
        if second.start >= offset or first.entity_id == second.entity_id:
            continue
        if first.start < window_start:
            break
        between = ctx.body[first.end : second.start].strip()
        if between in ("and", "-", "–", "&", "and the", ","):
            span = doc.char_span(first.start, second.end, alignment_mode="expand")
            if span is not None:
                return first.entity_id, second.entity_id
    ranked = Counter(m.entity_id for m in countries).most_common(3)
    if len(ranked) >= 2 and (len(ranked) == 2 or ranked[2][1] < ranked[1][1]):
        return ranked[0][0], ranked[1][0]
    return None


def _length(ctx: DocContext, lo: int, token: Token) -> tuple[float | None, float | None]:
    doc = ctx.doc
    texts = [(lo, ctx.body[lo : token.idx])]
    if token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "of":
        end_tok = doc[min(len(doc) - 1, token.i + 6)]
        texts.append((token.idx, ctx.body[token.idx : end_tok.idx + len(end_tok)]))
    km: float | None = None
    mi: float | None = None
    for _, text in texts:
        for m in _LENGTH.finditer(text):
            value = float(m.group("num").replace(",", ""))
            if m.group("unit").lower().startswith("k"):
                km = km if km is not None else value
            else:
                mi = mi if mi is not None else value
    if km is not None and mi is None:
        mi = round(km / KM_PER_MILE)
    elif mi is not None and km is None:
        km = round(mi * KM_PER_MILE)
    return km, mi


def _record(
    ctx: DocContext, a: str, b: str, lo: int, hi: int, length_km: float | None, length_mi: float | None
) -> None:
    first, second = sorted((a, b))
    border_id = ids.border_id(first, second)
    names = [ctx.entities[c].name if c in ctx.entities else c for c in (first, second)]
    entity = ctx.add_entity(
        Entity(
            id=border_id,
            type="Border",
            name=f"{names[0]}–{names[1]} border",
            properties={"countries": [first, second], "length_km": None, "length_mi": None},
        )
    )
    if length_km is not None and entity.properties.get("length_km") is None:
        entity.properties["length_km"] = _number(length_km)
        entity.properties["length_mi"] = _number(length_mi) if length_mi is not None else None
    ctx.add_mention(border_id, lo, hi, "name")


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
