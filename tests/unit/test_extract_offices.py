"""Offices: HOLDS_OFFICE relations with canonical titles, jurisdictions, dates and evidence."""

from __future__ import annotations

from importers import ids
from tests.unit.extraction_support import by_name, extract, holds, offices, seed_extraction


def test_seed_offices_are_exactly_the_nine_the_article_states() -> None:
    assert offices(seed_extraction()) == {
        ("Vladimir Padrino Lopez", "Minister of Defense", "Venezuela"),
        ("Ivan Velasquez", "Minister of Defense", "Colombia"),
        ("Nicolas Maduro", "President", "Venezuela"),
        ("Nicolas Maduro", "Commander in Chief", "Bolivarian National Armed Forces"),
        ("Gustavo Petro", "President", "Colombia"),
        ("Alvaro Leyva", "Minister of Foreign Affairs", "Colombia"),
        ("Carlos Faria", "Minister of Foreign Affairs", "Venezuela"),
        ("Ivan Duque", "President", "Colombia"),
        ("Juan Guaido", "Opposition Leader", "Venezuela"),
    }


def test_seed_petro_holds_president_of_colombia_from_the_sunday_he_was_sworn_in() -> None:
    extraction = seed_extraction()
    relation = holds(extraction, "Gustavo Petro", "President")
    assert relation.valid_from == "2022-08-07"
    assert relation.target == ids.office_id("President", "country:COL")
    evidence = relation.evidence[0]
    assert evidence.sentence == 3
    assert extraction.sentences[3].text.startswith("Leftist leader Gustavo Petro was sworn in on Sunday")
    assert evidence.text == "Gustavo Petro was sworn in on Sunday as Colombia's new president"


def test_seed_duque_took_office_in_2018_and_is_president_of_colombia_by_apposition() -> None:
    relation = holds(seed_extraction(), "Ivan Duque", "President")
    assert relation.valid_from == "2018"
    assert [(e.sentence, e.text) for e in relation.evidence] == [
        (8, "President Ivan Duque"),
        (10, "Ivan Duque, president of Colombia"),
        (8, "Ivan Duque took office in 2018"),
    ]


def test_seed_defense_minister_title_before_the_name() -> None:
    relation = holds(seed_extraction(), "Vladimir Padrino Lopez", "Minister of Defense")
    assert relation.target == "office:minister-of-defense@country:VEN"
    assert [(e.sentence, e.text) for e in relation.evidence] == [
        (1, "Venezuelan Defense Minister Vladimir Padrino Lopez")
    ]
    office = by_name(seed_extraction(), "Minister of Defense (Venezuela)")
    assert office.properties == {
        "title": "Minister of Defense",
        "jurisdiction": "country:VEN",
        "single_holder": True,
    }


def test_seed_apposition_and_counterpart() -> None:
    extraction = seed_extraction()
    leyva = holds(extraction, "Alvaro Leyva", "Minister of Foreign Affairs")
    assert leyva.evidence[0].text == "the new Colombian Minister of Foreign Affairs, Alvaro Leyva"
    faria = holds(extraction, "Carlos Faria", "Minister of Foreign Affairs")
    assert faria.target == "office:minister-of-foreign-affairs@country:VEN"
    assert faria.properties["how"] == "counterpart"
    assert faria.evidence[0].text == "his Venezuelan counterpart Carlos Faria"


def test_seed_commander_in_chief_of_an_organization_named_by_acronym() -> None:
    relation = holds(seed_extraction(), "Nicolas Maduro", "Commander in Chief")
    assert relation.target == "office:commander-in-chief@org:bolivarian-national-armed-forces"
    assert relation.evidence[0].text == (
        "the commander in chief of the FANB (Bolivarian National Armed Forces), Nicolas Maduro"
    )


def test_titles_are_canonical_across_word_orders_spellings_ranks_and_typos() -> None:
    text = (
        "Peruvian Defence Minister Ana Morales met Chile's minister of defense, Tomas Ruiz, on Monday. "
        "Deputy Foreign Minister Luis Pena of Bolivia joined them. "
        "Argentine Foreign Minsiter Sofia Diaz sent a letter."
    )
    assert offices(extract(text)) == {
        ("Ana Morales", "Minister of Defense", "Peru"),
        ("Tomas Ruiz", "Minister of Defense", "Chile"),
        ("Luis Pena", "Deputy Minister of Foreign Affairs", "Bolivia"),
        ("Sofia Diaz", "Minister of Foreign Affairs", "Argentina"),
    }


