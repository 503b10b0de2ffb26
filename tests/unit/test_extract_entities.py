"""People, countries and organizations: exact names, aliases, ids and mention spans."""

from __future__ import annotations

from importers import ids
from tests.unit.extraction_support import by_name, entities, extract, seed_extraction


def _mention_texts(name: str) -> list[tuple[int, str]]:
    return [(m.sentence, m.text) for m in by_name(seed_extraction(), name).mentions]


def test_seed_people_are_exactly_the_eight_named() -> None:
    names = sorted(e.name for e in entities(seed_extraction(), "Person"))
    assert names == [
        "Alvaro Leyva", "Carlos Faria", "Gustavo Petro", "Ivan Duque", "Ivan Velasquez",
        "Juan Guaido", "Nicolas Maduro", "Vladimir Padrino Lopez",
    ]  # fmt: skip
    for person in entities(seed_extraction(), "Person"):
        assert person.id == ids.person_id(person.name)


def test_seed_surname_after_the_quote_is_the_defense_minister() -> None:
    lopez = by_name(seed_extraction(), "Vladimir Padrino Lopez")
    assert lopez.aliases == ["Lopez"]
    assert _mention_texts("Vladimir Padrino Lopez") == [(1, "Vladimir Padrino Lopez"), (2, "Lopez")]
    said = lopez.mentions[1]
    assert seed_extraction().text is not None
    assert seed_extraction().text[said.start - 5 : said.end] == "said Lopez"


def test_seed_ner_label_mistakes_are_corrected_by_known_surnames() -> None:
    # spaCy tags "Petro" GPE and "Duque"/"Maduro" ORG in places; a known surname is a person.
    assert _mention_texts("Gustavo Petro") == [(3, "Gustavo Petro"), (4, "Petro"), (7, "Petro"), (9, "Petro")]
    assert _mention_texts("Ivan Duque") == [
        (8, "Ivan Duque"),
        (9, "Duque"),
        (10, "Ivan Duque"),
        (11, "Duque"),
    ]
    assert (7, "Maduro") in _mention_texts("Nicolas Maduro")
    assert not [
        e for e in seed_extraction().entities if e.type == "Organization" and e.name in {"Duque", "Maduro"}
    ]


def test_seed_countries_by_iso_code_from_names_and_demonyms() -> None:
    countries = {e.id: e for e in entities(seed_extraction(), "Country")}
    assert sorted(countries) == ["country:COL", "country:VEN"]
    venezuela = countries["country:VEN"]
    assert venezuela.name == "Venezuela"
    assert venezuela.properties == {"iso3": "VEN", "iso2": "VE"}
    assert [m.text for m in venezuela.mentions].count("Venezuelan") == 3
    assert [m.text for m in venezuela.mentions].count("Venezuela") == 4


def test_seed_acronym_is_tied_to_its_expansion_and_the_short_form() -> None:
    fanb = by_name(seed_extraction(), "Bolivarian National Armed Forces")
    assert fanb.type == "Organization"
    assert fanb.id == "org:bolivarian-national-armed-forces"
    assert fanb.aliases == ["FANB", "Armed Forces"]
    assert [(m.sentence, m.text) for m in fanb.mentions] == [
        (2, "FANB"), (2, "Bolivarian National Armed Forces"), (2, "Armed Forces"),
    ]  # fmt: skip


def test_honorifics_are_not_part_of_a_name_and_diacritics_do_not_split_a_person() -> None:
    text = (
        "Bolivian Foreign Minister Tomás Ruiz-Vega arrived on Monday. "
        "Mr. Ruiz-Vega met reporters. Tomas Ruiz-Vega later left."
    )
    people = entities(extract(text), "Person")
    assert [p.name for p in people] == ["Tomás Ruiz-Vega"]
    assert [m.text for m in people[0].mentions] == ["Tomás Ruiz-Vega", "Ruiz-Vega", "Tomas Ruiz-Vega"]


def test_given_names_shared_by_two_people_do_not_merge_them() -> None:
    text = "Maria Lopez met Maria Torres in Lima on Monday. Lopez said Torres would return."
    people = {p.name: [m.text for m in p.mentions] for p in entities(extract(text), "Person")}
    assert people == {"Maria Lopez": ["Maria Lopez", "Lopez"], "Maria Torres": ["Maria Torres", "Torres"]}


def test_a_name_ner_only_caught_later_is_read_in_full_where_it_first_appears() -> None:
    text = "Ana Morales met Ana Torres in Lima. Morales said Torres would return."
    people = {p.name: [m.text for m in p.mentions] for p in entities(extract(text), "Person")}
    assert people["Ana Morales"] == ["Ana Morales", "Morales"]


def test_lexicon_organizations_get_canonical_names_and_aliases() -> None:
    text = "The U.N. and the European Union welcomed the deal, AFP and Reuters reported."
    orgs = {o.name: o for o in entities(extract(text), "Organization")}
    assert sorted(orgs) == ["Agence France-Presse", "European Union", "Reuters", "United Nations"]
    assert "U.N." in orgs["United Nations"].aliases
    assert [m.text for m in orgs["United Nations"].mentions] == ["U.N."]


def test_expansion_before_acronym_and_later_uses_of_the_acronym() -> None:
    text = "The National Electoral Council (CNE) met on Monday. The CNE said results were final."
    org = by_name(extract(text), "National Electoral Council")
    assert org.aliases == ["CNE"]
    assert [m.text for m in org.mentions] == ["National Electoral Council", "CNE", "CNE"]


def test_phrases_that_contain_a_country_name_are_not_the_country() -> None:
    text = "Ships crossed the Indian Ocean toward New Mexico and Latin American ports."
    assert entities(extract(text), "Country") == []


def test_a_capital_stands_for_its_country_only_when_it_acts() -> None:
    acting = extract("Moscow says the sanctions are illegal.")
    assert [(e.id, [m.text for m in e.mentions]) for e in entities(acting, "Country")] == [
        ("country:RUS", ["Moscow"])
    ]
    assert entities(extract("The talks were held in Moscow on Friday."), "Country") == []


def test_common_country_aliases_and_demonyms() -> None:
    text = "The U.S. and Britain joined Azeri and Thai officials; Turkish troops stayed home."
    ids_found = sorted(e.id for e in entities(extract(text), "Country"))
    assert ids_found == ["country:AZE", "country:GBR", "country:THA", "country:TUR", "country:USA"]


def test_descriptors_before_a_name_and_nicknames() -> None:
    text = (
        "Analyst Ana Morales says the deal will hold. "
        "Bolivian President Luis Alberto Pena, known as Lucho, agreed. Lucho spoke briefly."
    )
    people = {p.name: sorted({m.text for m in p.mentions}) for p in entities(extract(text), "Person")}
    assert people == {"Ana Morales": ["Ana Morales"], "Luis Alberto Pena": ["Lucho", "Luis Alberto Pena"]}


def test_a_country_ner_tagged_as_a_person_is_still_a_country() -> None:
    text = "Saint Lucia's Interior Minister Bruno Bergstrom said his government would seek talks."
    assert [e.id for e in entities(extract(text), "Country")] == ["country:LCA"]


def test_a_platform_named_as_the_channel_is_no_organization() -> None:
    x = extract("Kofi Mensah said on Twitter that Ghana would reopen the border.", "2024-03-14")
    assert [e.name for e in entities(x, "Organization")] == []
    assert [s.channel for s in x.statements] == ["Twitter"]
    later = extract("Kofi Mensah said on Twitter that Ghana would reopen it. Twitter then suspended him.")
    assert [e.name for e in entities(later, "Organization")] == ["Twitter"]
