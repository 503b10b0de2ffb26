"""The evaluation scorer, on hand-made predictions (no NLP): exact counts for each matching rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importers.contract import (
    DocumentMeta,
    Entity,
    Event,
    Extraction,
    Participant,
    Relation,
    Sentence,
    Span,
    Statement,
)
from importers.evaluate import (
    Counts,
    EvalReport,
    Gold,
    country_iso3,
    evaluate_dir,
    fold,
    greedy_match,
    load_gold,
    normalise_event_type,
    normalise_title,
    score_document,
    statement_text_score,
    titles_match,
)
from importers.ids import border_id, country_id, office_id, organization_id, person_id
from importers.readers import SourceDocument

EVAL_DIR = Path(__file__).resolve().parents[3] / "shared" / "eval"  # beside the clone, also in CI
SPAN = Span(sentence=0, start=0, end=1, text="x")


# -- builders for predictions ------------------------------------------------------------------


def person(name: str, *aliases: str) -> Entity:
    return Entity(id=person_id(name), type="Person", name=name, aliases=list(aliases), mentions=[SPAN])


def country(name: str, iso3: str, iso2: str) -> Entity:
    return Entity(id=country_id(iso3), type="Country", name=name, properties={"iso3": iso3, "iso2": iso2})


def org(name: str, *aliases: str) -> Entity:
    return Entity(id=organization_id(name), type="Organization", name=name, aliases=list(aliases))


def office(title: str, jurisdiction: Entity) -> Entity:
    return Entity(
        id=office_id(title, jurisdiction.id),
        type="Office",
        name=title,
        properties={"title": title, "jurisdiction": jurisdiction.id},
    )


def holds(holder: Entity, post: Entity) -> Relation:
    return Relation(
        id=f"rel:{holder.id}>{post.id}",
        type="HOLDS_OFFICE",
        source=holder.id,
        target=post.id,
        evidence=[SPAN],
        confidence=0.9,
        extractor="test",
    )


def border(a: Entity, b: Entity, km: float | None) -> Entity:
    return Entity(
        id=border_id(a.id, b.id),
        type="Border",
        name=f"{a.name}-{b.name}",
        properties={"countries": [a.id, b.id], "length_km": km, "length_mi": None},
    )


def statement(speaker: Entity | None, text: str, kind: str = "indirect") -> Statement:
    return Statement.model_validate(
        {
            "id": f"stmt:{text[:10]}",
            "speaker": speaker.id if speaker else None,
            "text": text,
            "kind": kind,
            "evidence": [SPAN],
            "confidence": 0.8,
            "extractor": "test",
        }
    )


def event(kind: str, *actors: Entity, date: str | None = None) -> Event:
    return Event(
        id=f"event:{kind}:{len(actors)}:{date}",
        type=kind,
        participants=[Participant(entity=a.id, role="actor") for a in actors],
        date=date,
        evidence=[SPAN],
        confidence=0.7,
        extractor="test",
    )


def extraction(
    entities: list[Entity],
    relations: list[Relation] | None = None,
    statements: list[Statement] | None = None,
    events: list[Event] | None = None,
) -> Extraction:
    return Extraction(
        document=DocumentMeta(id="doc:test"),
        sentences=[Sentence(index=0, start=0, end=1, text="x")],
        entities=entities,
        relations=relations or [],
        statements=statements or [],
        events=events or [],
    )


# -- an invented gold annotation ---------------------------------------------------------------

GOLD = Gold.model_validate(
    {
        "document": "invented.md",
        "published": "2031-05-06",
        "people": [
            {
                "name": "Marta Quiroga Ruiz",
                "aliases": ["Quiroga", "Ruiz"],
                "offices": [{"title": "Minister of Defense", "country_or_org": "Peru"}],
            },
            {
                "name": "Tomas Hallberg",
                "aliases": ["Hallberg"],
                "offices": [{"title": "President", "country_or_org": "Chile"}],
            },
            {
                "name": "Ines Valdivia",
                "aliases": [],
                "offices": [{"title": "Foreign Minister", "country_or_org": "Chile"}],
            },
            {"name": "Ottar Lund", "aliases": ["Lund"], "offices": []},
        ],
        "countries": ["Peru", "Chile"],
        "organizations": ["Andean Maritime Council"],
        "organization_aliases": {"Andean Maritime Council": ["AMC"]},
        "borders": [{"between": ["Chile", "Peru"], "length_km": 168}],
        "statements": [
            {
                "speaker": "Marta Quiroga Ruiz",
                "text_starts_with": "We will patrol the coast together",
                "kind": "direct",
            },
            {"speaker": "Chile", "text_starts_with": "the talks had been productive", "kind": "indirect"},
            {"speaker": None, "text_starts_with": "the fishing ban would be lifted", "kind": "indirect"},
        ],
        "events": [
            {
                "type": "meeting",
                "actors": ["Marta Quiroga Ruiz", "Ines Valdivia"],
                "date": "2031-05-04",
                "date_text": "Sunday",
            },
            {"type": "agreement", "actors": ["Peru", "Chile"], "date": None, "date_text": None},
            {
                "type": "take_office",
                "actors": ["Tomas Hallberg", "Chile"],
                "date": "2029",
                "date_text": "in 2029",
            },
        ],
    }
)

PERU = country("Peru", "PER", "PE")
CHILE = country("Chile", "CHL", "CL")
QUIROGA = person("Marta Quiroga Ruiz", "Quiroga", "Ruiz")
HALLBERG = person("Tomas Hallberg", "Hallberg")
VALDIVIA = person("Ines Valdivia")
LUND = person("Ottar Lund", "Lund")
AMC = org("Andean Maritime Council", "AMC")
DEFENSE_PERU = office("Minister of Defense", PERU)
PRESIDENT_CHILE = office("President", CHILE)
FOREIGN_CHILE = office("Minister of Foreign Affairs", CHILE)


def perfect() -> Extraction:
    return extraction(
        [
            PERU,
            CHILE,
            QUIROGA,
            HALLBERG,
            VALDIVIA,
            LUND,
            AMC,
            DEFENSE_PERU,
            PRESIDENT_CHILE,
            FOREIGN_CHILE,
            border(PERU, CHILE, 168.0),
        ],
        [holds(QUIROGA, DEFENSE_PERU), holds(HALLBERG, PRESIDENT_CHILE), holds(VALDIVIA, FOREIGN_CHILE)],
        [
            statement(QUIROGA, "We will patrol the coast together, from the north to the south", "direct"),
            statement(CHILE, "the talks had been productive and would continue"),
            statement(None, "the fishing ban would be lifted in June"),
        ],
        [
            event("meeting", QUIROGA, VALDIVIA, date="2031-05-04"),
            event("agreement", PERU, CHILE),
            event("take_office", HALLBERG, CHILE, date="2029"),
        ],
    )


def counts(result_extraction: Extraction, category: str) -> tuple[int, int, int]:
    c = score_document(GOLD, result_extraction).categories[category].counts
    return c.tp, c.fp, c.fn


# -- whole-document scores ---------------------------------------------------------------------


def test_perfect_prediction_scores_one_everywhere() -> None:
    result = score_document(GOLD, perfect())
    for category, outcome in result.categories.items():
        assert (outcome.counts.precision, outcome.counts.recall, outcome.counts.f1) == (1.0, 1.0, 1.0), (
            category
        )
        assert outcome.misses == [] and outcome.false_positives == [], category
    assert result.micro.tp == 4 + 2 + 3 + 1 + 3 + 3
    assert result.micro.f1 == 1.0
    assert result.informational["organizations"].counts.f1 == 1.0


def test_one_missing_person_gives_exact_recall() -> None:
    pred = perfect()
    pred.entities = [e for e in pred.entities if e.id != LUND.id]
    result = score_document(GOLD, pred).categories["people"]
    assert (result.counts.tp, result.counts.fp, result.counts.fn) == (3, 0, 1)
    assert result.counts.recall == 0.75
    assert result.counts.precision == 1.0
    assert result.counts.f1 == pytest.approx(2 * 0.75 / 1.75)
    assert result.misses == ["Ottar Lund"]


def test_extra_person_is_a_false_positive() -> None:
    pred = perfect()
    pred.entities.append(person("Someone Else"))
    result = score_document(GOLD, pred).categories["people"]
    assert (result.counts.tp, result.counts.fp, result.counts.fn) == (4, 1, 0)
    assert result.counts.precision == 0.8
    assert result.false_positives == ["Someone Else"]


def test_micro_average_sums_counts_over_categories() -> None:
    pred = perfect()
    pred.entities = [e for e in pred.entities if e.id != LUND.id]
    pred.events = pred.events[:2]
    pred.statements.append(statement(HALLBERG, "nothing like any gold statement"))
    micro = score_document(GOLD, pred).micro
    assert (micro.tp, micro.fp, micro.fn) == (14, 1, 2)
    assert micro.precision == pytest.approx(14 / 15)
    assert micro.recall == pytest.approx(14 / 16)


def test_report_totals_add_documents() -> None:
    report = EvalReport([score_document(GOLD, perfect()), score_document(GOLD, extraction([]))])
    people = report.totals()["people"]
    assert (people.tp, people.fp, people.fn) == (4, 0, 4)
    assert report.micro.recall == 0.5
    data = report.as_dict()
    assert data["categories"]["people"]["recall"] == 0.5
    assert data["informational"]["organizations"]["tp"] == 1
    assert len(data["documents"]) == 2


def test_counts_conventions_for_empty_categories() -> None:
    assert (Counts().precision, Counts().recall, Counts().f1) == (1.0, 1.0, 1.0)
    assert Counts(fn=2).f1 == 0.0
    assert Counts(fp=1).precision == 0.0


# -- people and countries ----------------------------------------------------------------------


def test_people_match_folded_aliases_and_near_identical_names() -> None:
    pred = extraction(
        [
            person("Márta Quiroga-Ruíz"),  # diacritics and punctuation fold away
            person("Hallberg"),  # an alias of the gold person
            person("Ines Valdivja"),  # one letter off: near-identical
            person("Otto Lindqvist"),  # someone else
        ]
    )
    result = score_document(GOLD, pred).categories["people"]
    assert (result.counts.tp, result.counts.fp, result.counts.fn) == (3, 1, 1)
    assert result.misses == ["Ottar Lund"]


def test_people_matching_is_one_to_one_and_prefers_the_canonical_name() -> None:
    pred = extraction([person("Quiroga"), person("Marta Quiroga Ruiz")])
    result = score_document(GOLD, pred).categories["people"]
    assert (result.counts.tp, result.counts.fp, result.counts.fn) == (1, 1, 3)
    assert result.matched == [("Marta Quiroga Ruiz", "Marta Quiroga Ruiz")]
    assert result.false_positives == ["Quiroga"]


def test_countries_match_by_iso_code_when_names_differ() -> None:
    gold = Gold.model_validate({"document": "d", "countries": ["Turkey", "United States", "Bolivia"]})
    pred = extraction(
        [
            country("Türkiye", "TUR", "TR"),
            country("America", "USA", "US"),
            country("Bolivia (Plurinational State of)", "BOL", "BO"),
        ]
    )
    result = score_document(gold, pred).categories["countries"]
    assert (result.counts.tp, result.counts.fp, result.counts.fn) == (3, 0, 0)


def test_country_iso_lookup() -> None:
    assert country_iso3("Turkey") == "TUR"
    assert country_iso3("U.S.") == "USA"
    assert country_iso3("South Sudan") == "SSD"
    assert country_iso3("Ivory Coast") == "CIV"
    assert country_iso3("Andean Maritime Council") is None


# -- offices -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "normal"),
    [
        ("Defense Minister", "minister of defense"),
        ("Minister of Defense", "minister of defense"),
        ("Defence Minister", "minister of defense"),
        ("Information Minister", "minister of information"),
        ("Foreign Minister", "minister of foreign affairs"),
        ("Minister of Foreign Affairs", "minister of foreign affairs"),
        ("Deputy Foreign Minister", "deputy minister of foreign affairs"),
        ("Interior Minister", "minister of interior"),
        ("Minister of the Interior", "minister of interior"),
        ("Prime Minister", "prime minister"),
        ("Secretary-General", "secretary general"),
        ("President", "president"),
    ],
)
def test_title_normalisation(title: str, normal: str) -> None:
    assert normalise_title(title) == normal


def test_titles_match_by_containment_either_way() -> None:
    assert titles_match("Foreign Minister", "Minister of Foreign Affairs") == 1.0
    assert titles_match("high commissioner to India", "High Commissioner") == 0.9
    assert titles_match("Spokesman", "Foreign Ministry spokesman") == 0.9
    assert titles_match("President", "Prime Minister") == 0.0
    assert titles_match("King", "Speaking Chair") == 0.0  # words, not letters


def test_office_needs_person_title_and_jurisdiction() -> None:
    defense_chile = office("Defense Minister", CHILE)
    president_chile = office("president", CHILE)
    foreign_chile = office("Foreign Minister", CHILE)
    pred = extraction(
        [PERU, CHILE, QUIROGA, HALLBERG, VALDIVIA, defense_chile, president_chile, foreign_chile],
        [
            holds(QUIROGA, defense_chile),  # right title, wrong jurisdiction: no match
            holds(HALLBERG, president_chile),  # matches (case folds)
            holds(VALDIVIA, foreign_chile),  # "Foreign Minister" = gold "Foreign Minister"
        ],
    )
    result = score_document(GOLD, pred).categories["offices"]
    assert (result.counts.tp, result.counts.fp, result.counts.fn) == (2, 1, 1)
    assert result.misses == ["Marta Quiroga Ruiz | Minister of Defense @ Peru"]
    assert result.false_positives == ["Marta Quiroga Ruiz | Defense Minister @ Chile"]


def test_office_jurisdiction_may_be_an_organization_alias() -> None:
    gold = Gold.model_validate(
        {
            "document": "d",
            "people": [
                {
                    "name": "Ottar Lund",
                    "offices": [{"title": "Chair", "country_or_org": "Andean Maritime Council"}],
                }
            ],
            "organization_aliases": {"Andean Maritime Council": ["AMC"]},
        }
    )
    acronym_only = org("AMC")
    chair = office("Chair", acronym_only)
    result = score_document(gold, extraction([LUND, acronym_only, chair], [holds(LUND, chair)]))
    assert result.categories["offices"].counts.tp == 1


# -- borders -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("km", "tp"), [(168.0, 1), (169.6, 1), (170.0, 0), (None, 0)])
def test_border_length_within_one_percent(km: float | None, tp: int) -> None:
    pred = extraction([PERU, CHILE, border(CHILE, PERU, km)])
    assert counts(pred, "borders")[0] == tp


def test_border_without_gold_length_matches_any_length() -> None:
    gold = Gold.model_validate(
        {"document": "d", "borders": [{"between": ["Peru", "Chile"], "length_km": None}]}
    )
    pred = extraction([PERU, CHILE, border(PERU, CHILE, 9999.0)])
    assert score_document(gold, pred).categories["borders"].counts.tp == 1
    other = country("Bolivia", "BOL", "BO")
    wrong_pair = extraction([PERU, other, border(PERU, other, None)])
    assert score_document(gold, wrong_pair).categories["borders"].counts.fp == 1


# -- statements --------------------------------------------------------------------------------


def test_statement_opening_words_after_quotes_and_that() -> None:
    assert (
        statement_text_score("the talks had been productive", "that the talks had been productive, he said")
        == 1.0
    )
    assert (
        statement_text_score('he was "optimistic" the talks', "he was optimistic the talks would end") == 1.0
    )
    assert statement_text_score("We will patrol the coast", "“We will patrol the coast,”") == 1.0
    assert 0.8 < statement_text_score("the talks had been productive", "the talk had been productive") < 1.0
    assert (
        statement_text_score("the talks had been productive", "officials said the talks had been productive")
        == 0.0
    )
    assert statement_text_score("the talks had been productive", "the talks") == 0.0


def test_statement_speaker_must_match_when_gold_names_one() -> None:
    pred = extraction(
        [PERU, CHILE, QUIROGA, HALLBERG],
        statements=[
            statement(HALLBERG, "We will patrol the coast together"),  # wrong speaker
            statement(CHILE, "that the talks had been productive"),  # country speaker, leading "that"
            statement(PERU, "the fishing ban would be lifted"),  # gold speaker is null: any speaker
        ],
    )
    result = score_document(GOLD, pred).categories["statements"]
    assert (result.counts.tp, result.counts.fp, result.counts.fn) == (2, 1, 1)
    assert result.misses == ["Marta Quiroga Ruiz: 'We will patrol the coast together'"]


def test_statement_speaker_by_alias_of_the_gold_person() -> None:
    surname = person("Quiroga")
    pred = extraction([surname], statements=[statement(surname, "We will patrol the coast together now")])
    assert counts(pred, "statements") == (1, 0, 2)


# -- events ------------------------------------------------------------------------------------


def test_event_type_synonyms() -> None:
    assert normalise_event_type("meet") == "meeting"
    assert normalise_event_type("Meeting") == "meeting"
    assert normalise_event_type("restore diplomatic relations") == "restore_diplomatic_ties"
    assert normalise_event_type("ban") == "ban"


def test_events_need_type_all_actors_and_compatible_date() -> None:
    pred = extraction(
        [PERU, CHILE, QUIROGA, HALLBERG, VALDIVIA],
        events=[
            # Extra participant, prefix date. (A predicted type is a contract event type since the
            # contract validates it against importers/vocabulary.yaml; synonyms are for gold files.)
            event("meeting", QUIROGA, VALDIVIA, PERU, date="2031-05"),
            event("agreement", PERU),  # an actor missing
            event("take_office", HALLBERG, CHILE),  # gold has a date, prediction none
        ],
    )
    result = score_document(GOLD, pred).categories["events"]
    assert (result.counts.tp, result.counts.fp, result.counts.fn) == (1, 2, 2)
    assert result.misses == ["agreement(Peru, Chile)", "take_office(Tomas Hallberg, Chile) 2029"]


def test_event_date_must_agree_when_given() -> None:
    wrong_day = extraction([HALLBERG, CHILE], events=[event("take_office", HALLBERG, CHILE, date="2030")])
    assert counts(wrong_day, "events") == (0, 1, 3)
    more_precise = extraction(
        [HALLBERG, CHILE], events=[event("take_office", HALLBERG, CHILE, date="2029-03-11")]
    )
    assert counts(more_precise, "events") == (1, 0, 2)


def test_greedy_matching_assigns_best_pairs_first() -> None:
    gold = Gold.model_validate(
        {
            "document": "d",
            "events": [
                {"type": "restore_diplomatic_ties", "actors": ["Peru", "Chile"], "date": None},
                {"type": "restore_diplomatic_ties", "actors": ["Peru", "Chile"], "date": "2031-05-04"},
            ],
        }
    )
    pred = extraction(
        [PERU, CHILE],
        events=[
            event("restore_diplomatic_ties", PERU, CHILE, date="2031-05-04"),
            event("restore_diplomatic_ties", PERU, CHILE),
        ],
    )
    result = score_document(gold, pred).categories["events"]
    assert (result.counts.tp, result.counts.fp, result.counts.fn) == (2, 0, 0)


def test_greedy_match_is_one_to_one() -> None:
    pairs = greedy_match(["a", "b"], ["a", "a", "b"], lambda g, p: 1.0 if g == p else 0.0)
    assert pairs == [(0, 0), (1, 2)]


def test_fold() -> None:
    assert fold("Nicolás  Maduro") == "nicolas maduro"
    assert fold("U.N.") == "un"
    assert fold("V-O-A") == "voa"
    assert fold("Ki-moon") == "ki moon"


# -- running over a folder ---------------------------------------------------------------------


def test_evaluate_dir_reads_documents_and_uses_gold_publication_date(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Some text about Peru.\n", encoding="utf-8")
    (tmp_path / "a.gold.json").write_text(
        json.dumps({"document": "a.md", "published": "2031-05-06", "countries": ["Peru"]}), encoding="utf-8"
    )
    (tmp_path / "b.gold.json").write_text(json.dumps({"document": "missing.md"}), encoding="utf-8")
    (tmp_path / "c.gold.json").write_text("{not json", encoding="utf-8")
    seen: list[SourceDocument] = []

    def fake_extract(document: SourceDocument) -> Extraction:
        seen.append(document)
        return extraction([PERU])

    report = evaluate_dir(tmp_path, fake_extract)
    assert [d.body for d in seen] == ["Some text about Peru.\n"]
    assert seen[0].published == "2031-05-06"
    assert report.micro.f1 == 1.0
    errors = [d.error for d in report.failed]
    assert len(errors) == 2
    assert errors[0] is not None and "missing.md" in errors[0] and "not found" in errors[0]
    assert errors[1] is not None and "c.gold.json:1: invalid JSON" in errors[1]


def _perfect_from_gold(gold: Gold) -> Extraction:
    """The prediction a flawless extractor would make, built from the gold annotation itself."""
    entities: dict[str, Entity] = {}
    relations: list[Relation] = []

    def named(name: str) -> Entity:
        iso = country_iso3(name)
        if iso is not None:
            import pycountry

            c = pycountry.countries.get(alpha_3=iso)
            entity = country(name, iso, str(c.alpha_2))
        elif any(p.name == name for p in gold.people):
            p = next(p for p in gold.people if p.name == name)
            entity = person(p.name, *p.aliases)
        else:
            entity = org(name, *gold.organization_aliases.get(name, []))
        return entities.setdefault(entity.id, entity)

    for p in gold.people:
        holder = named(p.name)
        for o in p.offices:
            post = office(o.title, named(o.country_or_org))
            entities[post.id] = post
            relations.append(holds(holder, post))
    for c in gold.countries:
        named(c)
    for b in gold.borders:
        edge = border(named(b.between[0]), named(b.between[1]), b.length_km)
        entities[edge.id] = edge
    statements = [
        statement(named(s.speaker) if s.speaker else None, s.text_starts_with + " and more")
        for s in gold.statements
    ]
    events = [event(e.type, *(named(a) for a in e.actors), date=e.date) for e in gold.events]
    return extraction(list(entities.values()), relations, statements, events)


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="the shared evaluation corpus is not on this machine")
def test_every_shared_gold_file_scores_one_against_itself() -> None:
    files = sorted(EVAL_DIR.rglob("*.gold.json"))
    assert files
    for path in files:
        gold = load_gold(path)
        result = score_document(gold, _perfect_from_gold(gold))
        for category, outcome in result.categories.items():
            assert outcome.counts.f1 == 1.0, (path.name, category, outcome.misses, outcome.false_positives)