def test_predicates_give_offices_and_take_office_dates() -> None:
    text = (
        "Ana Morales was sworn in as Peru's new president on Sunday. "
        "Tomas Ruiz was elected president of Chile in 2019. "
        "Luis Pena, who is the Bolivian interior minister, declined to comment."
    )
    extraction = extract(text, "2024-05-02")
    assert offices(extraction) == {
        ("Ana Morales", "President", "Peru"),
        ("Tomas Ruiz", "President", "Chile"),
        ("Luis Pena", "Minister of Interior", "Bolivia"),
    }
    assert holds(extraction, "Ana Morales", "President").valid_from == "2024-04-28"
    # An election date is not the day the office is taken.
    assert holds(extraction, "Tomas Ruiz", "President").valid_from is None


def test_a_bare_title_before_a_comma_is_not_an_apposition() -> None:
    text = "As long as I remain president, Ana Morales will not enter Peru, said Tomas Ruiz."
    assert offices(extract(text)) == set()


def test_envoys_keep_their_destination_and_former_offices_are_marked() -> None:
    text = (
        "Chile's new ambassador to Peru, Ana Morales, presented her credentials on Monday. "
        "The arrival of Ms. Morales, a former foreign ministry spokeswoman, was welcomed."
    )
    extraction = extract(text)
    assert offices(extraction) == {
        ("Ana Morales", "Ambassador to Peru", "Chile"),
        ("Ana Morales", "Foreign Ministry Spokeswoman", "Chile"),
    }
    spokeswoman = holds(extraction, "Ana Morales", "Foreign Ministry Spokeswoman")
    assert spokeswoman.properties["former"] is True
    assert spokeswoman.evidence[0].text == "Morales, a former foreign ministry spokeswoman"


def test_organization_offices_and_a_reference_to_the_head_of_the_organization() -> None:
    text = "U.N. Secretary-General Ana Morales urged calm. The U.N. chief also called for talks."
    extraction = extract(text)
    assert offices(extraction) == {("Ana Morales", "Secretary-General", "United Nations")}
    person = by_name(extraction, "Ana Morales")
    assert [m.text for m in person.mentions] == ["Ana Morales", "U.N. chief"]


def test_counterpart_holds_the_same_office_in_the_other_country() -> None:
    text = (
        "Chilean Foreign Minister Tomas Ruiz said he would meet his Peruvian counterpart, Ana Morales, soon."
    )
    assert offices(extract(text)) == {
        ("Tomas Ruiz", "Minister of Foreign Affairs", "Chile"),
        ("Ana Morales", "Minister of Foreign Affairs", "Peru"),
    }


def test_occupations_and_plain_leaders_are_not_offices() -> None:
    text = "Prominent Chilean political commentator Ana Morales and leftist leader Tomas Ruiz spoke."
    assert offices(extract(text)) == set()


def test_an_unqualified_title_is_dropped_when_the_country_is_unclear() -> None:
    text = (
        "Chile and Peru restored ties on Monday. President Ana Morales welcomed the step. "
        "Peru and Chile will exchange envoys."
    )
    assert offices(extract(text)) == set()


def test_an_unqualified_organization_post_is_read_in_the_organization_named() -> None:
    text = "U.N. spokesman Tomas Ruiz said Secretary-General Ana Morales was concerned about Peru."
    assert offices(extract(text)) == {
        ("Tomas Ruiz", "Spokesman", "United Nations"),
        ("Ana Morales", "Secretary-General", "United Nations"),
    }


def test_an_appointee_serves_the_country_of_the_person_who_appoints_them() -> None:
    text = "Peruvian President Ana Morales named General Luis Pena as the new chief of army staff."
    assert offices(extract(text)) == {
        ("Ana Morales", "President", "Peru"),
        ("Luis Pena", "Chief of Army Staff", "Peru"),
    }


def test_initials_belong_to_names_and_the_head_of_an_organization_is_an_office() -> None:
    text = (
        "India's External Affairs Minister S. Kumar arrived. "
        "The head of the World Health Organization, Ana Morales, met him."
    )
    assert offices(extract(text)) == {
        ("S. Kumar", "Minister of Foreign Affairs", "India"),
        ("Ana Morales", "Head", "World Health Organization"),
    }


