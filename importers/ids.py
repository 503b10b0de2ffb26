"""Deterministic identifiers.

The same real-world thing must get the same id in every document, and the same fact from two
documents must be one fact: ids are built from normalised names (entities) or hashes of what a
fact asserts (relations, statements, events), never from positions in one document.
"""

from __future__ import annotations

import hashlib
import re

from unidecode import unidecode

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII with punctuation collapsed: 'José  Martí' -> 'jose marti'."""
    return " ".join(_NON_WORD.sub(" ", unidecode(text).lower()).split())


def slug(text: str) -> str:
    return fold(text).replace(" ", "-")


def digest(*parts: str, length: int = 16) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


def document_id(body: str) -> str:
    """A document is identified by its body text: the same text is the same document."""
    return "doc:" + digest(body, length=20)


def person_id(canonical_name: str) -> str:
    return "person:" + slug(canonical_name)


def organization_id(canonical_name: str) -> str:
    return "org:" + slug(canonical_name)


def country_id(iso3: str) -> str:
    return "country:" + iso3.upper()


def office_id(title: str, jurisdiction_id: str) -> str:
    return f"office:{slug(title)}@{jurisdiction_id}"


def border_id(country_a: str, country_b: str) -> str:
    a, b = sorted((country_a, country_b))
    return f"border:{a.removeprefix('country:')}-{b.removeprefix('country:')}"


def relation_id(rel_type: str, source: str, target: str) -> str:
    return "rel:" + digest(rel_type, source, target)


def statement_id(speaker: str | None, text: str) -> str:
    return "stmt:" + digest(speaker or "", fold(text))


def event_id(event_type: str, participant_ids: list[str], date: str | None) -> str:
    return "event:" + digest(event_type, *sorted(participant_ids), date or "")
