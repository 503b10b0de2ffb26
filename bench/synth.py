"""A deterministic generator of synthetic, VOA-style news articles with their ground truth.

Benchmarks need corpora of any size (the extraction bench wants >= 1 MB of text, the loader
2,000-10,000 documents) without shipping real articles. Each article pairs two real countries (from
pycountry) with invented people holding offices, and is built from sentence templates in the style
of wire copy: offices before names, appositions, quotes with the speaker after them, ties broken and
restored, meetings, swearing-in, borders with lengths in two units, and relative dates ("Tuesday")
that resolve against the publication date.

Everything is drawn from `random.Random(seed)`: the same (n, seed) gives byte-identical documents.
The ground truth of each article is written in the evaluation gold format (shared/eval/README.md),
so `python -m bench.synth 50 --out DIR` makes a folder that `intelgraph eval DIR` scores.

The people are invented (first and family names combined at random); none of the seed or
evaluation articles' people is among them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from importers.readers import SourceDocument

SOURCE = "synthetic (bench/synth.py)"

FEMALE_NAMES = [
    "Amara", "Camila", "Elif", "Greta", "Ilse", "Kalinda", "Mireille", "Oksana", "Rania", "Tamsin",
    "Valeria", "Ximena", "Zainab", "Anouk", "Celeste", "Esther", "Gwen", "Ingrid", "Katya", "Marisol",
]  # fmt: skip
MALE_NAMES = [
    "Bilal", "Dario", "Farid", "Hamid", "Jonas", "Lucien", "Nuno", "Paulo", "Soren", "Umar",
    "Wendell", "Yannick", "Bruno", "Dmitri", "Fabian", "Hector", "Joaquim", "Leopold", "Nikolai", "Odell",
]  # fmt: skip
FAMILY_NAMES = [
    "Okonkwo", "Lindqvist", "Moreau", "Castellanos", "Haddad", "Tanaka", "Novak", "Mensah", "Ferreira",
    "Kowalski", "Nakamura", "Delgado", "Petrovic", "Osei", "Varga", "Rahmani", "Ibarra", "Sandoval",
    "Quispe", "Halvorsen", "Achterberg", "Bergstrom", "Cardoso", "Dimitriou", "Esposito", "Fonseca",
    "Gallagher", "Hakimi", "Iwasaki", "Jankowski", "Karimov", "Lacroix", "Mbeki", "Nordin", "Oyelaran",
    "Pellegrini", "Quintero", "Rosenthal", "Szabo", "Tremblay", "Uzoma", "Vasquez-Ortiz", "Wojcik",
    "Yilmazer", "Zoric",
]  # fmt: skip

# Demonyms for the countries most often in the news; others are written "<Country>'s".
# Source: general knowledge (Wikipedia, "List of adjectival and demonymic forms for countries").
DEMONYMS = {
    "ARG": "Argentine", "AUS": "Australian", "AUT": "Austrian", "BEL": "Belgian", "BRA": "Brazilian",
    "CAN": "Canadian", "CHL": "Chilean", "CHN": "Chinese", "DNK": "Danish", "EGY": "Egyptian",
    "ESP": "Spanish", "ETH": "Ethiopian", "FIN": "Finnish", "FRA": "French", "DEU": "German",
    "GHA": "Ghanaian", "GRC": "Greek", "HUN": "Hungarian", "IND": "Indian", "IDN": "Indonesian",
    "IRL": "Irish", "ISR": "Israeli", "ITA": "Italian", "JPN": "Japanese", "KEN": "Kenyan",
    "MEX": "Mexican", "MAR": "Moroccan", "NGA": "Nigerian", "NOR": "Norwegian", "PAK": "Pakistani",
    "PER": "Peruvian", "POL": "Polish", "PRT": "Portuguese", "SEN": "Senegalese", "SWE": "Swedish",
    "THA": "Thai", "UGA": "Ugandan", "UKR": "Ukrainian", "URY": "Uruguayan", "ZAF": "South African",
}  # fmt: skip

MINISTRIES = ["Defense", "Foreign", "Interior", "Trade", "Energy", "Finance", "Information"]
TOPICS = [
    "trade", "border security", "energy supplies", "fishing rights", "migration", "water sharing",
    "drug trafficking", "transport links", "a disputed river island", "power lines",
]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Sentences without facts to extract (no speaker, no event of the vocabulary).
FILLERS = [
    "Relations between the two countries have been strained for years.",
    "The talks were held behind closed doors.",
    "Trade between the neighbors fell sharply during the dispute.",
    "Both governments face elections next year.",
    "Details of the arrangement were not immediately released.",
]
# Statements by unnamed groups: (sentence, the reported content as gold writes it).
UNNAMED_STATEMENTS = [
    ("Analysts say the move could boost trade between the two neighbors.",
     "the move could boost trade between the two neighbors"),
    ("Rights groups have urged both sides to protect civilians living near the frontier.",
     "urged both sides to protect civilians living near the frontier"),
]  # fmt: skip


# Dependent territories that pycountry lists beside states: they have no defense minister.
_TERRITORIES = {
    "AIA",
    "ASM",
    "BLM",
    "GGY",
    "GUM",
    "HKG",
    "JEY",
    "MSR",
    "NCL",
    "NIU",
    "PCN",
    "PRI",
    "PYF",
    "TKL",
}
_TERRITORY_WORDS = {
    "Island",
    "Islands",
    "Territory",
    "Antarctica",
    "Sahara",
    "Mayotte",
    "Réunion",
    "Guadeloupe",
    "Martinique",
    "Greenland",
    "Gibraltar",
    "Macao",
    "Guiana",
    "Aruba",
    "Curaçao",
    "Bermuda",
}


@dataclass
class Country:
    iso3: str
    name: str

    @property
    def demonym(self) -> str | None:
        return DEMONYMS.get(self.iso3)

    def adjective(self) -> str:
        """'Peruvian' or "Peru's": how a title is qualified by the country."""
        return self.demonym or f"{self.name}'s"


@dataclass
class Person:
    first: str
    family: str
    female: bool
    title: str
    country: Country

    @property
    def name(self) -> str:
        return f"{self.first} {self.family}"

    @property
    def pronoun(self) -> str:
        return "her" if self.female else "his"


@dataclass
class Article:
    """One synthetic article: its sentences and its ground truth in the eval gold format."""

    published: dt.date
    sentences: list[str] = field(default_factory=list)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    countries: list[str] = field(default_factory=list)
    borders: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def person(self, p: Person, *, office: bool = True, start: str | None = None) -> None:
        entry = self.people.setdefault(p.name, {"name": p.name, "aliases": [p.family], "offices": []})
        if office:
            record: dict[str, Any] = {"title": p.title, "country_or_org": p.country.name}
            if start:
                record["start"] = start
            if record not in entry["offices"]:
                entry["offices"].append(record)

    def event(
        self, kind: str, actors: list[str], date: str | None = None, date_text: str | None = None
    ) -> None:
        self.events.append({"type": kind, "actors": actors, "date": date, "date_text": date_text})

    def statement(self, speaker: str | None, text: str, kind: str) -> None:
        self.statements.append(
            {"speaker": speaker, "text_starts_with": " ".join(text.split()[:7]), "kind": kind}
        )


def _countries() -> list[Country]:
    """Sovereign states with a plain short name (no commas or parentheses), sorted by code."""
    found = []
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        if (
            c.alpha_3 in _TERRITORIES
            or "," in name
            or "(" in name
            or len(name.split()) > 2
            or _TERRITORY_WORDS & set(name.split())
        ):
            continue
        found.append(Country(str(c.alpha_3), str(name)))
    return sorted(found, key=lambda c: c.iso3)


def _weekday_before(published: dt.date, rng: random.Random) -> tuple[str, dt.date]:
    back = rng.randint(0, 6)
    day = published - dt.timedelta(days=back)
    return WEEKDAYS[day.weekday()], day


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.countries = _countries()

    def _person(self, country: Country, title: str, taken: set[str]) -> Person:
        while True:
            female = self.rng.random() < 0.5
            first = self.rng.choice(FEMALE_NAMES if female else MALE_NAMES)
            family = self.rng.choice(FAMILY_NAMES)
            if family not in taken:
                taken.add(family)
                return Person(first, family, female, title, country)

    def article(self) -> Article:
        rng = self.rng
        a, b = rng.sample(self.countries, 2)
        published = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 24))
        art = Article(published=published, countries=[a.name, b.name])
        taken: set[str] = set()
        ministry = rng.choice(MINISTRIES)
        minister_a = self._person(a, f"{ministry} Minister", taken)
        minister_b = self._person(b, f"{ministry} Minister", taken)
        president_a = self._person(a, "President", taken)
        topic = rng.choice(TOPICS)
        day_name, day = _weekday_before(published, rng)
        restore = rng.random() < 0.6
        kind = "restore_diplomatic_ties" if restore else "break_diplomatic_ties"
        verb = "restore diplomatic ties with" if restore else "break diplomatic relations with"

        # Lead: a country announces, on a weekday resolved against the publication date.
        years = rng.randint(2, 9)
        art.sentences.append(
            f"{a.name} announced {day_name} that it plans to {verb} {b.name} after {years} years of "
            f"tension over {topic}."
        )
        art.event(kind, [a.name, b.name], day.isoformat(), day_name)
        # "X announced that ..." is reported speech with the country as speaker (gold convention).
        art.statement(a.name, f"it plans to {verb} {b.name}", "indirect")

        # Title before the name, indirect speech.
        said = f"{minister_a.pronoun} government would seek talks on {topic} within weeks"
        art.sentences.append(f"{a.adjective()} {minister_a.title} {minister_a.name} said {said}.")
        art.person(minister_a)
        art.statement(minister_a.name, said, "indirect")

        # A quote with the speaker after it.
        quote = rng.choice(
            [
                f"We have received clear instructions to work with our neighbors on {topic}",
                f"This is a new beginning for the people of {a.name} and {b.name}",
                "Our doors are open, and we expect the same in return",
                f"No agreement on {topic} will be signed without guarantees",
            ]
        )
        art.sentences.append(f'"{quote}," said {minister_a.family}, speaking to reporters.')
        art.statement(minister_a.name, quote, "direct")

        # A meeting with a counterpart.
        met_name, met_day = _weekday_before(published, rng)
        if b.demonym:
            met = f"{minister_a.pronoun} {b.demonym} counterpart {minister_b.name}"
        else:
            met = f"{minister_a.pronoun} counterpart from {b.name}, {minister_b.name},"
        art.sentences.append(f"{minister_a.family} met with {met} on {met_name} in a border town.")
        art.person(minister_b)
        art.event("meeting", [minister_a.name, minister_b.name], met_day.isoformat(), met_name)

        # Swearing-in with a year in office.
        if rng.random() < 0.7:
            year = published.year - rng.randint(1, 4)
            art.sentences.append(
                f"Since {a.adjective()} President {president_a.name} took office in {year}, "
                f"{a.name} has kept its embassy in {b.name} open."
            )
            art.person(president_a, start=str(year))
            art.event("take_office", [president_a.name, a.name], str(year), f"in {year}")
        else:
            sworn_name, sworn_day = _weekday_before(published, rng)
            art.sentences.append(
                f"{president_a.name} was sworn in on {sworn_name} as {a.name}'s new president."
            )
            art.person(president_a, start=sworn_day.isoformat())
            art.event("take_office", [president_a.name, a.name], sworn_day.isoformat(), sworn_name)

        # An apposition with the office after the name.
        if rng.random() < 0.5:
            agreed = f"the two nations had agreed to cooperate on {topic}"
            art.sentences.append(f"{minister_b.name}, {b.name}'s {minister_b.title.lower()}, said {agreed}.")
            art.statement(minister_b.name, agreed, "indirect")
            art.event("cooperate", [a.name, b.name])

        # A border with its length in two units.
        if rng.random() < 0.6:
            km = rng.randint(150, 3000)
            mi = round(km * 0.621371)
            art.sentences.append(
                f"The {km:,}-kilometer ({mi:,}-mile) border between {a.name} and {b.name} "
                f"runs through mountains and dense forest."
            )
            art.borders.append({"between": [a.name, b.name], "length_km": km})

        # Unnamed officials and fillers.
        if rng.random() < 0.5:
            reported = "the talks would continue next month"
            art.sentences.append(f"Officials in {b.name} said {reported}.")
            art.statement(None, reported, "indirect")
        if rng.random() < 0.5:
            sentence, reported = rng.choice(UNNAMED_STATEMENTS)
            art.sentences.append(sentence)
            art.statement(None, reported, "indirect")
        art.sentences.extend(rng.sample(FILLERS, rng.randint(1, 3)))
        return art


def _document(art: Article, index: int, seed: int) -> SourceDocument:
    a, b = art.countries
    return SourceDocument(
        body="\n".join(art.sentences) + "\n",
        title=f"{a} and {b} move on ties",
        published=art.published.isoformat(),
        source=SOURCE,
        path=f"synth-{seed}/{index:05d}.md",
        metadata={"synthetic": True, "seed": seed, "index": index},
    )


def generate_with_truth(n: int, seed: int = 0) -> list[tuple[SourceDocument, dict[str, Any]]]:
    """`n` articles and their ground truth (the evaluation gold format), deterministic in `seed`."""
    generator = Generator(seed)
    out = []
    for index in range(n):
        art = generator.article()
        document = _document(art, index, seed)
        truth = {
            "document": Path(document.path or "").name,
            "published": document.published,
            "people": list(art.people.values()),
            "countries": art.countries,
            "organizations": [],
            "borders": art.borders,
            "statements": art.statements,
            "events": art.events,
        }
        out.append((document, truth))
    return out


def generate(n: int, seed: int = 0) -> list[SourceDocument]:
    """`n` synthetic articles, deterministic in `seed` (same arguments, same bytes)."""
    return [document for document, _ in generate_with_truth(n, seed)]


def write_corpus(folder: Path, n: int, seed: int = 0) -> None:
    """Write articles as Markdown with front matter, each with its `.gold.json` beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    for document, truth in generate_with_truth(n, seed):
        name = truth["document"]
        front = f'---\ntitle: "{document.title}"\npublished: {document.published}\nsource: "{SOURCE}"\n---\n'
        (folder / name).write_text(front + document.body, encoding="utf-8")
        gold_path = folder / name.replace(".md", ".gold.json")
        gold_path.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--out", type=Path, required=True, help="folder for .md articles and .gold.json truth"
    )
    args = parser.parse_args()
    write_corpus(args.out, args.n, args.seed)
    print(f"wrote {args.n} articles with gold annotations to {args.out}")


if __name__ == "__main__":
    main()
