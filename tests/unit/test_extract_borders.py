"""Borders: the two countries, lengths in both units, and the pair behind "their" or "its"."""

from __future__ import annotations

from importers.contract import Extraction
from tests.unit.extraction_support import by_name, entities, extract, seed_extraction


def _borders(extraction: Extraction) -> dict[tuple[str, ...], tuple[object, object]]:
    return {
        tuple(b.properties["countries"]): (b.properties["length_km"], b.properties["length_mi"])
        for b in entities(extraction, "Border")
    }


def test_seed_border_between_colombia_and_venezuela_with_both_lengths() -> None:
    extraction = seed_extraction()
    assert _borders(extraction) == {("country:COL", "country:VEN"): (2219, 1379)}
    border = by_name(extraction, "Colombia–Venezuela border")
    assert border.id == "border:COL-VEN"
    assert [(m.sentence, m.text) for m in border.mentions] == [
        (6, "their shared border"),
        (12, "The 2,219-kilometer (1,379-mile) border between Colombia and Venezuela"),
    ]


def test_hyphenated_demonyms_and_a_missing_unit_converted() -> None:
    text = "Troops left the Peruvian-Chilean border. A 500-mile border between Chile and Argentina is quiet."
    assert _borders(extract(text)) == {
        ("country:CHL", "country:PER"): (None, None),
        ("country:ARG", "country:CHL"): (805, 500),
    }


def test_its_border_with_is_the_subject_country_s_border() -> None:
    text = "Peru says its border with Bolivia could reopen. Chile closed its border with Argentina in 1990."
    assert sorted(_borders(extract(text))) == [("country:ARG", "country:CHL"), ("country:BOL", "country:PER")]


def test_their_border_and_the_two_nations_are_the_pair_named_together() -> None:
    text = (
        "Ecuador and Peru signed a deal on Thursday. Brazil welcomed it. "
        "The deal creates a zone along their contested border. "
        "Trucks crossed the land border between the two nations on Monday."
    )
    extraction = extract(text)
    assert _borders(extraction) == {("country:ECU", "country:PER"): (None, None)}
    border = entities(extraction, "Border")[0]
    assert [m.text for m in border.mentions] == [
        "their contested border",
        "the land border between the two nations",
    ]


def test_a_border_without_two_countries_is_not_a_border_fact() -> None:
    text = "Peru increased border security. The border was calm, officials said."
    assert entities(extract(text), "Border") == []


def test_one_border_per_neighbour_in_a_list() -> None:
    text = "Bolivia has long borders with Peru, Chile and Brazil."
    assert sorted(_borders(extract(text))) == [
        ("country:BOL", "country:BRA"),
        ("country:BOL", "country:CHL"),
        ("country:BOL", "country:PER"),
    ]


def test_a_demonym_border_acted_on_by_a_country() -> None:
    text = "Chad closed the Sudanese border on Friday. Ukraine's eastern border is tense."
    assert sorted(_borders(extract(text))) == [("country:SDN", "country:TCD")]


def test_a_country_after_another_preposition_is_not_a_neighbour() -> None:
    text = "Peru closed its border with Bolivia in 1990 in solidarity with Chile."
    assert sorted(_borders(extract(text))) == [("country:BOL", "country:PER")]


def test_a_border_war_fought_by_the_pair_in_context() -> None:
    text = "Ghana and Togo signed a peace deal. The two neighbors fought a border war from 1998 to 2000."
    assert sorted(_borders(extract(text))) == [("country:GHA", "country:TGO")]


def test_a_border_reopened_to_a_neighbour() -> None:
    text = "Ghana reopened its airspace and land border to Togo on Monday."
    assert sorted(_borders(extract(text))) == [("country:GHA", "country:TGO")]


def test_a_border_war_without_a_pair_is_no_border() -> None:
    assert _borders(extract("Ghana remembered the border war of its past.")) == {}
