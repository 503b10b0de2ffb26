"""Events: triggers, participants, modality, dates, merging (importers/extract/events.py).

The seed's thirteen events are asserted with their participants, modality and dates; invented
sentences show that the rules are general (sanctions, recalls, troop movements, talks referred back
to as "the meeting", implicit counterparts, negation, split actors, forward-looking dates).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers import ids
from importers.contract import Event, Extraction
from tests.unit.extraction_support import extract, seed_body, seed_extraction


def _facts(extraction: Extraction) -> set[tuple[str, tuple[str, ...], str | None, str]]:
    """(type, sorted participant names, date, modality) of every event."""
    names = {e.id: e.name for e in extraction.entities}
    return {
        (e.type, tuple(sorted(names[p.entity] for p in e.participants)), e.date, e.modality)
        for e in extraction.events
    }


def _one(extraction: Extraction, event_type: str) -> Event:
    found = [e for e in extraction.events if e.type == event_type]
    assert len(found) == 1, [(e.type, [p.entity for p in e.participants]) for e in extraction.events]
    return found[0]


def _roles(event: Event) -> dict[str, str]:
    return {p.entity: p.role for p in event.participants}


# -- the seed ------------------------------------------------------------------------------


def test_seed_military_ties_event_of_publication_day_is_planned() -> None:
    x = seed_extraction()
    event = _one(x, "restore_military_ties")
    assert _roles(event) == {"country:VEN": "actor", "country:COL": "target"}
    assert (event.modality, event.date, event.date_text, event.cameo) == (
        "planned",
        "2022-08-09",
        "Tuesday",
        "062",
    )
    assert [(s.sentence, s.text) for s in event.evidence] == [
        (0, "Tuesday that it plans to reestablish military ties with Colombia")
    ]
    assert event.id == ids.event_id("restore_military_ties", ["country:VEN", "country:COL"], "2022-08-09")
    assert event.extractor == "event_rules@1"


def test_seed_all_events() -> None:
    x = seed_extraction()
    assert _facts(x) == {
        ("restore_military_ties", ("Colombia", "Venezuela"), "2022-08-09", "planned"),
        ("order", ("Nicolas Maduro", "Vladimir Padrino Lopez"), None, "reported"),
        ("take_office", ("Colombia", "Gustavo Petro"), "2022-08-07", "asserted"),
        ("restore_diplomatic_ties", ("Gustavo Petro", "Venezuela"), "2022-08-07", "pledged"),
        ("meeting", ("Alvaro Leyva", "Carlos Faria"), None, "asserted"),
        ("restore_diplomatic_ties", ("Colombia", "Venezuela"), None, "agreed"),
        ("agreement", ("Colombia", "Venezuela"), None, "asserted"),
        ("take_office", ("Colombia", "Ivan Duque"), "2018", "asserted"),
        ("support", ("Colombia", "Juan Guaido"), "2018", "asserted"),
        ("break_diplomatic_ties", ("Colombia", "Nicolas Maduro"), None, "asserted"),
        ("expel", ("Colombia", "Nicolas Maduro"), None, "asserted"),
        ("ban", ("Ivan Duque", "Nicolas Maduro"), None, "asserted"),
        ("not_recognize", ("Ivan Duque", "Nicolas Maduro", "Venezuela"), None, "negated"),
    }


def test_seed_roles_and_unresolvable_date_text() -> None:
    x = seed_extraction()
    order = _one(x, "order")
    assert _roles(order) == {"person:nicolas-maduro": "actor", "person:vladimir-padrino-lopez": "target"}
    meeting = _one(x, "meeting")
    assert (meeting.date, meeting.date_text) == (None, "Days before Petro's inauguration")
    ban = _one(x, "ban")
    assert _roles(ban) == {"person:ivan-duque": "actor", "person:nicolas-maduro": "target"}
    sworn = next(e for e in x.events if e.type == "take_office" and e.date == "2022-08-07")
    assert _roles(sworn) == {"person:gustavo-petro": "actor", "country:COL": "other"}
    expel = _one(x, "expel")
    assert expel.evidence[0].text.endswith("ordered the departure")


def test_seed_event_evidence_is_exact() -> None:
    x = seed_extraction()
    body = seed_body()
    bounds = {s.index: (s.start, s.end) for s in x.sentences}
    for event in x.events:
        assert event.evidence
        for span in event.evidence:
            assert body[span.start : span.end] == span.text
            lo, hi = bounds[span.sentence]
            assert lo <= span.start <= span.end <= hi
        assert event.id == ids.event_id(event.type, [p.entity for p in event.participants], event.date)


# -- invented sentences: the rules generalise ----------------------------------------------


def test_recall_sanctions_and_expulsions() -> None:
    x = extract(
        "Chile recalled its ambassador to Peru on Monday.\n"
        "Brazil imposed sanctions on Venezuela last year.\n"
        "Mexico expelled two Guatemalan diplomats on Wednesday.",
        "2023-03-15",
    )
    assert _facts(x) == {
        ("recall_ambassador", ("Chile", "Peru"), "2023-03-13", "asserted"),
        ("sanction", ("Brazil", "Venezuela"), "2022", "asserted"),
        ("expel", ("Guatemala", "Mexico"), "2023-03-15", "asserted"),
    }
    assert _one(x, "sanction").cameo == "163"


def test_troops_by_demonym_and_noun_triggers_take_the_clause_subject() -> None:
    x = extract("Kenyan troops were deployed to Somalia in 2011.")
    assert _facts(x) == {("deploy_troops", ("Kenya", "Somalia"), "2011", "asserted")}
    x = extract(
        "Chilean and Peruvian troops completed a withdrawal from the hills, after a build-up since May 3.",
        "2023-06-01",
    )
    assert ("withdraw_troops", ("Chile", "Peru"), None, "asserted") in _facts(x)
    assert ("deploy_troops", ("Chile", "Peru"), "2023-05-03", "asserted") in _facts(x)


def test_the_meeting_refers_back_to_the_talks_and_dates_them() -> None:
    x = extract(
        "Foreign Minister Ana Ruiz said she expected progress in her talks with her Bolivian counterpart, "
        "Luis Arce Paz.\n"
        "After the meeting Monday, Ruiz plans to visit Sucre, she said.",
        "2023-03-15",
    )
    meeting = _one(x, "meeting")
    names = {e.id: e.name for e in x.entities}
    assert sorted(names[p.entity] for p in meeting.participants) == ["Ana Ruiz", "Luis Arce Paz"]
    assert meeting.date == "2023-03-13"
    assert sorted(s.sentence for s in meeting.evidence) == [0, 1]


def test_the_two_countries_and_implicit_counterparts() -> None:
    x = extract(
        "Chile and Peru have long disputed their maritime border.\n"
        "The two countries agreed to restore diplomatic ties.\n"
        "Ecuador cut ties with Colombia in 2008.\n"
        "The Chileans cut ties over two years ago."
    )
    facts = _facts(x)
    assert ("restore_diplomatic_ties", ("Chile", "Peru"), None, "agreed") in facts
    assert ("break_diplomatic_ties", ("Colombia", "Ecuador"), "2008", "asserted") in facts
    # No counterpart stated: the other country the text is about.
    chile = next(e for e in x.events if e.type == "break_diplomatic_ties" and e.date is None)
    assert _roles(chile) == {"country:CHL": "actor", "country:COL": "target"}
    assert chile.date_text == "over two years ago"


def test_modality_negation_pledges_and_plans() -> None:
    x = extract(
        "Argentina will not recognize the new government of Bolivia.\n"
        "The new president of Ecuador, Maria Lopez Garcia, vowed to restore diplomatic relations with Cuba.\n"
        "Chilean President Rosa Vidal plans to visit Peru.\n"
        "Paraguay was not able to meet Uruguay."
    )
    facts = _facts(x)
    assert ("not_recognize", ("Argentina", "Bolivia"), None, "negated") in facts
    assert ("restore_diplomatic_ties", ("Cuba", "Maria Lopez Garcia"), None, "pledged") in facts
    assert ("visit", ("Peru", "Rosa Vidal"), None, "planned") in facts
    assert ("meeting", ("Paraguay", "Uruguay"), None, "negated") in facts


def test_agreed_to_something_else_is_an_agreement_and_one_sided_acts_split() -> None:
    x = extract(
        "Chile and Peru agreed to boost trade.\n"
        "Both the United Kingdom and the African Union have welcomed the move.\n"
        "Russia accused Ukraine of shelling the plant."
    )
    facts = _facts(x)
    assert ("agreement", ("Chile", "Peru"), None, "asserted") in facts
    supports = sorted(f[1] for f in facts if f[0] == "support")
    assert supports == [("African Union",), ("United Kingdom",)]
    # The accusation is the event; what it alleges is not asserted.
    assert ("accuse", ("Russia", "Ukraine"), None, "asserted") in facts
    assert not [f for f in facts if f[0] == "attack"]


def test_forward_looking_dates_and_no_publication_date() -> None:
    x = extract("The ministry said the border with Bolivia could reopen by March 1.", "2023-09-01")
    event = _one(x, "reopen_border")
    assert (event.date, event.date_text, event.modality) == ("2024-03-01", "by March 1", "planned")
    x = extract("Chile and Peru signed a trade agreement on Friday.")
    event = _one(x, "agreement")
    assert (event.date, event.date_text) == (None, "on Friday")


def test_no_events_without_participants() -> None:
    assert extract("The talks were long.").events == []
    assert extract("").events == []


def test_more_trigger_shapes() -> None:
    x = extract(
        "Israel launched airstrikes on Syria on Saturday.\n"
        "Pakistan named a new ambassador to India on Monday.\n"
        "Sudan closed its embassy in Kenya.\n"
        "Chile closed its border with Peru in 2019 in solidarity with Bolivia.\n"
        "Peruvian President Ana Ruiz arrived in Lima.",
        "2023-03-15",
    )
    assert _facts(x) == {
        ("attack", ("Israel", "Syria"), "2023-03-11", "asserted"),
        ("appoint", ("India", "Pakistan"), "2023-03-13", "asserted"),
        ("break_diplomatic_ties", ("Kenya", "Sudan"), None, "asserted"),
        ("close_border", ("Chile", "Peru"), "2019", "asserted"),
        ("support", ("Bolivia", "Chile"), "2019", "asserted"),
    }  # and no visit: a president arriving in her own capital is not visiting


EVENT_FRAGMENTS = [
    "Chile", "Peru", "Chilean", "troops", "the two countries", "it", "its", "they", "he", "Ana Ruiz",
    "restored", "cut ties with", "diplomatic relations", "met with", "talks", "the meeting", "signed",
    "an agreement", "will not", "plans to", "pledged to", "agreed to", "recognize", "the border",
    "reopen", "closed", "withdrawal", "build-up", "since July 15", "on Monday", "in 2019", "by March 1",
    "who", "and", ",", ".", "\n", '"',
]  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(EVENT_FRAGMENTS), min_size=1, max_size=30).map(" ".join))
def test_any_event_soup_gives_valid_events(text: str) -> None:
    x = extract(text, "2023-03-15")
    known = {e.id for e in x.entities}
    bounds = {s.index: (s.start, s.end) for s in x.sentences}
    for event in x.events:
        assert event.participants and {p.entity for p in event.participants} <= known
        for span in event.evidence:
            assert text[span.start : span.end] == span.text
            assert bounds[span.sentence][0] <= span.start <= span.end <= bounds[span.sentence][1]


def test_denied_and_refused_events_are_negated() -> None:
    x = extract(
        "Pakistan denied attacking India.\nChile refused to meet Peru.\n"
        "Russia denied that it had attacked Ukraine."
    )
    assert _facts(x) == {
        ("attack", ("India", "Pakistan"), None, "negated"),
        ("meeting", ("Chile", "Peru"), None, "negated"),
        ("attack", ("Russia", "Ukraine"), None, "negated"),
    }


def test_a_conjunct_of_the_reported_clause_continues_the_reporting_verb_and_takes_its_date() -> None:
    for body in (
        "Ghana and Togo declared Monday that their war has ended, and agreed to restore diplomatic and "
        "trade ties.",
        "Ghana and Togo declared Monday that their war has ended and agreed to restore diplomatic and "
        "trade ties.",
    ):
        x = extract(body, "2024-03-14")
        restore = _one(x, "restore_diplomatic_ties")
        names = {e.id: e.name for e in x.entities}
        assert sorted(names[p.entity] for p in restore.participants) == ["Ghana", "Togo"]
        assert restore.date == "2024-03-11"


def test_the_two_leaders_are_the_two_people_last_mentioned() -> None:
    body = (
        "Ghanaian President Kofi Mensah welcomed Togolese President Paul Adjovi in Accra. "
        "The agreement was signed a day after the two leaders met for the first time."
    )
    x = extract(body, "2024-03-14")
    meeting = _one(x, "meeting")
    names = {e.id: e.name for e in x.entities}
    assert sorted(names[p.entity] for p in meeting.participants) == ["Kofi Mensah", "Paul Adjovi"]


def test_announcing_a_nominal_breakthrough_is_an_announce_event_but_reported_speech_is_not() -> None:
    x = extract(
        "Ghanaian Prime Minister Kofi Mensah announced the breakthrough in a televised statement, "
        "saying the war was over.",
        "2024-03-14",
    )
    announce = _one(x, "announce")
    names = {e.id: e.name for e in x.entities}
    assert [(names[p.entity], p.role) for p in announce.participants] == [("Kofi Mensah", "actor")]
    reported = extract("Kofi Mensah announced that the war was over.")
    assert not [e for e in reported.events if e.type == "announce"]
