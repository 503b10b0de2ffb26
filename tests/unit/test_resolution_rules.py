"""Entity resolution's name rules and decisions, without a database (importers/resolution.py)."""

from __future__ import annotations

import pytest

from importers.resolution import (
    Context,
    Known,
    Resolver,
    Settings,
    context_score,
    name_rule,
    name_tokens,
)


def known(entity_id: str, *names: str, **context: set[str]) -> Known:
    return Known(
        entity_id,
        names[0],
        names={name_tokens(n) for n in names},
        context=Context(**context),  # type: ignore[arg-type]
    )


def test_tokens_fold_and_drop_particles_and_honorifics() -> None:
    assert name_tokens("Mr. José  de la Cruz") == ("jose", "cruz")
    assert name_tokens("Mohammed bin Salman Al Saud") == ("mohammed", "salman", "saud")
    assert name_tokens("Ólafur Ragnar Grímsson") == ("olafur", "ragnar", "grimsson")


@pytest.mark.parametrize(
    ("written", "candidate", "rule"),
    [
        ("Ana Ruiz", "Ana Ruiz", "same-name"),
        ("Ana Ruíz", "Ana Ruiz", "same-name"),
        ("Ana Ruiz Soto", "Ana Ruiz", "name-extension"),
        ("Ana Ruiz", "Ana Ruiz Soto", "name-extension"),
        ("Ruiz Soto", "Ana Ruiz Soto", "name-part"),
        ("Ana Ruiz Lima", "Ana Ruiz Soto", "name-overlap"),
        ("Ruiz", "Ana Ruiz", "surname-only"),
        ("Ana", "Ana Ruiz", "given-name-only"),
        ("Petra Kowalenko", "Petra Kovalenko", "same-name"),
        # Never the same person on a given name alone, nor on a token in different roles.
        ("Ana Lima", "Ana Ruiz", None),
        ("Omar Haddad Aziz", "Karim Omar", None),
        ("Karim Omar", "Omar Haddad", None),
        ("Luis Ruiz", "Ana Ruiz", None),
    ],
)
def test_name_rules(written: str, candidate: str, rule: str | None) -> None:
    found = name_rule(name_tokens(written), known("person:x", candidate))
    assert (found[0] if found else None) == rule


def test_context_adds_agreement_and_subtracts_disagreement() -> None:
    here = Context(countries={"country:CHL"}, offices={"office:president@country:CHL"}, others={"person:b"})
    there = Context(countries={"country:CHL"}, offices={"office:president@country:CHL"}, others={"person:b"})
    assert context_score(here, there)[0] == pytest.approx(0.25)
    assert context_score(Context(countries={"country:PER"}), Context(countries={"country:CHL"}))[0] == -0.15
    old = Context(dates={"1990-01-01"})
    assert context_score(Context(dates={"2023-01-01"}), old)[0] == -0.1
    assert context_score(Context(), Context()) == (0.0, [])


def test_a_lone_surname_needs_one_bearer_and_agreeing_context() -> None:
    resolver = Resolver([known("person:ana-ruiz", "Ana Ruiz", others={"person:leo-diaz"})])
    scored = resolver._score([("ruiz",)], Context(others={"person:leo-diaz"}), exclude=None)
    assert resolver._decide(scored, lone_token=True)[0] == "merge"
    bare = resolver._score([("ruiz",)], Context(), exclude=None)
    assert resolver._decide(bare, lone_token=True)[0] == "review"  # 0.8, nothing agrees
    two = Resolver([known("person:ana-ruiz", "Ana Ruiz"), known("person:luis-ruiz", "Luis Ruiz")])
    both = two._score([("ruiz",)], Context(others={"person:leo-diaz"}), exclude=None)
    verdict, _, why = two._decide(both, lone_token=True)
    assert (verdict, why) == ("review", "2 known people fit a lone name")


def test_a_given_name_alone_is_never_merged() -> None:
    resolver = Resolver(
        [known("person:ana-ruiz", "Ana Ruiz", countries={"country:CHL"}, others={"person:b"})]
    )
    scored = resolver._score(
        [("ana",)], Context(countries={"country:CHL"}, others={"person:b"}), exclude=None
    )
    assert scored[0].score < Settings().merge_threshold
    assert resolver._decide(scored, lone_token=True)[0] == "review"


def test_thresholds_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="review threshold"):
        Settings(merge_threshold=0.5, review_threshold=0.7)
