"""Shared helpers for the extractor's unit tests: one Extractor per test session (loading spaCy is
slow), and small lookups over an `Extraction` so tests read as facts."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from app.settings import get_settings
from importers.contract import Entity, Extraction, Relation
from importers.pipeline import Extractor
from importers.readers import SourceDocument

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_2783307ef2ad6d18.md"
SEED_PUBLISHED = "2022-08-09"


@lru_cache(maxsize=1)
def extractor() -> Extractor:
    return Extractor(get_settings().spacy_model)


def seed_body() -> str:
    text = SEED.read_text(encoding="utf-8")
    # The front matter ends at the second '---' line; the body follows unchanged.
    _, _, rest = text.partition("---\n")
    _, _, body = rest.partition("---\n")
    return body


@lru_cache(maxsize=1)
def seed_extraction() -> Extraction:
    return extractor().extract(SourceDocument(body=seed_body(), published=SEED_PUBLISHED))


def extract(text: str, published: str | None = None) -> Extraction:
    return extractor().extract(SourceDocument(body=text, published=published))


def entities(extraction: Extraction, kind: str) -> list[Entity]:
    return [e for e in extraction.entities if e.type == kind]


def by_name(extraction: Extraction, name: str) -> Entity:
    found = [e for e in extraction.entities if e.name == name]
    assert len(found) == 1, f"{name!r}: {[e.name for e in extraction.entities]}"
    return found[0]


def offices(extraction: Extraction) -> set[tuple[str, str, str]]:
    """(person name, office title, jurisdiction name) for every HOLDS_OFFICE relation."""
    index = {e.id: e for e in extraction.entities}
    out = set()
    for r in extraction.relations:
        if r.type != "HOLDS_OFFICE":
            continue
        office = index[r.target]
        out.add(
            (index[r.source].name, office.properties["title"], index[office.properties["jurisdiction"]].name)
        )
    return out


def holds(extraction: Extraction, person: str, title: str) -> Relation:
    index = {e.id: e for e in extraction.entities}
    found = [
        r for r in extraction.relations
        if r.type == "HOLDS_OFFICE" and index[r.source].name == person
        and index[r.target].properties["title"] == title
    ]  # fmt: skip
    assert len(found) == 1, f"{person} / {title}: {offices(extraction)}"
    return found[0]
