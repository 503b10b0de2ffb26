"""Countries from the lexicon matches: names and aliases, demonyms, and capitals used as metonymy.

A country is identified by its ISO 3166-1 alpha-3 code, so "Venezuela", "Venezuelan" and
"Bolivarian Republic of Venezuela" are one entity in every document.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from importers import ids
from importers.contract import Entity
from importers.extract.context import DocContext
from importers.extract.lexicon import Lexicon
from importers.extract.nlp import LEXICON_SPANS

EXTRACTOR = "country_lexicon@1"
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def add_countries(ctx: DocContext, lexicon: Lexicon) -> None:
    doc = ctx.doc
    for span in doc.spans.get(LEXICON_SPANS, []):
        label = span.label_
        if label not in ("COUNTRY", "DEMONYM", "CAPITAL"):
            continue
        iso3 = span.id_
        country = lexicon.countries.get(iso3)
        if country is None:
            continue
        ents = {t.ent_type_ for t in span}
        if label in ("COUNTRY", "CAPITAL") and "PERSON" in ents and _inside_longer_person(span):
            continue  # "Jordan" in a person's name
        # A capital stands for its country only as the one acting: "New Delhi says ...".
        if label == "CAPITAL" and (span.root.dep_ not in _SUBJECT_DEPS or ents - {"GPE", ""}):
            continue
        entity_id = ids.country_id(iso3)
        entity = ctx.add_entity(
            Entity(
                id=entity_id,
                type="Country",
                name=country.name,
                properties={"iso3": country.iso3, "iso2": country.iso2},
            )
        )
        if label == "COUNTRY" and span.text != entity.name and span.text not in entity.aliases:
            entity.aliases.append(span.text)
        kind = {"COUNTRY": "name", "DEMONYM": "demonym", "CAPITAL": "capital"}[label]
        ctx.add_mention(entity_id, span.start_char, span.end_char, kind)
    for country in lexicon.countries.values():
        entity_id = ids.country_id(country.iso3)
        if entity_id not in ctx.entities:
            continue
        for surface in (country.name, *country.aliases, *country.demonyms, country.iso3):
            ctx.names.setdefault(ids.fold(surface), entity_id)


def _inside_longer_person(span: SpacySpan) -> bool:
    """True when NER's person reaches beyond the country name with another name word
    ("Jordan Peterson"), not just a possessive ("Saint Lucia's" tagged PERSON)."""
    for ent in span.doc.ents:
        if ent.label_ == "PERSON" and ent.start <= span.start and span.end <= ent.end:
            outside = [t for t in ent if not span.start <= t.i < span.end]
            return any(t.is_alpha and t.is_title for t in outside)
    return False
