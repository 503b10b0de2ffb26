"""Loading the extractor's knowledge: the data files under importers/lexicons/.

Every file names its source in its header. This module only parses them into lookup tables; what
the tables mean for extraction lives in the stage modules (countries, people, titles, ...).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"


class LexiconError(Exception):
    """A lexicon file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


@dataclass(frozen=True)
class Organization:
    name: str
    aliases: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class TitleTables:
    """Title phrases as tuples of spaCy NORMs -> (canonical title, flags)."""

    phrases: dict[tuple[str, ...], tuple[str, frozenset[str]]]
    ranks: frozenset[str]
    qualifiers: frozenset[str]
    past_qualifiers: frozenset[str]
    head_of_words: frozenset[str]
    leading_offices: tuple[str, ...]
    head_words: frozenset[str]  # single words worth a typo check ("Minsiter")
    max_len: int


@dataclass(frozen=True)
class Lexicon:
    countries: dict[str, Country]  # by iso3
    country_names: dict[str, str]  # surface form -> iso3 (names and aliases)
    demonyms: dict[str, str]  # surface form -> iso3
    capitals: dict[str, str]  # surface form -> iso3
    not_countries: tuple[str, ...]
    organizations: dict[str, Organization]  # by canonical name
    organization_names: dict[str, str]  # surface form -> canonical name
    honorifics: frozenset[str]
    person_descriptors: frozenset[str]
    titles: TitleTables


def _rows(name: str) -> list[dict[str, str]]:
    path = LEXICONS / name
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    for number, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise LexiconError(f"{path}: row {number} has the wrong number of fields")
    return rows


def _lines(name: str) -> list[str]:
    path = LEXICONS / name
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _load_countries() -> dict[str, Country]:
    out: dict[str, Country] = {}
    for row in _rows("countries.csv"):
        iso3 = row["iso3"].strip().upper()
        record = pycountry.countries.get(alpha_3=iso3)
        if record is None and iso3 != "XKX":
            raise LexiconError(f"countries.csv: {iso3} is not an ISO 3166-1 alpha-3 code")
        iso2 = str(record.alpha_2) if record is not None else "XK"
        out[iso3] = Country(iso3, iso2, row["name"].strip(), _split(row["aliases"]), _split(row["demonyms"]))
    return out


_HEAD_FLAGS = ("envoy", "cased", "needs_jurisdiction", "organization", "single_holder")


def _load_titles(normalise: Any) -> TitleTables:
    data: dict[str, Any] = json.loads((LEXICONS / "titles.json").read_text(encoding="utf-8"))
    phrases: dict[tuple[str, ...], tuple[str, frozenset[str]]] = {}

    def add(variant: str, canonical: str, flags: frozenset[str]) -> None:
        key = tuple(normalise(variant))
        phrases.setdefault(key, (canonical, flags))

    for head in data["heads"]:
        flags = frozenset(k for k in _HEAD_FLAGS if head.get(k))
        for variant in head["variants"]:
            add(variant, head["canonical"], flags)
    # "Minister of <portfolio>": one holder at a time when the lexicon says so.
    single = {"single_holder"} if data.get("portfolio_ministers_single_holder") else set()
    minister = frozenset({"minister", *single})
    for portfolio in data["portfolios"]:
        canonical = f"Minister of {portfolio['canonical']}"
        for variant in portfolio["variants"]:
            for form in (
                f"{variant} minister",
                f"minister of {variant}",
                f"minister for {variant}",
                f"minister of the {variant}",
            ):
                add(form, canonical, minister)
            for word in data["spokesperson_words"]:
                add(f"{variant} ministry {word}", _title_case(f"{variant} ministry {word}"), frozenset())
            for word in data["adviser_words"]:
                add(f"{variant} {word}", _title_case(f"{variant} {word}"), frozenset())
    for variant in data["secretary_portfolios"]:
        add(f"{variant} secretary", _title_case(f"{variant} secretary"), frozenset())
        add(f"secretary of {variant}", _title_case(f"secretary of {variant}"), frozenset())
    for unit in data["spokesperson_units"]:
        for word in data["spokesperson_words"]:
            add(f"{unit} {word}", _title_case(f"{unit} {word}"), frozenset())
    for word in [*data["spokesperson_words"], *data["adviser_words"]]:
        add(word, _title_case(word), frozenset({"needs_jurisdiction"}))
    singles = {k[0] for k in phrases if len(k) == 1} | {"minister", "secretary", "ministry"}
    return TitleTables(
        phrases=phrases,
        ranks=frozenset(data["ranks"]),
        qualifiers=frozenset(data["qualifiers"]),
        past_qualifiers=frozenset(data["past_qualifiers"]),
        head_of_words=frozenset(data["head_of_words"]),
        leading_offices=tuple(data["leading_offices"]),
        head_words=frozenset(w for w in singles if len(w) >= 7 and w.isalpha()),
        max_len=max(len(k) for k in phrases),
    )


_SMALL_WORDS = {"of", "the", "for", "in", "and", "to", "d'affaires"}


def _title_case(text: str) -> str:
    words = text.split()
    return " ".join(w if (w in _SMALL_WORDS and i) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def load(normalise: Any) -> Lexicon:
    """All lexicons. `normalise(text) -> list[str]` turns a phrase into token NORMs (the tokenizer
    of the spaCy pipeline in use), so title phrases match tokens exactly as the parser splits them."""
    countries = _load_countries()
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for country in countries.values():
        for surface in (country.name, *country.aliases):
            names.setdefault(surface, country.iso3)
        for surface in country.demonyms:
            demonyms.setdefault(surface, country.iso3)
    capitals = {row["capital"].strip(): row["iso3"].strip().upper() for row in _rows("capitals.csv")}
    for city, iso3 in capitals.items():
        if iso3 not in countries:
            raise LexiconError(f"capitals.csv: {city} names unknown country {iso3}")
    organizations: dict[str, Organization] = {}
    org_names: dict[str, str] = {}
    for row in _rows("organizations.csv"):
        org = Organization(row["name"].strip(), _split(row["aliases"]), row["kind"].strip())
        organizations[org.name] = org
        for surface in (org.name, *org.aliases):
            org_names.setdefault(surface, org.name)
    return Lexicon(
        countries=countries,
        country_names=names,
        demonyms=demonyms,
        capitals=capitals,
        not_countries=tuple(_lines("not_countries.txt")),
        organizations=organizations,
        organization_names=org_names,
        honorifics=frozenset(_lines("honorifics.txt")),
        person_descriptors=frozenset(w.lower() for w in _lines("person_descriptors.txt")),
        titles=_load_titles(normalise),
    )
