"""Organizations: known ones from the lexicon, acronyms tied to their expansions, and NER's ORG
entities cleaned and checked against what the document already says.

- "the FAR (Fuerzas Armadas Revolucionarias)" and "Revolutionary Armed Forces (FAR)" make
  one organization named by the expansion with the acronym as alias; later uses of the acronym are
  mentions of it. The acronym's letters must be the initials of the expansion, in any order
  (acronyms often follow the original language's word order).
- An ORG span that is a known person ("said Morales" tagged ORG), a country, or part of an office
  title ("Defense" in "Defense Minister") is not an organization.
- A shorter name that ends a known organization's name ("the Armed Forces") is that organization.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from importers import ids
from importers.contract import Entity
from importers.extract.context import DocContext
from importers.extract.discourse import load_lexicon
from importers.extract.lexicon import Lexicon
from importers.extract.nlp import LEXICON_SPANS
from importers.extract.titles import TitlePhrase

EXTRACTOR = "organization_rules@1"
_ACRONYM = r"[A-Z][A-Za-z]?(?:[.&-]?[A-Z]){1,8}\.?"
_EXPANSION = r"[A-Z][\w'’.-]*(?:\s+(?:(?:of|the|and|for|de|del|la|des|du|y|et|on|in)\s+)*[A-Z][\w'’.-]*){1,9}"
_ACRONYM_FIRST = re.compile(rf"\b(?P<acr>{_ACRONYM})\s*\((?P<exp>{_EXPANSION})\)")
_EXPANSION_FIRST = re.compile(rf"(?P<exp>{_EXPANSION})\s*\((?P<acr>{_ACRONYM})\)")
_SMALL = frozenset({"of", "the", "and", "for", "de", "del", "la", "des", "du", "y", "et", "on", "in"})
_TRIM_TAIL = frozenset({"ADP", "DET", "PUNCT", "PART", "CCONJ", "SPACE"})


def add_organizations(ctx: DocContext, lexicon: Lexicon, titles: list[TitlePhrase]) -> None:
    doc = ctx.doc
    for span in doc.spans.get(LEXICON_SPANS, []):
        if span.label_ != "ORG":
            continue
        org = lexicon.organizations.get(span.id_)
        if org is None or _named_as_channel(doc, span.start, span.text, _channel_names()):
            continue
        _register(ctx, org.name, [span.text, *org.aliases], span.start_char, span.end_char, kind=org.kind)
    _acronyms(ctx, lexicon)
    _ner_orgs(ctx, doc, lexicon, titles)


def _register(
    ctx: DocContext, name: str, aliases: list[str], start: int, end: int, *, kind: str | None = None
) -> str:
    entity_id = ctx.resolve_name(name)
    if entity_id is None or ctx.entity_type(entity_id) != "Organization":
        entity_id = ids.organization_id(name)
    props = {"kind": kind} if kind else {}
    entity = ctx.add_entity(Entity(id=entity_id, type="Organization", name=name, properties=props))
    for alias in aliases:
        if ids.fold(alias) != ids.fold(entity.name) and all(
            ids.fold(alias) != ids.fold(a) for a in entity.aliases
        ):
            entity.aliases.append(alias)
    for surface in (entity.name, *entity.aliases):
        ctx.names.setdefault(ids.fold(surface), entity_id)
    kind_of_mention = "acronym" if ctx.body[start:end].replace(".", "").isupper() else "name"
    ctx.add_mention(entity_id, start, end, kind_of_mention)
    return entity_id


def _initials_fit(acronym: str, expansion: str) -> bool:
    letters = sorted(c for c in acronym.upper() if c.isalpha())
    initials = sorted(w[0].upper() for w in expansion.split() if w.lower() not in _SMALL)
    if len(letters) < 2:
        return False
    # Every acronym letter is an initial (multiset), allowing one word without a letter.
    pool = list(initials)
    for letter in letters:
        if letter not in pool:
            return False
        pool.remove(letter)
    return len(pool) <= 1


def _acronyms(ctx: DocContext, lexicon: Lexicon) -> None:
    body = ctx.body
    found: list[tuple[str, str, int, int, int, int]] = []
    for sentence in ctx.sentences:
        text = sentence.text
        for rx in (_ACRONYM_FIRST, _EXPANSION_FIRST):
            for m in rx.finditer(text):
                acr, exp = m.group("acr"), m.group("exp")
                exp = _trim_expansion(exp, acr)
                if not exp or acr in lexicon.country_names or not _initials_fit(acr, exp):
                    continue
                a0 = sentence.start + m.start("acr")
                e0 = sentence.start + m.end("exp") - len(exp)
                found.append((acr, exp, a0, a0 + len(acr), e0, e0 + len(exp)))
    for acr, exp, a0, a1, e0, e1 in found:
        known = lexicon.organization_names.get(exp) or lexicon.organization_names.get(acr)
        name = known or exp
        entity_id = _register(ctx, name, [acr, exp], e0, e1)
        ctx.add_mention(entity_id, a0, a1, "acronym")
        for m in re.finditer(rf"(?<![\w.]){re.escape(acr)}(?![\w])", body):
            if ctx.doc.char_span(m.start(), m.end()) is not None:
                ctx.add_mention(entity_id, m.start(), m.end(), "acronym")


def _trim_expansion(expansion: str, acronym: str) -> str:
    """Keep the last words of an over-long expansion match whose initials fit the acronym."""
    words = expansion.split()
    for cut in range(len(words)):
        candidate = " ".join(words[cut:])
        if words[cut].lower() in _SMALL:
            continue
        if _initials_fit(acronym, candidate):
            return candidate
    return ""


def _ner_orgs(ctx: DocContext, doc: Doc, lexicon: Lexicon, titles: list[TitlePhrase]) -> None:
    blocked: set[int] = set()
    for title in titles:
        blocked.update(range(title.start, title.end))
    for span in doc.spans.get(LEXICON_SPANS, []):
        if span.label_ not in ("COUNTRY", "DEMONYM"):  # "the Cambodian Confederation of Unions"
            blocked.update(range(span.start, span.end))
    channels = _channel_names()
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        start, end = ent.start, ent.end
        for k in range(start, end):
            if doc[k].text == "(" or doc[k].is_space or "\n" in doc[k].text:
                end = k
                break
        while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].pos_ in _TRIM_TAIL or doc[end - 1].text in ("'s", "’s")):
            end -= 1
        if end <= start or any(k in blocked for k in range(start, end)):
            continue
        span = doc[start:end]
        if not span[0].is_title and not span[0].is_upper:
            continue
        if not any(t.is_alpha for t in span) or len(span.text) < 2:
            continue
        if ctx.mentions_overlapping(span.start_char, span.end_char, "Person", "Organization"):
            continue
        countries = ctx.mentions_in(span.start_char, span.end_char, "Country")
        if all(any(m.start <= t.idx < m.end for m in countries) for t in span if t.is_title or t.is_upper):
            continue  # only a country ("Armenia" tagged ORG)
        if _named_as_channel(doc, span.start, span.text, channels):
            continue  # "said on Twitter": the platform is how it was said, not an actor
        known = ctx.resolve_name(span.text)
        if known is not None and ctx.entity_type(known) != "Organization":
            continue
        if known is None:
            known = _suffix_of_known(ctx, span.text)
        name = ctx.entities[known].name if known else span.text
        _register(ctx, name, [span.text], span.start_char, span.end_char)


def _channel_names() -> set[str]:
    return {ids.fold(c["channel"]) for c in load_lexicon("channels.json")["cues"]}


def _named_as_channel(doc: Doc, start: int, text: str, channels: set[str]) -> bool:
    return start > 0 and doc[start - 1].lower_ in ("on", "via") and ids.fold(text) in channels


def _suffix_of_known(ctx: DocContext, text: str) -> str | None:
    words = ids.fold(text).split()
    if len(words) < 2:
        return None
    hits = [
        e.id
        for e in ctx.entities_of("Organization")
        if len(ids.fold(e.name).split()) > len(words) and ids.fold(e.name).split()[-len(words) :] == words
    ]
    return hits[0] if len(hits) == 1 else None
