"""Office-title phrases in a parsed document ("Defense Minister", "Deputy Prime Minister").

Only the phrase itself is found here, by token NORMs against the title lexicon (so "Defence" =
"Defense", and a typo such as "Minsiter" already carries the NORM "minister"). Who holds the title,
and in which jurisdiction, is decided by importers/extract/offices.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from importers.extract.lexicon import TitleTables


@dataclass(frozen=True)
class TitlePhrase:
    start: int  # token index, ranks included ("Deputy Foreign Minister")
    end: int  # token index, exclusive
    canonical: str  # "Deputy Minister of Foreign Affairs"
    flags: frozenset[str]  # "envoy", "cased", "needs_jurisdiction", "minister", "single_holder"


def find_title_phrases(doc: Doc, tables: TitleTables) -> list[TitlePhrase]:
    """Longest title phrases, left to right, never overlapping."""
    norms = [t.norm_ for t in doc]
    n = len(doc)
    out: list[TitlePhrase] = []
    i = 0
    while i < n:
        found = None
        for length in range(min(tables.max_len, n - i), 0, -1):
            hit = tables.phrases.get(tuple(norms[i : i + length]))
            if hit is None:
                continue
            canonical, flags = hit
            if "cased" in flags and not doc[i].is_title and not _possessive_apposition(doc, i, i + length):
                continue
            if any(doc[k].is_space for k in range(i, i + length)):
                continue
            found = (length, canonical, flags)
            break
        if found is None:
            i += 1
            continue
        length, canonical, flags = found
        if "cased" in flags and _inside_name(doc, i, i + length):
            i += length  # "Martin Luther King": a surname, not a king
            continue
        start = i
        ranks: list[str] = []
        while start > 0:
            prev = norms[start - 1]
            if prev in tables.ranks:
                ranks.insert(0, doc[start - 1].text)
                start -= 1
            elif (
                prev == "-"
                and start > 1
                and norms[start - 2] in tables.ranks
                and not doc[start - 2].whitespace_
            ):
                ranks.insert(0, doc[start - 2].text)
                start -= 2
            else:
                break
        if ranks:
            canonical = " ".join(_cap(r) for r in ranks) + " " + canonical
            # "Deputy Foreign Minister", "Acting President": a different office, not one-holder.
            flags = flags - {"single_holder"}
        out.append(TitlePhrase(start, i + length, canonical, flags))
        i += length
    return out


def _possessive_apposition(doc: Doc, start: int, end: int) -> bool:
    """ "Qatar's emir, Sheikh ...": after a possessive and before an apposed name, a lower-case
    monarchic title is still the office (elsewhere "king" is a common noun)."""
    n = len(doc)
    return (
        start > 0
        and doc[start - 1].tag_ == "POS"
        and end + 1 < n
        and doc[end].text == ","
        and doc[end + 1].pos_ == "PROPN"
    )


def _inside_name(doc: Doc, start: int, end: int) -> bool:
    """True when a person entity begins before the phrase and reaches into it."""
    return doc[start].ent_type_ == "PERSON" and doc[start].ent_iob_ == "I"


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower()
