"""Date expressions -> contract dates ("YYYY", "YYYY-MM" or "YYYY-MM-DD"), as precise as the text allows.

News reports date things relative to their publication: "said Tuesday" is the most recent
Tuesday on or before the publication date, "in 2018" is the year 2018 and nothing more precise.
`normalise` turns one expression into a date against that publication date, or returns None when
the text does not determine one ("days before the inauguration", "over two years ago", "later this
month"): the caller keeps the words as `date_text` then.

dateparser does the calendar work (month names, numeric formats, "yesterday", "two days ago",
"last year") with the publication date as `RELATIVE_BASE`. Two things are decided here instead,
because dateparser decides them differently from how news is written:
- a bare weekday: dateparser picks the one of the *previous* week even when the publication day is
  that weekday; in reporting it is the publication day itself;
- the direction of a year-less date: past by default (reports tell what happened), the coming one
  when the caller says the sentence looks forward ("talks could resume by March 1").
Without a publication date only expressions that carry their own year are resolved.

The cue words (prepositions, approximators, parts of the day) are data: lexicons/date_cues.json.
`normalise` never raises: any unexpected input gives None.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateparser.date import DateDataParser

LEXICON = Path(__file__).resolve().parent.parent / "lexicons" / "date_cues.json"

# Longer than any date phrase a sentence holds; beyond it the text is not a date expression.
_MAX_EXPRESSION = 80
_YEAR_RE = re.compile(r"^(1[0-9]{3}|2[0-9]{3})$")
_DECADE_RE = re.compile(r"\b\d{2,4}'?s\b")
_DIGIT_YEAR_RE = re.compile(r"\b(1[0-9]{3}|2[0-9]{3})\b")
_NUMBER_WORD_RE = re.compile(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b")
_PERIOD_FORMAT = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
_CONTRACT_DATE = re.compile(r"^[1-9]\d{3}(-\d{2}(-\d{2})?)?$")


@lru_cache(maxsize=1)
def _cues() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(LEXICON.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=64)
def _parser(prefer: str, base: dt.datetime) -> DateDataParser:
    # One parser per (direction, publication date): a corpus has few distinct dates, and building a
    # parser costs far more than using one.
    return DateDataParser(
        languages=["en"],
        settings={"PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True, "RELATIVE_BASE": base},
    )


def parse_published(value: dt.date | str | None) -> dt.date | None:
    """A publication date from a date, an ISO string or None (an unparseable string gives None)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def normalise(text: str, published: dt.date | str | None, *, future: bool = False) -> str | None:
    """The date an expression denotes, relative to `published`, or None when the text does not fix one.

    `future=True` resolves year-less dates and bare weekdays forwards (for forward-looking
    sentences: "talks could resume by March 1"); otherwise they are the most recent one on or before
    publication. Returns "YYYY", "YYYY-MM" or "YYYY-MM-DD"; never raises.
    """
    try:
        return _cached(text, parse_published(published), future)
    except Exception:  # dateparser is third-party code fed arbitrary text; a bad guess is just "no date"
        return None


@lru_cache(maxsize=4096)
def _cached(text: str, published: dt.date | None, future: bool) -> str | None:
    result = _normalise(text, published, future)
    # Contract dates have four-digit years; a year before 1000 (a far-fetched publication date
    # minus a year) has no contract form.
    return result if result is not None and _CONTRACT_DATE.match(result) else None


def _clean(text: str) -> str:
    cleaned = text.replace("\u2019", "'").replace("\u2018", "'")
    cleaned = re.sub(r"'s\b", "", cleaned)
    cleaned = re.sub(r"[\"“”(),;:!?]", " ", cleaned)
    return " ".join(cleaned.split()).strip(" .-").lower()


def _strip_leading(words: list[str], phrases: list[str]) -> list[str]:
    """Drop leading words matching any of `phrases` (each may be several words), repeatedly."""
    changed = True
    while changed and words:
        changed = False
        for phrase in phrases:
            parts = phrase.split()
            if words[: len(parts)] == parts and len(words) > len(parts):
                words = words[len(parts) :]
                changed = True
                break
    return words


def _normalise(text: str, published: dt.date | None, future: bool) -> str | None:
    if not isinstance(text, str) or not text.strip() or len(text) > _MAX_EXPRESSION:
        return None
    cues = _cues()
    cleaned = _clean(text)
    if not cleaned or _DECADE_RE.search(cleaned):
        return None
    words = cleaned.split()
    words = _strip_leading(words, [*cues["prepositions"], *cues["determiners"]])
    vague = set(cues["vague"])
    if any(w in vague for w in words):
        return None
    # "late July", "mid-2018": the qualifier narrows within the period but keeps its precision.
    words = [w for w in words if w not in cues["approximate_parts"]]
    words = [w.removeprefix("mid-") for w in words]
    words = [w for w in words if w not in cues["parts_of_day"]]
    if len(words) == 2 and words[0] == "year" and _YEAR_RE.match(words[1]):
        words = words[1:]  # "the year 2018"
    if not words:
        return None
    expression = " ".join(words)

    weekday = _weekday(words, published, future)
    if weekday is not None:
        return weekday or None
    if _YEAR_RE.match(expression):
        return expression
    # A bare duration ("six weeks", "two years") names a length of time, not a date.
    units = set(cues["duration_units"])
    if any(w in units for w in words) and "ago" not in words and not {"last", "next", "this"} & set(words):
        return None
    return _dateparser(expression, published, future)


def _weekday(words: list[str], published: dt.date | None, future: bool) -> str | None:
    """ "" for a weekday expression that cannot be resolved, a date for one that can, None otherwise."""
    weekdays: list[str] = _cues()["weekdays"]
    modifiers = {"last", "this", "next", "past"}
    if not words or words[-1] not in weekdays or len(words) > 2:
        return None
    modifier = words[0] if len(words) == 2 else None
    if modifier is not None and modifier not in modifiers:
        return None
    if published is None:
        return ""
    target = weekdays.index(words[-1])
    if modifier == "next" or (future and modifier is None):
        delta = (target - published.weekday()) % 7
        if modifier == "next" and delta == 0:
            delta = 7
        return (published + dt.timedelta(days=delta)).isoformat()
    delta = (published.weekday() - target) % 7
    if modifier in {"last", "past"} and delta == 0:
        delta = 7
    return (published - dt.timedelta(days=delta)).isoformat()


def _dateparser(expression: str, published: dt.date | None, future: bool) -> str | None:
    has_year = _DIGIT_YEAR_RE.search(expression) is not None
    if published is None and not has_year:
        # Relative or year-less ("yesterday", "July 15"): nothing to anchor it to.
        return None
    base = dt.datetime.combine(published or dt.date(2000, 1, 1), dt.time())
    data = _parser("future" if future else "past", base).get_date_data(expression)
    if data.date_obj is None or data.period not in _PERIOD_FORMAT:
        return None
    if not _NUMBER_WORD_RE.search(expression) and data.period == "day" and not _has_day_anchor(expression):
        return None
    return data.date_obj.strftime(_PERIOD_FORMAT[data.period])


def _has_day_anchor(expression: str) -> bool:
    """Whether a day-precision result is justified by the words (e.g. "yesterday", "today")."""
    return any(w in expression.split() for w in ("yesterday", "today", "tomorrow", "tonight"))