def test_jurisdiction_after_the_name_and_reverse_apposition_with_a_possessive() -> None:
    text = (
        "Chile and Peru met. Foreign Minister Ana Morales of Bolivia attended. "
        "Tomas Ruiz, Chile's interior minister, said the talks went well."
    )
    extraction = extract(text)
    assert offices(extraction) == {
        ("Ana Morales", "Minister of Foreign Affairs", "Bolivia"),
        ("Tomas Ruiz", "Minister of Interior", "Chile"),
    }
    assert holds(extraction, "Ana Morales", "Minister of Foreign Affairs").evidence[0].text == (
        "Foreign Minister Ana Morales of Bolivia"
    )


def test_taking_and_leaving_office_in_relative_clauses_and_predicates() -> None:
    text = (
        "Peruvian President Ana Morales, who took office in 2019, met reporters. "
        "Tomas Ruiz, Chile's interior minister, resigned in March 2021."
    )
    extraction = extract(text, "2021-06-01")
    morales = holds(extraction, "Ana Morales", "President")
    assert (morales.valid_from, morales.valid_to) == ("2019", None)
    ruiz = holds(extraction, "Tomas Ruiz", "Minister of Interior")
    assert (ruiz.valid_from, ruiz.valid_to) == (None, "2021-03")
    assert ruiz.evidence[-1].text == "Tomas Ruiz, Chile's interior minister, resigned in March 2021."


def test_a_unit_between_organization_and_title_and_an_adviser_serving_a_named_leader() -> None:
    text = (
        "AU Commission Chairman Ana Morales spoke first. "
        "Peruvian President Luis Pena listened. Pena's foreign affairs adviser, Tomas Ruiz, took notes."
    )
    assert offices(extract(text)) == {
        ("Ana Morales", "Chairman", "African Union"),
        ("Luis Pena", "President", "Peru"),
        ("Tomas Ruiz", "Foreign Affairs Adviser", "Peru"),
    }


def test_an_adviser_of_no_known_country_is_left_out() -> None:
    assert offices(extract("Luis Pena's adviser, Tomas Ruiz, took notes in Lima.")) == set()


def test_its_ambassador_serves_the_country_named_before() -> None:
    text = "Peru recalled its ambassador to Chile, Tomas Ruiz, in February."
    assert offices(extract(text)) == {("Tomas Ruiz", "Ambassador to Chile", "Peru")}


def test_counterpart_from_a_country_and_a_subject_ner_missed() -> None:
    text = (
        "Chile's Interior Minister Tomas Ruiz met his counterpart from Peru, Ana Morales, on Sunday. "
        "Zorba Quillfeather was sworn in on Friday as Chile's new president."
    )
    assert offices(extract(text, "2024-03-04")) == {
        ("Tomas Ruiz", "Minister of Interior", "Chile"),
        ("Ana Morales", "Minister of Interior", "Peru"),
        ("Zorba Quillfeather", "President", "Chile"),
    }


def test_possessive_apposition_with_a_lower_case_monarchic_title() -> None:
    x = extract("Oman's emir, Sheikh Hamad bin Salim Al Rashidi, arrived in Muscat on Monday.", "2024-03-14")
    assert offices(x) == {("Hamad bin Salim Al Rashidi", "Emir", "Oman")}
    person = by_name(x, "Hamad bin Salim Al Rashidi")
    assert "Sheikh Hamad bin Salim Al Rashidi" in person.aliases


def test_a_lower_case_king_elsewhere_is_no_office() -> None:
    x = extract("The king of the hill game was popular, said Paul Adjovi.", "2024-03-14")
    assert offices(x) == set()


def test_single_holder_offices_come_from_the_titles_lexicon() -> None:
    extraction = extract(
        "Kenyan President Ruto Kamau met Deputy Foreign Minister Amina Hassan of Kenya. "
        "Kenyan Foreign Ministry Spokeswoman Akinyi Wanjala and Kenya's former foreign ministry "
        "spokesman, Juma Otieno, attended.",
        published="2021-05-10",
    )
    flags = {
        e.properties["title"]: e.properties.get("single_holder", False)
        for e in extraction.entities
        if e.type == "Office"
    }
    assert flags == {
        "President": True,
        "Deputy Minister of Foreign Affairs": False,
        "Foreign Ministry Spokeswoman": False,
        "Foreign Ministry Spokesman": False,
    }
    former = holds(extraction, "Juma Otieno", "Foreign Ministry Spokesman")
    assert former.properties.get("former") is True and former.valid_to is None
