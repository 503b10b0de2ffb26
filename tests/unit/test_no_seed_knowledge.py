"""Knowledge lives in data, and never the seed's or the evaluation corpora's: no person of those
articles appears in importers' code or lexicons, and no distinctive phrase of them in its code.

Rules that only work because they name the people of the test articles would score well here and
fail on the held-out corpus; this test keeps the extractor honest. Country names may appear in
lexicons (general knowledge); person names never.

The names and texts come from the shared evaluation folder when it is on the machine; otherwise a
small built-in list of the seed's people and phrases is used.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from unidecode import unidecode

ROOT = Path(__file__).resolve().parents[2]
IMPORTERS = ROOT / "importers"
SHARED = ROOT.parent / "shared"  # the shared folder sits beside the clone (also in CI)
EVAL_DIR = SHARED / "eval"

# Fallback when the shared folder is absent (CI copies it, a user's clone may not have it).
SEED_PEOPLE = [
    "Vladimir Padrino Lopez", "Padrino Lopez", "Nicolas Maduro", "Ivan Velasquez", "Gustavo Petro",
    "Alvaro Leyva", "Carlos Faria", "Ivan Duque", "Juan Guaido",
    "Lopez", "Maduro", "Velasquez", "Petro", "Leyva", "Faria", "Duque", "Guaido",
]  # fmt: skip
SEED_PHRASES = [
    "instructions from the commander in chief of the",
    "who was quoted on Twitter by the press department",
    "ratified their willingness to consolidate the bonds of friendship",
    "does not recognize Nicolas Maduro as the legitimate president",
    "is used by drug trafficking groups to engage in criminal activity",
    "met with his Venezuelan counterpart",
]

SHINGLE = 6
"""Words in a row that make a phrase distinctive: shorter runs ('the two countries') are ordinary."""

# Single-word aliases that are also ordinary words or titles, so may appear in general lexicons
# (e.g. a list of honorific titles). Full names are never allowed.
GENERIC_ALIASES = frozenset({"the u n chief"})


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", unidecode(text).lower()).split())


def _gold_files() -> list[Path]:
    return sorted(EVAL_DIR.rglob("*.gold.json")) if EVAL_DIR.is_dir() else []


def people_names() -> list[str]:
    names: set[str] = set(SEED_PEOPLE)
    for path in _gold_files():
        gold = json.loads(path.read_text(encoding="utf-8"))
        for person in gold.get("people", []):
            names.add(person["name"])
            names.update(person.get("aliases", []))
    return sorted(n for n in names if _fold(n) and _fold(n) not in GENERIC_ALIASES)


def corpus_texts() -> list[str]:
    """The seed phrases, plus the text of every annotated document (the seed and the eval articles)."""
    texts = list(SEED_PHRASES)
    for path in _gold_files():
        document = json.loads(path.read_text(encoding="utf-8"))["document"]
        for candidate in (path.parent / document, SHARED / "seeds" / document):
            if candidate.is_file():
                texts.append(candidate.read_text(encoding="utf-8"))
    return texts


def code_files() -> list[Path]:
    return sorted(IMPORTERS.rglob("*.py"))


def lexicon_files() -> list[Path]:
    return (
        sorted(p for p in (IMPORTERS / "lexicons").rglob("*") if p.is_file())
        if (IMPORTERS / "lexicons").is_dir()
        else []
    )


def _name_pattern(name: str) -> re.Pattern[str]:
    """Names match in any case, except an all-capitals one-word alias, which matches only as
    written ('AMIR', a speaker slug in one article, is not the title 'amir' of a lexicon)."""
    words = unidecode(name).split()
    flags = 0 if len(words) == 1 and name.isupper() else re.IGNORECASE
    body = r"[\W_]+".join(re.escape(w.strip(".,")) for w in words)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", flags)


def test_the_name_and_phrase_lists_are_not_empty() -> None:
    assert len(people_names()) >= len(SEED_PEOPLE)
    assert code_files()


@pytest.mark.parametrize("path", code_files() + lexicon_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_person_of_the_seed_or_eval_corpora_in_importers(path: Path) -> None:
    text = unidecode(path.read_text(encoding="utf-8", errors="replace"))
    found = [name for name in people_names() if _name_pattern(name).search(text)]
    assert not found, f"{path.relative_to(ROOT)} names people of the test articles: {found}"


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _fold(text).split()
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


@pytest.mark.parametrize("path", code_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_phrase_of_the_seed_or_eval_corpora_in_importers_code(path: Path) -> None:
    corpus: set[tuple[str, ...]] = set()
    for text in corpus_texts():
        corpus |= _shingles(text)
    shared = sorted(" ".join(s) for s in _shingles(path.read_text(encoding="utf-8")) & corpus)
    assert not shared, f"{path.relative_to(ROOT)} quotes the test articles: {shared[:5]}"
