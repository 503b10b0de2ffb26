"""Date normalisation against the publication date (importers/extract/dates.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.contract import is_date
from importers.extract.dates import normalise, parse_published

SEED = "2022-08-09"  # a Tuesday


@pytest.mark.parametrize(
    ("text", "published", "future", "expected"),
    [
        # Weekdays: the most recent one on or before publication (the publication day itself counts).
        ("Tuesday", SEED, False, "2022-08-09"),
        ("on Sunday", SEED, False, "2022-08-07"),
        ("Sunday", SEED, False, "2022-08-07"),
        ("Monday", SEED, False, "2022-08-08"),
        ("Wednesday", SEED, False, "2022-08-03"),
        ("Tuesday night", SEED, False, "2022-08-09"),
        ("Tuesday's", SEED, False, "2022-08-09"),
        ("last Tuesday", SEED, False, "2022-08-02"),
        ("next Tuesday", SEED, False, "2022-08-16"),
        ("Friday", SEED, True, "2022-08-12"),
        ("on Monday", "2009-09-01", False, "2009-08-31"),
        # Years and months: only as precise as the text.
        ("in 2018", SEED, False, "2018"),
        ("2018", None, False, "2018"),
        ("the year 1993", None, False, "1993"),
        ("mid-2018", SEED, False, "2018"),
        ("in May", SEED, False, "2022-05"),
        ("May 2019", SEED, False, "2019-05"),
        ("August 2021", None, False, "2021-08"),
        ("in late July", SEED, False, "2022-07"),
        # Year-less days: past by default, the coming one for forward-looking sentences.
        ("since July 15", "2008-08-18", False, "2008-07-15"),
        ("January 1", "2009-09-01", False, "2009-01-01"),
        ("by January 1", "2009-09-01", True, "2010-01-01"),
        ("Sept. 3", SEED, False, "2021-09-03"),
        ("Aug. 9, 2022", None, False, "2022-08-09"),
        ("9 August 2022", None, False, "2022-08-09"),
        ("2022-08-09", None, False, "2022-08-09"),
        # Relative to publication.
        ("yesterday", "2003-06-30", False, "2003-06-29"),
        ("today", SEED, False, "2022-08-09"),
        ("two days ago", "2003-06-30", False, "2003-06-28"),
        ("last year", "2003-06-30", False, "2002"),
        ("one year ago", SEED, False, "2021"),
    ],
)
def test_resolves(text: str, published: str | None, future: bool, expected: str) -> None:
    assert normalise(text, published, future=future) == expected


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Days before Petro's inauguration", SEED),
        ("over two years ago", "2003-06-30"),
        ("more than a year ago", SEED),
        ("later this month", "2003-06-30"),
        ("some months later", SEED),
        ("the end of the year", "2009-09-01"),
        ("late July or early August", "2003-06-30"),
        ("this week", "2008-08-18"),
        ("over the weekend", "2008-08-18"),
        ("the last century", SEED),
        ("the 1990s", SEED),
        ("six weeks", SEED),
        ("years", SEED),
        ("now", SEED),
        ("", SEED),
        ("   ", SEED),
        ("after the meeting", SEED),
        ("a" * 200, SEED),
    ],
)
def test_unresolvable_gives_none(text: str, published: str | None) -> None:
    assert normalise(text, published) is None


@pytest.mark.parametrize("text", ["Monday", "on Sunday", "yesterday", "July 15", "last year", "in May"])
def test_without_publication_relative_expressions_give_none(text: str) -> None:
    assert normalise(text, None) is None


def test_years_without_four_digits_give_none() -> None:
    assert normalise("since July 15", dt.date(1000, 1, 1)) is None
    assert normalise("Monday", dt.date(1, 1, 3)) is None


def test_accepts_date_objects_and_bad_strings() -> None:
    assert normalise("Sunday", dt.date(2022, 8, 9)) == "2022-08-07"
    assert normalise("Sunday", dt.datetime(2022, 8, 9, 15, 30)) == "2022-08-07"
    assert normalise("Sunday", "not a date") is None
    assert parse_published("2022-08-09") == dt.date(2022, 8, 9)
    assert parse_published("garbage") is None
    assert parse_published(None) is None


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=60),
    st.one_of(st.none(), st.dates()),
    st.booleans(),
)
def test_never_raises_and_returns_contract_dates(text: str, published: dt.date | None, future: bool) -> None:
    result = normalise(text, published, future=future)
    assert result is None or is_date(result)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
)
def test_weekday_is_within_the_week_before_publication(day: str, published: dt.date) -> None:
    result = normalise(day, published)
    assert result is not None
    resolved = dt.date.fromisoformat(result)
    assert 0 <= (published - resolved).days < 7
    assert resolved.strftime("%A") == day
    forward = dt.date.fromisoformat(normalise(day, published, future=True) or "")
    assert 0 <= (forward - published).days < 7


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1000, max_value=2999), st.sampled_from(["", "in ", "since ", "by "]))
def test_years_keep_year_precision(year: int, prefix: str) -> None:
    assert normalise(f"{prefix}{year}", SEED) == str(year)
