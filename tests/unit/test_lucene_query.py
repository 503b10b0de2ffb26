"""lucene_query: the user's words as a Lucene query for the full-text index."""

from __future__ import annotations

from app.graph.common import lucene_query

STOP = frozenset({"of", "the"})


def test_every_word_is_required_as_a_prefix() -> None:
    assert lucene_query("Padrino lopez") == "+(padrino* padrino~1) +(lopez* lopez~1)"


def test_stop_words_are_optional_not_required() -> None:
    # The analyzer indexes no term for "of": a required "of*" clause would match nothing.
    assert lucene_query("Minister of Defense", STOP) == "+(minister* minister~1) (of*) +(defense* defense~1)"


def test_a_query_of_stop_words_only_keeps_them_required() -> None:
    assert lucene_query("of", STOP) == "+(of*)"


def test_special_characters_are_escaped() -> None:
    assert lucene_query("a-b") == "+(a*) +(b*)"
    assert lucene_query("") == ""
