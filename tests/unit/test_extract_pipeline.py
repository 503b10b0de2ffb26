"""The pipeline core: sentences, document identity, provenance under awkward text, batching."""

from __future__ import annotations

from importers import ids
from importers.readers import SourceDocument
from tests.unit.extraction_support import (
    by_name,
    extract,
    extractor,
    offices,
    seed_body,
    seed_extraction,
)


def test_seed_sentences_are_the_lines_of_the_article() -> None:
    extraction = seed_extraction()
    body = seed_body()
    assert len(extraction.sentences) == 13
    assert [s.index for s in extraction.sentences] == list(range(13))
    fourth = extraction.sentences[3]
    assert fourth.text.startswith("Leftist leader Gustavo Petro was sworn in on Sunday")
    assert fourth.text.endswith("with Venezuela.")
    for sentence in extraction.sentences:
        assert body[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()


def test_seed_document_identity_text_and_exact_provenance() -> None:
    extraction = seed_extraction()
    body = seed_body()
    assert extraction.document.id == ids.document_id(body)
    assert extraction.document.published == "2022-08-09"
    assert extraction.text == body
    assert extraction.check_spans(body) == []
    for relation in extraction.relations:
        assert relation.extractor == "office_rules@1"
        assert 0.0 < relation.confidence <= 1.0


def test_a_line_break_always_ends_a_sentence_and_a_closing_quote_stays_with_its_sentence() -> None:
    text = 'Peru said the talks "went well."\nChile agreed on Monday.\n/// END ACT ///\n'
    extraction = extract(text)
    assert [s.text for s in extraction.sentences] == [
        'Peru said the talks "went well."',
        "Chile agreed on Monday.",
        "/// END ACT ///",
    ]


def test_offsets_survive_crlf_tabs_non_ascii_and_curly_quotes() -> None:
    text = (
        "\tChilean Foreign Minister José Martí-Vega met Peru’s president.\r\n"
        "“We agree,” said Jose Marti-Vega.\r\n\r\n"
        "The 1,234-kilometer (767-mile) border between Chile and Peru is calm.\r\n"
    )
    extraction = extract(text, "2024-05-02")
    assert extraction.check_spans(text) == []
    assert all("\r" not in s.text and "\n" not in s.text for s in extraction.sentences)
    person = by_name(extraction, "José Martí-Vega")
    assert [m.text for m in person.mentions] == ["José Martí-Vega", "Jose Marti-Vega"]
    assert ("José Martí-Vega", "Minister of Foreign Affairs", "Chile") in offices(extraction)
    border = by_name(extraction, "Chile–Peru border")
    assert border.properties["length_km"] == 1234
    assert border.properties["length_mi"] == 767


def test_empty_and_whitespace_bodies_give_empty_extractions() -> None:
    for text in ("", "   \n\t\r\n"):
        extraction = extract(text)
        assert extraction.sentences == []
        assert extraction.entities == []
        assert extraction.relations == []


def test_extract_many_keeps_input_order_and_equals_extract() -> None:
    docs = [
        SourceDocument(body="Peruvian President Ana Morales visited Chile.", path="a"),
        SourceDocument(body="", path="b"),
        SourceDocument(body="Chile's foreign minister, Tomas Ruiz, met his Peruvian counterpart.", path="c"),
    ]
    many = list(extractor().extract_many(docs, batch_size=2))
    assert [x.document.path for x in many] == ["a", "b", "c"]
    for doc, batched in zip(docs, many, strict=True):
        single = extractor().extract(doc)
        assert batched.model_dump() == single.model_dump()


def test_extract_many_in_two_processes_gives_the_same_facts() -> None:
    docs = [SourceDocument(body=seed_body(), published="2022-08-09", path=str(i)) for i in range(3)]
    many = list(extractor().extract_many(docs, batch_size=1, n_process=2))
    assert [x.document.path for x in many] == ["0", "1", "2"]
    single = seed_extraction().model_dump(exclude={"document"})
    assert all(x.model_dump(exclude={"document"}) == single for x in many)


def test_every_id_a_fact_refers_to_is_an_extracted_entity() -> None:
    invented = extract(
        "Analyst Ana Morales says Peru recalled its ambassador to Chile, Tomas Ruiz, on Monday. "
        '"We will talk," said Morales. Chile and Peru share a 100-mile border.',
        "2024-01-10",
    )
    for extraction in (seed_extraction(), invented):
        known = {e.id for e in extraction.entities}
        refs = {r.source for r in extraction.relations} | {r.target for r in extraction.relations}
        refs |= {s.speaker for s in extraction.statements if s.speaker}
        refs |= {a for s in extraction.statements for a in s.about}
        refs |= {p.entity for e in extraction.events for p in e.participants}
        for entity in extraction.entities:
            if entity.type == "Office":
                refs.add(entity.properties["jurisdiction"])
            if entity.type == "Border":
                refs.update(entity.properties["countries"])
        assert refs <= known
