"""Statements: direct quotes, indirect speech, speakers, channels, evidence (importers/extract/statements.py).

The seed's statements are asserted one by one with exact texts and spans; small invented sentences
show that each rule is general (speaker after or before a quote, quotes over several sentences,
pronoun and relative-clause speakers, unnamed groups, countries as speakers, channels).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers import ids
from importers.contract import Extraction, Statement
from tests.unit.extraction_support import extract, seed_body, seed_extraction


def _by_start(extraction: Extraction, opening: str) -> Statement:
    found = [s for s in extraction.statements if s.text.startswith(opening)]
    assert len(found) == 1, [s.text for s in extraction.statements]
    return found[0]


def _speaker_name(extraction: Extraction, statement: Statement) -> str | None:
    index = {e.id: e.name for e in extraction.entities}
    return index.get(statement.speaker) if statement.speaker else None


def _assert_exact(extraction: Extraction, body: str) -> None:
    bounds = {s.index: (s.start, s.end) for s in extraction.sentences}
    for statement in extraction.statements:
        assert statement.evidence
        for span in statement.evidence:
            assert body[span.start : span.end] == span.text
            lo, hi = bounds[span.sentence]
            assert lo <= span.start <= span.end <= hi
        assert statement.id == ids.statement_id(statement.speaker, statement.text)
        assert statement.extractor == "statement_rules@1"


# -- the seed ------------------------------------------------------------------------------


def test_seed_duque_direct_quote_over_two_sentences() -> None:
    x = seed_extraction()
    duque = _by_start(x, "Ivan Duque, president of Colombia, does not recognize")
    assert duque.kind == "direct"
    assert duque.speaker == "person:ivan-duque"
    assert duque.text == (
        "Ivan Duque, president of Colombia, does not recognize Nicolas Maduro as the legitimate president "
        "of Venezuela. This means that as long as I am president, Nicolas Maduro will not enter Colombian "
        "territory"
    )
    assert [(e.sentence, e.text) for e in duque.evidence] == [
        (10, "Ivan Duque, president of Colombia, does not recognize Nicolas Maduro as the legitimate "
             "president of Venezuela."),
        (11, 'This means that as long as I am president, Nicolas Maduro will not enter Colombian '
             'territory," said Duque'),
    ]  # fmt: skip
    assert {"person:nicolas-maduro", "country:VEN", "country:COL"} <= set(duque.about)


def test_seed_defense_minister_quote_with_speaker_after_and_twitter_channel() -> None:
    x = seed_extraction()
    quote = _by_start(x, "I have received instructions from the commander in chief")
    assert quote.kind == "direct"
    assert _speaker_name(x, quote) == "Vladimir Padrino Lopez"
    assert quote.channel == "Twitter"
    assert quote.text.endswith("to restore our military relations")
    assert [e.sentence for e in quote.evidence] == [2]
    assert quote.evidence[0].text.endswith('military relations," said Lopez')
    assert "person:nicolas-maduro" in quote.about


def test_seed_partial_quote_before_said_is_direct_with_joint_statement_channel() -> None:
    x = seed_extraction()
    quote = _by_start(x, "ratified their willingness to consolidate the bonds")
    assert quote.kind == "direct"
    assert _speaker_name(x, quote) == "Alvaro Leyva"
    assert quote.channel == "joint statement"
    assert quote.text.endswith("for the benefit of the happiness of our people")


def test_seed_indirect_statements_with_reported_content() -> None:
    x = seed_extraction()
    expected = {
        "President Nicolas Maduro had ordered him to immediately establish contact with Colombian "
        "Defense Minister Ivan Velasquez for this purpose": "Vladimir Padrino Lopez",
        "the two nations had agreed to reestablish diplomatic ties": "Carlos Faria",
        "his government would seek to reestablish channels of communication with Maduro, a move that "
        "represented a turning point in the countries' bilateral relations": "Gustavo Petro",
    }
    for text, speaker in expected.items():
        statement = _by_start(x, text)
        assert statement.text == text
        assert statement.kind == "indirect"
        assert _speaker_name(x, statement) == speaker
    faria = _by_start(x, "the two nations had agreed")
    assert [(e.sentence, e.text) for e in faria.evidence] == [
        (4, "who announced that the two nations had agreed to reestablish diplomatic ties")
    ]


def test_seed_statement_dates_and_exact_spans() -> None:
    x = seed_extraction()
    _assert_exact(x, seed_body())
    # "Venezuela announced Tuesday that ...": a country's statement, dated by the publication date.
    venezuela = _by_start(x, "it plans to reestablish military ties with Colombia")
    assert venezuela.speaker == "country:VEN"
    assert venezuela.date == "2022-08-09"
    assert len(x.statements) == 7


# -- invented sentences: the rules generalise ----------------------------------------------


def test_speaker_after_quote_with_told_reporters() -> None:
    text = '"We will not accept any interference," Foreign Minister Ana Ruiz told reporters in Lima.'
    x = extract(text)
    [s] = x.statements
    assert (s.kind, s.text, _speaker_name(x, s)) == (
        "direct",
        "We will not accept any interference",
        "Ana Ruiz",
    )
    assert s.evidence[0].start == 1
    _assert_exact(x, text)


def test_speaker_before_quote_with_colon() -> None:
    text = 'President John Smith said: "The border will remain closed until further notice."'
    x = extract(text)
    [s] = x.statements
    assert (s.kind, s.text, _speaker_name(x, s)) == (
        "direct",
        "The border will remain closed until further notice",
        "John Smith",
    )


def test_pronoun_speaker_and_continued_quote() -> None:
    text = (
        "Egyptian President Omar Hassan arrived in Khartoum on Sunday.\n"
        '"We are ready to talk," he said. "But we will defend our rights."'
    )
    x = extract(text)
    first = _by_start(x, "We are ready to talk")
    second = _by_start(x, "But we will defend our rights")
    assert _speaker_name(x, first) == "Omar Hassan"
    assert _speaker_name(x, second) == "Omar Hassan"
    assert first.kind == second.kind == "direct"
    _assert_exact(x, text)


def test_partial_quote_inside_indirect_speech_is_not_a_direct_statement() -> None:
    text = 'Chilean President Rosa Vidal said the plan is "a real step forward" for the region.'
    x = extract(text)
    [s] = x.statements
    assert s.kind == "indirect"
    assert s.text == 'the plan is "a real step forward" for the region'
    assert _speaker_name(x, s) == "Rosa Vidal"


def test_unnamed_group_and_country_speakers() -> None:
    x = extract("Officials say the talks will resume next week.")
    [s] = x.statements
    assert (s.speaker, s.text) == (None, "the talks will resume next week")
    x = extract("Chile says that its border with Peru could reopen soon.")
    [s] = x.statements
    assert (s.speaker, s.text) == ("country:CHL", "its border with Peru could reopen soon")


def test_relative_clause_speaker_and_fronted_time_phrase() -> None:
    text = (
        "The minister met with his Bolivian counterpart Luis Arce Paz, who announced that the two "
        "countries would resume talks.\n"
        "After the meeting Monday, Arce Paz plans to visit Lima, he said."
    )
    x = extract(text, "2023-03-15")
    announced = _by_start(x, "the two countries would resume talks")
    assert _speaker_name(x, announced) == "Luis Arce Paz"
    plans = _by_start(x, "Arce Paz plans to visit Lima")
    assert plans.text == "Arce Paz plans to visit Lima"
    assert _speaker_name(x, plans) == "Luis Arce Paz"


def test_joint_statement_saying_has_a_channel_and_no_single_speaker() -> None:
    text = "On Monday, Chile and Peru issued a joint statement saying they will begin talks on the border."
    x = extract(text, "2023-03-15")
    [s] = x.statements
    assert s.speaker is None
    assert s.channel == "joint statement"
    assert s.text == "they will begin talks on the border"


def test_speech_acts_whose_content_is_their_complement() -> None:
    text = (
        "U.N. Secretary-General Maria Lind urged the countries to respect the ceasefire.\n"
        "Russia accuses Ukraine of shelling the plant.\n"
        "Both Chile and Peru expressed hope for a quick agreement."
    )
    x = extract(text)
    urged = _by_start(x, "urged the countries to respect the ceasefire")
    assert _speaker_name(x, urged) == "Maria Lind"
    accuses = _by_start(x, "accuses Ukraine of shelling the plant")
    assert accuses.speaker == "country:RUS"
    hope = _by_start(x, "expressed hope for a quick agreement")
    assert hope.speaker is None  # two speakers: no single one


def test_according_to_and_statement_channel_with_outlet() -> None:
    x = extract("According to the Peruvian army, 20 soldiers were wounded.")
    [s] = x.statements
    assert (s.text, s.speaker) == ("20 soldiers were wounded", "country:PER")
    text = (
        "In an interview with Chile's TVN television Tuesday, Foreign Minister Ana Ruiz said that "
        "talks would resume."
    )
    x = extract(text, "2023-03-15")
    [s] = x.statements
    assert (s.channel, s.date, s.text) == ("TVN television", "2023-03-14", "talks would resume")


def test_said_in_a_statement_that() -> None:
    x = extract("The Peruvian Foreign Ministry said in a statement that it had recalled its ambassador.")
    [s] = x.statements
    assert (s.channel, s.text) == ("statement", "it had recalled its ambassador")
    # The ministry when the entity stage knows it as an organization, else the country it speaks for.
    assert _speaker_name(x, s) in {"Peruvian Foreign Ministry", "Peru"}


def test_actuality_block_of_a_radio_script() -> None:
    text = (
        "Rosa Vidal, an analyst in Lima, says the talks matter.\n"
        "/// VIDAL ACT ///\n"
        "They are overdue. But they are welcome.\n"
        "/// END ACT ///\n"
    )
    x = extract(text)
    quote = _by_start(x, "They are overdue")
    assert quote.kind == "direct"
    assert quote.text == "They are overdue. But they are welcome"
    assert _speaker_name(x, quote) == "Rosa Vidal"
    assert len(quote.evidence) >= 1
    _assert_exact(x, text)


def test_no_statements_in_plain_narration() -> None:
    assert extract("Troops crossed the river at dawn.").statements == []
    assert extract("   \n  ").statements == []


def test_parenthetical_attribution_and_adding_that() -> None:
    text = (
        "Peruvian President Ana Ruiz arrived in Lima.\n"
        "The talks, she said, were productive.\n"
        "Ruiz said the deal was fair, adding that it would be signed soon."
    )
    x = extract(text)
    aside = _by_start(x, "The talks, she said, were productive")
    assert _speaker_name(x, aside) == "Ana Ruiz"
    assert _speaker_name(x, _by_start(x, "the deal was fair")) == "Ana Ruiz"
    assert _speaker_name(x, _by_start(x, "it would be signed soon")) == "Ana Ruiz"
    _assert_exact(x, text)


QUOTE_FRAGMENTS = [
    '"', "\u201c", "\u201d", ",", ".", ":", "\n", "\n\n", " ", "said", "told reporters", "he said",
    "she added",
    "Officials say", "according to", "Chile", "Peruvian", "Ana Ruiz", "the minister", "that", "urged",
    "accuses", "denied", "/// RUIZ ACT ///", "/// END ACT ///", "in a statement", "on Twitter", "Monday",
    "who announced that", "the two countries", "it", "they", "We will not", "talks would resume",
]  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(QUOTE_FRAGMENTS), min_size=1, max_size=30).map(" ".join))
def test_any_quote_soup_gives_exact_statements(text: str) -> None:
    x = extract(text, "2023-03-15")
    _assert_exact(x, text)
    for statement in x.statements:
        assert statement.text.strip()
        assert statement.text in text


def test_quote_over_paragraphs_and_date_after_said() -> None:
    text = (
        "Chilean President Rosa Vidal said Tuesday her government would seek talks with Peru.\n"
        '"We will not back down," Vidal said. "Our people have suffered enough.\n'
        '"We demand justice."\n'
        "Speaking to VOA, Health Minister Lina Osei said the outbreak was under control."
    )
    x = extract(text, "2023-03-15")
    seek = _by_start(x, "her government would seek talks with Peru")
    assert seek.date == "2023-03-14"
    for opening in ("We will not back down", "Our people have suffered enough", "We demand justice"):
        quote = _by_start(x, opening)
        assert (quote.kind, _speaker_name(x, quote)) == ("direct", "Rosa Vidal")
    assert _by_start(x, "the outbreak was under control").channel == "VOA"
    _assert_exact(x, text)


def test_the_minister_refers_back_to_the_office_holder() -> None:
    text = (
        "Chilean Foreign Minister Ana Ruiz arrived in Lima on Monday.\n"
        '"We are ready to talk," the foreign minister said.\n'
        "The Chilean president, Luis Mora, said the talks were important.\n"
        '"This is our chance," the president told reporters.'
    )
    x = extract(text)
    assert _speaker_name(x, _by_start(x, "We are ready to talk")) == "Ana Ruiz"
    assert _speaker_name(x, _by_start(x, "This is our chance")) == "Luis Mora"


def test_quote_in_a_describing_sentence_belongs_to_its_subject_not_the_next_speaker() -> None:
    body = (
        'Ruritanian Foreign Minister Taro Vensk called the deal "a victory for dialogue and peace." '
        "Palace spokesman Mark Delby said the kingdom supports the agreement."
    )
    x = extract(body, "2024-03-11")
    quoted = [s for s in x.statements if "a victory for dialogue" in s.text]
    assert len(quoted) == 1, [(s.kind, s.text) for s in x.statements]
    assert quoted[0].kind == "direct"
    assert quoted[0].text == "a victory for dialogue and peace"
    assert _speaker_name(x, quoted[0]) == "Taro Vensk"
    _assert_exact(x, body)


def test_what_the_speakers_then_did_is_not_part_of_what_they_declared() -> None:
    body = "Ghana and Togo declared Monday that their war has ended, and agreed to restore trade."
    x = extract(body, "2024-03-14")
    assert [(s.kind, s.text) for s in x.statements] == [("indirect", "their war has ended")]
    _assert_exact(x, body)


def test_a_sentence_final_quote_still_takes_a_bare_attribution_that_follows() -> None:
    x = extract('Mark Delby spoke in Accra. "We will never give up!" he said.')
    assert [(s.kind, s.text, _speaker_name(x, s)) for s in x.statements] == [
        ("direct", "We will never give up!", "Mark Delby")
    ]
    y = extract('The deal was "a victory for peace." Mark Delby said the kingdom supports it.')
    assert [(s.kind, s.text) for s in y.statements] == [("indirect", "the kingdom supports it")]


def test_a_denial_keeps_its_verb() -> None:
    """A rejecting reporting verb ('denied', 'denies that') starts the statement: the content alone
    would read as the speaker's own claim (user trial: a denial was shown as an assertion)."""
    text = (
        "Kenyan President Uhuru Kenyatta denied his government is supporting rebels in Somalia. "
        "The Ethiopian foreign ministry denies that its troops crossed the border. "
        "Kenyan President Uhuru Kenyatta said his government is supporting peace talks."
    )
    x = extract(text)
    _assert_exact(x, text)
    denied = _by_start(x, "denied his government")
    assert denied.text == "denied his government is supporting rebels in Somalia"
    assert _speaker_name(x, denied) == "Uhuru Kenyatta"
    assert _by_start(x, "denies that").text == "denies that its troops crossed the border"
    # An ordinary reporting verb still gives the content alone.
    plain = _by_start(x, "his government is supporting peace")
    assert plain.text == "his government is supporting peace talks"
