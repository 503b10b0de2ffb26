"""Row building for the loader (no database): validation, ids, evidence, merging across documents."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from bench.synth_extractions import generate_extractions
from importers import ids
from importers.contract import DocumentMeta, Entity, Extraction, Relation, Sentence, Span, Statement
from importers.extract_pool import ExtractionFailure, extract_chunk, where
from importers.graph_checksum import _line
from importers.graph_schema import (
    ENTITY_LABELS,
    FACT_RELATIONSHIPS,
    RELATION_TYPES,
    NodeLabel,
    RelType,
)
from importers.load_rows import (
    DocumentRejectedError,
    about_id,
    combine,
    document_rows,
    document_tree,
    evidence_id,
    said_id,
    validate,
)
from importers.loader import _deduplicate
from importers.readers import SourceDocument

LOAD_DIR = Path(__file__).resolve().parents[2] / "cypher" / "load"


def _doc(body: str, *, url: str | None = None, path: str | None = None, **parts: object) -> Extraction:
    """A one-person, one-office extraction of `body` (which must name 'Ana Ruiz' as 'Minister')."""
    sentences = []
    start = 0
    for index, line in enumerate(body.split("\n")):
        sentences.append(Sentence(index=index, start=start, end=start + len(line), text=line))
        start += len(line) + 1

    def span(text: str, sentence: int = 0) -> Span:
        at = body.index(text)
        return Span(sentence=sentence, start=at, end=at + len(text), text=text)

    country = Entity(
        id="country:XAA", type="Country", name="Aland", properties={"iso3": "XAA"}, mentions=[span("Aland")]
    )
    office_id = ids.office_id("Minister", country.id)
    office = Entity(
        id=office_id,
        type="Office",
        name="Minister of Aland",
        properties={"title": "Minister", "jurisdiction": country.id},
        mentions=[span("Minister")],
    )
    person = Entity(
        id=ids.person_id("Ana Ruiz"),
        type="Person",
        name="Ana Ruiz",
        aliases=list(parts.get("aliases", ["Ruiz"])),  # type: ignore[call-overload]
        mentions=[span("Ana Ruiz")],
    )
    rel = Relation(
        id=ids.relation_id("HOLDS_OFFICE", person.id, office_id),
        type="HOLDS_OFFICE",
        source=person.id,
        target=office_id,
        valid_from=parts.get("valid_from"),  # type: ignore[arg-type]
        evidence=[Span(sentence=0, start=0, end=sentences[0].end, text=sentences[0].text)],
        confidence=0.9,
        extractor="test/1",
    )
    return Extraction(
        document=DocumentMeta(id=ids.document_id(body), title="t", url=url, path=path),
        text=body,
        sentences=sentences,
        entities=[country, office, person],
        relations=[rel],
    )


BODY = "Aland Minister Ana Ruiz spoke.\nShe left."


def test_synthetic_corpus_is_valid_and_deterministic() -> None:
    corpus = generate_extractions(40, seed=3)
    assert [validate(e) for e in corpus] == [[]] * 40
    assert corpus == generate_extractions(40, seed=3)
    assert len({e.document.id for e in corpus}) == 40


def test_document_rows_cover_every_span_once() -> None:
    rows = document_rows(_doc(BODY))
    assert rows.facts == 1
    assert [s["id"] for s in rows.sentences] == [f"{rows.doc_id}#0", f"{rows.doc_id}#1"]
    kinds = sorted((e["fact_kind"], e["fact_type"]) for e in rows.evidence)
    # three mentions, the HOLDS_OFFICE sentence, and OFFICE_OF cited by the office's mention
    assert kinds == [
        ("mention", "Country"),
        ("mention", "Office"),
        ("mention", "Person"),
        ("relationship", "HOLDS_OFFICE"),
        ("relationship", "OFFICE_OF"),
    ]
    for ev in rows.evidence:
        assert BODY[ev["start"] : ev["end"]] == ev["text"]
        assert ev["credibility"] == 6  # never invented
        assert ev["id"] == evidence_id(ev["fact_id"], rows.doc_id, ev["start"], ev["end"])
    office_of = [r for r in rows.fact_relations if r["type"] == "OFFICE_OF"]
    assert [(r["source"], r["target"]) for r in office_of] == [
        (ids.office_id("Minister", "country:XAA"), "country:XAA")
    ]
    assert rows.document["reliability"] == "F"


def test_same_fact_in_two_documents_same_fact_id_different_evidence() -> None:
    a = document_rows(_doc(BODY))
    b = document_rows(_doc(BODY + "\nA third line."))
    assert a.doc_id != b.doc_id
    fact_a = {r["id"] for r in a.fact_relations}
    assert fact_a == {r["id"] for r in b.fact_relations}
    assert not {e["id"] for e in a.evidence} & {e["id"] for e in b.evidence}


def test_rejects_spans_that_do_not_reproduce_the_text() -> None:
    bad = _doc(BODY)
    bad.entities[2].mentions[0] = Span(sentence=0, start=15, end=23, text="Ana Ruix")
    with pytest.raises(DocumentRejectedError, match=r"'Ana Ruix' \[15:23\] does not match the text"):
        document_rows(bad)


def test_rejects_missing_text_wrong_id_and_dangling_references() -> None:
    no_text = _doc(BODY).model_copy(update={"text": None})
    assert validate(no_text) == [
        "extraction has no body text (Extraction.text), so its spans cannot be verified"
    ]
    wrong_id = _doc(BODY)
    wrong_id.document.id = "doc:0000"
    assert "is not the hash of its text" in validate(wrong_id)[0]
    dangling = _doc(BODY)
    dangling.relations[0].target = "office:nowhere"
    assert validate(dangling) == [
        f"relation {dangling.relations[0].id!r} refers to unknown entity 'office:nowhere'"
    ]
    with pytest.raises(DocumentRejectedError) as info:
        document_rows(dangling)
    assert info.value.where == dangling.document.id
    assert "1 problem(s)" in str(info.value)


def test_statement_links_carry_their_own_evidence() -> None:
    doc = _doc(BODY)
    person = doc.entities[2].id
    quote = Span(sentence=1, start=BODY.index("She left."), end=len(BODY), text="She left.")
    st = Statement(
        id=ids.statement_id(person, "She left."),
        speaker=person,
        text="She left.",
        kind="direct",
        about=["country:XAA"],
        evidence=[quote],
        confidence=0.5,
        extractor="test/1",
    )
    doc.statements.append(st)
    rows = document_rows(doc)
    links = {(r["type"], r["id"]) for r in rows.statement_links}
    assert links == {("SAID", said_id(person, st.id)), ("ABOUT", about_id(st.id, "country:XAA"))}
    cited = {e["fact_id"] for e in rows.evidence if e["start"] == quote.start}
    assert cited == {st.id, said_id(person, st.id), about_id(st.id, "country:XAA")}
    assert rows.facts == 2


def test_combine_merges_entities_smallest_value_wins_and_aliases_unite() -> None:
    first = document_rows(_doc(BODY, aliases=["Ruiz"]))
    second = document_rows(_doc(BODY + "\nMore.", aliases=["A. Ruiz"], valid_from="2020"))
    batch = combine([first, second])
    person = next(e for e in batch.entities if e["label"] == "Person")
    assert person["aliases"] == ["A. Ruiz", "Ruiz"]
    holds = next(r for r in batch.fact_relations if r["type"] == "HOLDS_OFFICE")
    assert holds["valid_from"] == "2020"  # the first document had none: the second's fills it
    third = document_rows(_doc(BODY + "\nLater.", valid_from="2019-05"))
    for order in ([first, second, third], [third, second, first]):
        holds = next(r for r in combine(order).fact_relations if r["type"] == "HOLDS_OFFICE")
        assert holds["valid_from"] == "2019-05"  # the earliest, whatever the order
    assert [e["id"] for e in batch.entities] == sorted(e["id"] for e in batch.entities)
    assert len(batch.documents) == 2


def test_document_tree_nests_evidence_under_its_sentence() -> None:
    rows = document_rows(_doc(BODY))
    tree = document_tree(rows)
    assert [s["index"] for s in tree["sentences"]] == [0, 1]
    first, second = tree["sentences"]
    assert [len(first[k]) for k in ("mention_evidence", "statement_evidence", "event_evidence")] == [3, 0, 0]
    assert sorted(e["fact_type"] for e in first["fact_evidence"]) == ["HOLDS_OFFICE", "OFFICE_OF"]
    assert [second[k] for k in ("mention_evidence", "fact_evidence")] == [[], []]


def test_deduplicate_keeps_one_text_and_the_last_version_of_a_source() -> None:
    v1 = document_rows(_doc(BODY, url="https://example.org/a"))
    v2 = document_rows(_doc(BODY + "\nUpdated.", url="https://example.org/a"))
    other = document_rows(_doc(BODY + "\nOther.", path="b.md"))
    kept, dropped = _deduplicate([v1, other, v2, v1])
    assert [d.doc_id for d in kept] == [other.doc_id, v2.doc_id]
    assert sorted(dropped) == sorted([v1.doc_id, v1.doc_id])


def test_checksum_lines_ignore_system_time() -> None:
    a = _line("node", ["Person"], {"id": "p", "first_seen": 1, "last_seen": 2, "name": "x"})
    b = _line("node", ["Person"], {"name": "x", "id": "p", "first_seen": 5})
    assert a == b
    assert a != _line("node", ["Person"], {"id": "p", "name": "y"})


def test_graph_schema_covers_the_contract_and_every_load_query() -> None:
    assert set(ENTITY_LABELS.values()) <= set(NodeLabel)
    assert set(RELATION_TYPES.values()) <= set(FACT_RELATIONSHIPS)
    labels = {m.value for m in NodeLabel}
    types = {m.value for m in RelType}
    for path in sorted(LOAD_DIR.glob("*.cypher")):
        text = re.sub(r"//[^\n]*", "", path.read_text())
        for name in re.findall(r"\[\w*:(\w+)", text):
            assert name in types, f"{path.name}: relationship type {name} is not in RelType"
        for name in re.findall(r"\(\w*:(\w+)", text):
            assert name in labels, f"{path.name}: label {name} is not in NodeLabel"
        for name in re.findall(r"SET \w+:(\w+)", text):
            assert name in labels, f"{path.name}: label {name} is not in NodeLabel"
        for name in re.findall(r"'([A-Z][A-Za-z_]+)'", text):
            assert name in labels | types, f"{path.name}: {name!r} is neither a label nor a type"


def test_every_fact_relationship_is_retractable() -> None:
    text = (LOAD_DIR / "retract_relationship_facts.cypher").read_text()
    for rel in FACT_RELATIONSHIPS:
        assert f"[r:{rel.value} {{id: fact_id}}]" in text


class _FlakyExtractor:
    """Stands in for the Extractor (no model): extracts the synthetic documents it knows, fails on
    any text containing 'BOOM'."""

    def __init__(self, known: dict[str, Extraction]) -> None:
        self.known = known

    def extract(self, document: SourceDocument) -> Extraction:
        if "BOOM" in document.body:
            raise ValueError("cannot parse")
        return self.known[document.body].model_copy(update={"text": None})

    def extract_many(
        self, documents: Iterable[SourceDocument], *, batch_size: int = 32, n_process: int = 1
    ) -> Iterator[Extraction]:
        return iter([self.extract(d) for d in documents])


def test_extract_chunk_isolates_the_failing_document_and_fills_text() -> None:
    good = generate_extractions(2, seed=9)
    extractor = _FlakyExtractor({e.text or "": e for e in good})
    docs = [
        SourceDocument(body=good[0].text or "", path="a.md"),
        SourceDocument(body="BOOM", path="corpus.jsonl:7", line=7),
        SourceDocument(body=good[1].text or "", path="c.md"),
    ]
    first, failure, last = extract_chunk(extractor, docs)  # type: ignore[arg-type]
    assert isinstance(first, Extraction) and first.text == good[0].text
    assert isinstance(last, Extraction) and last.document.id == good[1].document.id
    assert isinstance(failure, ExtractionFailure)
    assert str(failure) == "corpus.jsonl:7: extraction failed (ValueError: cannot parse)"
    assert where(SourceDocument(body="x", path="f.jsonl", line=3)) == "f.jsonl:3"
