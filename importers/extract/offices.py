"""Offices and who holds them: HOLDS_OFFICE relations from title phrases in context.

For each title phrase (importers/extract/titles.py) the surrounding noun phrase is read:
- left of the title, qualifiers ("new", "former"), a demonym or country ("Venezuelan", "U.S."),
  a possessive ("Pakistan's") or an organization ("U.N.") give the jurisdiction;
- right of it, "of <country|organization>" gives the jurisdiction and, for envoys, "to <country>"
  is part of the office ("High Commissioner to India").
The holder is, in order: the name right after the title ("Defense Minister X"); a name in apposition
after ("the Minister of Foreign Affairs, X,") or before ("X, president of Colombia,"); the subject
or object of a predicate ("X was sworn in as Colombia's new president", "recognize X as the
president of Venezuela", "X is the president").
"his Venezuelan counterpart X": X holds the office of the person the clause is about, in the
other jurisdiction. A title without a stated jurisdiction takes the one the same person's same
title has elsewhere in the document, else the person's country from another office, else the
nearest country mentioned in the sentence, else the document's most mentioned country.
valid_from comes from a take-office predicate of the holder with a date ("took office in 2018",
"was sworn in on Sunday"), valid_to from a leave-office one ("resigned in March", "stepped down in
2019"), normalised against the publication date.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from importers import ids
from importers.contract import Entity, EntityType, Span
from importers.extract import dates
from importers.extract.context import DocContext, Mention
from importers.extract.lexicon import Lexicon
from importers.extract.titles import TitlePhrase

EXTRACTOR = "office_rules@1"
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "my", "your"})
_POSSESSIVE = frozenset({"'s", "’s"})
_COPULAS = frozenset({"be", "become", "remain"})
# "was elected president", "named X foreign minister": the office is the verb's object predicate.
_APPOINTING = frozenset(
    {"elect", "reelect", "re-elect", "name", "appoint", "nominate", "make", "confirm", "designate", "install"}
)
_RELATIVE = frozenset({"who", "whom", "that"})
_TAKE_OFFICE_VERBS = frozenset({"swear", "inaugurate", "install", "become"})
_LEAVE_OFFICE_VERBS = frozenset({"resign", "oust", "depose", "overthrow", "topple", "impeach"})
_LEAVE_OFFICE_OBJECTS = {"leave": {"office", "power", "post"}, "lose": {"office", "power"}}
_TAKE_OFFICE_OBJECTS = {
    "take": {"office", "power", "oath"},
    "assume": {"office", "power", "presidency", "post"},
}
_CONFIDENCE = {"title": 0.92, "apposition": 0.88, "predicate": 0.82, "counterpart": 0.75}
_PERSON_RANK = {"title": 0, "apposition": 1, "predicate": 2, "counterpart": 3}


@dataclass
class _TitleNP:
    title: TitlePhrase
    start: int  # token span of the whole noun phrase
    end: int
    jurisdiction: str | None
    envoy_to: str | None
    past: bool
    principal: str | None = None  # "Sharif's foreign affairs adviser": the person served


@dataclass
class _Link:
    person: str
    title: str
    jurisdiction: str | None
    explicit: bool
    evidence: Span
    sentence: int
    how: str
    past: bool
    title_span: Span | None
    org_office: bool = False
    appointer: str | None = None  # "President X named Y as army chief": Y serves X's country
    strict: bool = False  # only the appointer's country will do ("Sharif's adviser")
    single_holder: bool = False  # one holder at a time (titles lexicon): a successor ends a tenure


def add_offices(ctx: DocContext, lexicon: Lexicon, titles: list[TitlePhrase]) -> None:
    doc = ctx.doc
    links: list[_Link] = []
    for title in titles:
        np = _title_np(ctx, lexicon, title)
        if np is None:
            continue
        found = _holder(ctx, lexicon, np)
        if found is None:
            continue
        person, how, lo, hi = found
        if how == "title" and np.jurisdiction is None:
            # "Foreign Minister X of Peru"
            after = _last_token(doc, person.end)
            if after < len(doc) and doc[after].lower_ == "of":
                target, end = _mention_after(ctx, after + 1, "Country", "Organization")
                if target is not None:
                    np.jurisdiction = target.entity_id
                    hi = max(hi, _end_char(doc, end))
        strict = "needs_jurisdiction" in title.flags and np.jurisdiction is None
        if strict and np.principal is None:
            continue
        name = title.canonical
        if np.envoy_to is not None:
            name = f"{name} to {ctx.entities[np.envoy_to].name}"
        evidence = ctx.span(min(lo, doc[np.start].idx), max(hi, _end_char(doc, np.end)))
        links.append(
            _Link(
                person=person.entity_id,
                title=name,
                jurisdiction=np.jurisdiction,
                explicit=np.jurisdiction is not None,
                evidence=evidence,
                sentence=evidence.sentence,
                how=how,
                past=np.past,
                title_span=ctx.span(doc[title.start].idx, _end_char(doc, title.end)),
                org_office="organization" in title.flags,
                appointer=np.principal or (_appointer(ctx, np, person) if how == "predicate" else None),
                strict=strict,
                single_holder="single_holder" in title.flags,
            )
        )
    links.extend(_counterparts(ctx, lexicon, links))
    _fill_jurisdictions(ctx, links)
    for link in links:
        if link.jurisdiction is None:
            continue
        _record(ctx, link)
    _validity(ctx)
    _head_of_references(ctx, lexicon, titles)


# -- the noun phrase around a title -------------------------------------------------------


def _end_char(doc: Doc, end_token: int) -> int:
    token = doc[end_token - 1]
    return token.idx + len(token)


def _mention_on(ctx: DocContext, token: Token, *types: EntityType) -> Mention | None:
    """A mention of one of `types` covering this token."""
    found = ctx.mentions_overlapping(token.idx, token.idx + 1, *types)
    return found[0] if found else None


def _first_token(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else 0


def _last_token(doc: Doc, char_end: int) -> int:
    span = doc.char_span(char_end - 1, char_end, alignment_mode="expand")
    return span.end if span is not None else len(doc)


def _title_np(ctx: DocContext, lexicon: Lexicon, title: TitlePhrase) -> _TitleNP | None:
    doc = ctx.doc
    sent = ctx.sent_of_token(doc[title.start])
    jurisdiction: str | None = None
    principal: str | None = None
    past = False
    start = title.start
    j = title.start - 1
    while j >= sent.start:
        token = doc[j]
        norm = token.norm_
        if norm in lexicon.titles.qualifiers or (norm == "-" and not token.whitespace_):
            past = past or norm in lexicon.titles.past_qualifiers
            start = j
            j -= 1
            continue
        if token.text in _POSSESSIVE and j - 1 >= sent.start:
            owner = _mention_on(ctx, doc[j - 1], "Country", "Organization", "Person")
            if owner is None:
                break
            if ctx.entity_type(owner.entity_id) == "Person":
                principal = principal or owner.entity_id
            else:
                jurisdiction = jurisdiction or owner.entity_id
            start = _first_token(doc, owner.start)
            j = start - 1
            continue
        owner = _mention_on(ctx, token, "Country", "Organization")
        if owner is None and token.is_title and j - 1 >= sent.start and jurisdiction is None:
            # "AU Commission Chairman": one unit word between the organization and the title.
            owner = _mention_on(ctx, doc[j - 1], "Country", "Organization")
            if owner is not None and owner.end > token.idx:
                owner = None
        if owner is not None:
            jurisdiction = jurisdiction or owner.entity_id
            start = _first_token(doc, owner.start)
            j = start - 1
            continue
        if token.lower_ in _DETERMINERS:
            start = j
            if token.lower_ == "its" and jurisdiction is None:
                # "Kenya recalled its ambassador": the country named before in the sentence.
                before = ctx.mentions_in(sent.start_char, token.idx, "Country")
                jurisdiction = before[-1].entity_id if before else None
        break
    end = title.end
    envoy_to: str | None = None
    if "envoy" in title.flags and end < len(doc) and doc[end].lower_ == "to":
        target, after = _mention_after(ctx, end + 1, "Country")
        if target is not None:
            envoy_to, end = target.entity_id, after
    after_word = doc[end].lower_ if end < len(doc) else ""
    # "President of Colombia", "spokesman for the U.N."; a minister's "of" names the portfolio
    # ("Minister of Defense"), so only a second "of" gives the jurisdiction.
    takes_of = after_word == "of" and (jurisdiction is None or "minister" not in title.flags)
    takes_for = after_word == "for" and "minister" not in title.flags
    if takes_of or takes_for:
        target, after = _mention_after(ctx, end + 1, "Country", "Organization")
        if target is not None:
            jurisdiction = jurisdiction or target.entity_id
            end = after
            if end < len(doc) and doc[end].text == "(":
                close = next((k for k in range(end, min(len(doc), end + 15)) if doc[k].text == ")"), None)
                if close is not None:
                    end = close + 1
    return _TitleNP(title, start, end, jurisdiction, envoy_to, past, principal)


def _mention_after(ctx: DocContext, k: int, *types: EntityType) -> tuple[Mention | None, int]:
    doc = ctx.doc
    if k < len(doc) and doc[k].lower_ == "the":
        k += 1
    if k >= len(doc):
        return None, k
    mention = _mention_on(ctx, doc[k], *types)
    if mention is None or mention.start != doc[k].idx:
        return None, k
    return mention, _last_token(doc, mention.end)


# -- the holder ---------------------------------------------------------------------------


def _person_starting(ctx: DocContext, token_index: int, lexicon: Lexicon) -> Mention | None:
    doc = ctx.doc
    k = token_index
    while k < len(doc) and doc[k].text in lexicon.honorifics:
        k += 1
    if k >= len(doc):
        return None
    m = _mention_on(ctx, doc[k], "Person")
    return m if m is not None and m.start == doc[k].idx else None


def _person_ending(ctx: DocContext, token_index: int) -> Mention | None:
    if token_index < 0:
        return None
    token = ctx.doc[token_index]
    m = _mention_on(ctx, token, "Person")
    return m if m is not None and m.end == token.idx + len(token) else None


def _holder(ctx: DocContext, lexicon: Lexicon, np: _TitleNP) -> tuple[Mention, str, int, int] | None:
    doc = ctx.doc
    sent = ctx.sent_of_token(doc[np.title.start])
    # "Defense Minister X"
    for pos in (np.title.end, np.end):
        if pos < sent.end:
            m = _person_starting(ctx, pos, lexicon)
            if m is not None:
                return m, "title", m.start, m.end
    # "the Minister of Foreign Affairs, X," (a bare "president, X" is not an apposition:
    # "while I am president, X will ...")
    introduced = np.start < np.title.start
    if introduced and np.end + 1 < sent.end and doc[np.end].text == ",":
        m = _person_starting(ctx, np.end + 1, lexicon)
        if m is not None:
            return m, "apposition", m.start, m.end
    # "X, president of Colombia,"
    if np.start - 2 >= sent.start and doc[np.start - 1].text == ",":
        m = _person_ending(ctx, np.start - 2)
        closing = (
            np.end >= sent.end or doc[np.end].text in (",", ".", ";", ")", "—", "–") or doc[np.end].is_space
        )
        if m is not None and closing:
            return m, "apposition", m.start, m.end
    # predicates
    head = _head_token(doc, np.title)
    verb: Token | None = None
    if head.dep_ == "pobj" and head.head.lower_ == "as":
        verb = head.head.head
    elif head.dep_ in ("attr", "oprd") and head.head.lemma_ in _COPULAS | _APPOINTING:
        verb = head.head
    elif head.dep_ == "appos":
        m = _mention_on(ctx, head.head, "Person")
        if m is not None:
            return m, "apposition", m.start, m.end
    if verb is not None and verb.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "relcl" and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _RELATIVE for c in verb.children
        ):
            # "X, who is the country's defense minister,"
            m = _mention_on(ctx, verb.head, "Person")
            if m is not None:
                return m, "predicate", m.start, m.end
        deps = ("dobj", "nsubj", "nsubjpass") if head.dep_ in ("pobj", "oprd") else ("nsubj", "nsubjpass")
        for dep in deps:
            for child in verb.children:
                if child.dep_ != dep:
                    continue
                m = _person_in_subtree(ctx, child)
                if m is not None:
                    return m, "predicate", m.start, m.end
    return None


def _appointer(ctx: DocContext, np: _TitleNP, holder: Mention) -> str | None:
    """The person who appoints the holder ("Buhari named X as the new army chief"), if any."""
    head = _head_token(ctx.doc, np.title)
    verb = head.head.head if head.dep_ == "pobj" else head.head
    if verb.lemma_ not in _APPOINTING:
        return None
    for child in verb.children:
        if child.dep_ == "nsubj":
            m = _person_in_subtree(ctx, child)
            if m is not None and m.entity_id != holder.entity_id:
                return m.entity_id
    return None


def _head_token(doc: Doc, title: TitlePhrase) -> Token:
    tokens = doc[title.start : title.end]
    for token in tokens:
        if not (title.start <= token.head.i < title.end) or token.head.i == token.i:
            return token
    return doc[title.end - 1]


def _person_in_subtree(ctx: DocContext, token: Token) -> Mention | None:
    lo = token.left_edge.idx
    hi = token.right_edge.idx + len(token.right_edge)
    found = ctx.mentions_in(lo, hi, "Person")
    if not found:
        return None
    # The mention nearest the subtree's head ("veteran lawmaker Ana Morales" -> Morales).
    return min(found, key=lambda m: abs(m.start - token.idx))


# -- counterparts -------------------------------------------------------------------------


def _counterparts(ctx: DocContext, lexicon: Lexicon, links: list[_Link]) -> list[_Link]:
    doc = ctx.doc
    out: list[_Link] = []
    for token in doc:
        if token.lower_ not in ("counterpart", "counterparts"):
            continue
        sent = ctx.sent_of_token(token)
        # The other jurisdiction: "his Venezuelan counterpart", "Pakistan's counterpart".
        jurisdiction: str | None = None
        start = token.i
        j = token.i - 1
        while j >= sent.start:
            t = doc[j]
            owner = _mention_on(ctx, t, "Country", "Organization")
            if owner is not None:
                jurisdiction = jurisdiction or owner.entity_id
                j = _first_token(doc, owner.start) - 1
                start = j + 1
                continue
            if t.norm_ in lexicon.titles.qualifiers or t.text in _POSSESSIVE:
                j -= 1
                continue
            if t.lower_ in _DETERMINERS:
                start = j
            break
        k = token.i + 1
        if jurisdiction is None and k < sent.end and doc[k].lower_ in ("from", "in", "of"):
            # "his counterpart from Peru, X"
            target, after = _mention_after(ctx, k + 1, "Country", "Organization")
            if target is not None:
                jurisdiction, k = target.entity_id, after
        if jurisdiction is None:
            continue
        holder: Mention | None = None
        if k < sent.end and doc[k].text == ",":
            k += 1
        if k < sent.end:
            holder = _person_starting(ctx, k, lexicon)
        if holder is None and start - 2 >= sent.start and doc[start - 1].text == ",":
            holder = _person_ending(ctx, start - 2)
        if holder is None:
            continue
        reference = _clause_person(ctx, token, exclude=holder.entity_id, links=links)
        if reference is None:
            continue
        ref_links = [
            lk
            for lk in links
            if lk.person == reference
            and lk.jurisdiction != jurisdiction
            and (lk.jurisdiction is None or ctx.entity_type(lk.jurisdiction) == "Country")
        ]
        if not ref_links:
            continue
        ref_links.sort(key=lambda lk: (abs(lk.sentence - ctx.sentence_of(token.idx)), _PERSON_RANK[lk.how]))
        base = ref_links[0]
        lo = min(doc[start].idx, holder.start)
        hi = max(token.idx + len(token), holder.end)
        out.append(
            _Link(
                person=holder.entity_id,
                title=base.title,
                jurisdiction=jurisdiction,
                explicit=True,
                evidence=ctx.span(lo, hi),
                sentence=ctx.sentence_of(lo),
                how="counterpart",
                past=False,
                title_span=None,
                single_holder=base.single_holder,
            )
        )
    return out


def _clause_person(ctx: DocContext, token: Token, *, exclude: str, links: list[_Link]) -> str | None:
    """The person a clause is about: a subject up the dependency tree, else the last office holder
    mentioned before."""
    node = token
    seen = 0
    while seen < 20:
        seen += 1
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i != token.i:
                m = _person_in_subtree(ctx, child)
                if m is not None and m.entity_id != exclude:
                    return m.entity_id
        if node.head.i == node.i:
            break
        node = node.head
    holders = {lk.person for lk in links}
    for m in reversed(ctx.mentions):
        if m.start >= token.idx:
            continue
        if m.entity_id != exclude and m.entity_id in holders:
            return m.entity_id
    return None


# -- jurisdictions, records ----------------------------------------------------------------


def _fill_jurisdictions(ctx: DocContext, links: list[_Link]) -> None:
    """A jurisdiction for titles the text does not qualify ("President X said"), or none.

    In order: the same person's same title stated elsewhere; the country of the person's other
    offices; for organization posts ("Secretary-General") the organization named in the sentence,
    else the document's main organization; the only country named in the sentence; the document's
    dominant country (at least twice as often mentioned as any other). A guess beyond that would
    be wrong about as often as right, so the office is left out.
    """
    countries = Counter(m.entity_id for m in ctx.mentions if ctx.entity_type(m.entity_id) == "Country")
    orgs = Counter(m.entity_id for m in ctx.mentions if ctx.entity_type(m.entity_id) == "Organization")
    for link in links:
        if link.jurisdiction is not None:
            continue
        same = [lk for lk in links if lk.person == link.person and lk.title == link.title and lk.explicit]
        if same:
            link.jurisdiction = same[0].jurisdiction
            continue
        other = [
            lk
            for lk in links
            if lk.person == link.person
            and lk.explicit
            and lk.jurisdiction is not None
            and ctx.entity_type(lk.jurisdiction) == "Country"
        ]
        if other and not link.org_office:
            link.jurisdiction = other[0].jurisdiction
            continue
        appointer = [
            lk
            for lk in links
            if link.appointer is not None
            and lk.person == link.appointer
            and lk.jurisdiction is not None
            and ctx.entity_type(lk.jurisdiction) == "Country"
        ]
        if appointer and not link.org_office:
            link.jurisdiction = appointer[0].jurisdiction
            continue
        if link.strict:
            continue
        sentence = ctx.sentences[link.sentence]
        if link.org_office:
            nearby = _distinct_ids(ctx.mentions_in(sentence.start, sentence.end, "Organization"))
            link.jurisdiction = nearby[0] if len(nearby) == 1 else _dominant(orgs, minimum=1)
            continue
        nearby = _distinct_ids(ctx.mentions_in(sentence.start, sentence.end, "Country"))
        link.jurisdiction = nearby[0] if len(nearby) == 1 else _dominant(countries, minimum=2)


def _distinct_ids(mentions: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.entity_id for m in mentions))


def _dominant(counts: Counter[str], *, minimum: int) -> str | None:
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < minimum:
        return None
    if len(ranked) == 2 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]


def _record(ctx: DocContext, link: _Link) -> None:
    assert link.jurisdiction is not None
    jurisdiction = ctx.entities.get(link.jurisdiction)
    if jurisdiction is None:
        return
    office_id = ids.office_id(link.title, link.jurisdiction)
    office = ctx.add_entity(
        Entity(
            id=office_id,
            type="Office",
            name=f"{link.title} ({jurisdiction.name})",
            properties={"title": link.title, "jurisdiction": link.jurisdiction}
            | ({"single_holder": True} if link.single_holder else {}),
        )
    )
    if link.title_span is not None and link.title_span not in office.mentions:
        office.mentions.append(link.title_span)
    confidence = _CONFIDENCE[link.how] - (0.0 if link.explicit else 0.12)
    properties = {"how": link.how}
    relation = ctx.add_relation(
        "HOLDS_OFFICE",
        link.person,
        office_id,
        [link.evidence],
        extractor=EXTRACTOR,
        confidence=round(confidence, 2),
        properties=properties,
    )
    if link.past:
        relation.properties["former"] = True


# -- dates --------------------------------------------------------------------------------


def _validity(ctx: DocContext) -> None:
    """valid_from / valid_to from the holder taking or leaving office with a date in the clause."""
    doc = ctx.doc
    holds = [r for r in ctx.relations if r.type == "HOLDS_OFFICE"]
    if not holds:
        return
    for token in doc:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        field_name = (
            "valid_from" if _is_office_change(token, _TAKE_OFFICE_VERBS, _TAKE_OFFICE_OBJECTS) else None
        )
        if field_name is None and _is_office_change(token, _LEAVE_OFFICE_VERBS, _LEAVE_OFFICE_OBJECTS):
            field_name = "valid_to"
        if field_name is None:
            continue
        subject = _subject_person(ctx, token)
        if subject is None:
            continue
        date_text = _date_in(ctx, token)
        value = dates.normalise(date_text, ctx.published) if date_text else None
        if value is None:
            continue
        sentence = ctx.sentence_of(token.idx)
        mine = [r for r in holds if r.source == subject.entity_id]
        named = _office_named_by(token)
        if named is not None:
            # "sworn in as head of X": only the office that phrase names, if it was recognised.
            chosen = [r for r in mine if any(e.start <= named.idx < e.end for e in r.evidence)]
        else:
            in_sentence = [r for r in mine if any(e.sentence == sentence for e in r.evidence)]
            chosen = in_sentence or (mine if len(mine) == 1 else [])
        for relation in chosen[:1]:
            if getattr(relation, field_name) is None:
                setattr(relation, field_name, value)
                relation.evidence.append(ctx.span(min(subject.start, token.idx), _subtree_end(token)))


def _subject_person(ctx: DocContext, verb: Token) -> Mention | None:
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
            return _mention_on(ctx, verb.head, "Person")  # "X, who took office in 2010,"
        return _person_in_subtree(ctx, child)
    return None


def _office_named_by(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("attr", "oprd"):
            return child
        if child.dep_ == "prep" and child.lower_ == "as":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _is_office_change(token: Token, verbs: frozenset[str], objects: dict[str, set[str]]) -> bool:
    lemma = token.lemma_.lower()
    if lemma in verbs:
        return True
    if lemma == "step" and any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
        return verbs is _LEAVE_OFFICE_VERBS
    return any(c.dep_ == "dobj" and c.lemma_.lower() in objects.get(lemma, set()) for c in token.children)


def _date_in(ctx: DocContext, verb: Token) -> str | None:
    for ent in ctx.ents():
        if ent.label_ != "DATE":
            continue
        if verb.left_edge.i <= ent.start and ent.end - 1 <= verb.right_edge.i:
            # Only dates attached to this verb, not to a clause under it.
            node = ent.root
            while node.head.i != node.i and node.i != verb.i and node.pos_ not in ("VERB", "AUX"):
                node = node.head
            if node.i == verb.i:
                return ent.text
    return None


def _subtree_end(token: Token) -> int:
    edge = token.right_edge
    return edge.idx + len(edge)


# -- "the U.N. chief" ----------------------------------------------------------------------


def _head_of_references(ctx: DocContext, lexicon: Lexicon, titles: list[TitlePhrase]) -> None:
    doc = ctx.doc
    in_title = {k for t in titles for k in range(t.start, t.end)}
    for token in doc:
        if token.lower_ not in lexicon.titles.head_of_words or token.i in in_title or token.i == 0:
            continue
        owner = _mention_on(ctx, doc[token.i - 1], "Country", "Organization")
        if owner is None:
            continue
        if token.i + 1 < len(doc) and (
            _mention_on(ctx, doc[token.i + 1], "Person") is not None
            or doc[token.i + 1].pos_ in ("NOUN", "PROPN")
        ):
            continue  # "leader X" is a title before a name; "chief negotiator" is someone else
        holder = _leading_holder(ctx, lexicon, owner.entity_id)
        if holder is None:
            continue
        ctx.add_mention(holder, owner.start, token.idx + len(token), "title")
        alias = ctx.body[owner.start : token.idx + len(token)]
        ctx.names.setdefault(ids.fold(alias), holder)
        entity = ctx.entities[holder]
        if alias not in entity.aliases:
            entity.aliases.append(alias)


def _leading_holder(ctx: DocContext, lexicon: Lexicon, jurisdiction: str) -> str | None:
    for title in lexicon.titles.leading_offices:
        holders = {
            r.source
            for r in ctx.relations
            if r.type == "HOLDS_OFFICE"
            and ctx.entities.get(r.target) is not None
            and ctx.entities[r.target].properties.get("title") == title
            and ctx.entities[r.target].properties.get("jurisdiction") == jurisdiction
        }
        if len(holders) == 1:
            return next(iter(holders))
        if holders:
            return None
    return None
