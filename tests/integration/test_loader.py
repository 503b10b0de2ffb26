"""The loader against a real Neo4j: counts, provenance, idempotence, merging, retraction, replacement."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import neo4j
import pytest

from app.graph.db import load_query
from importers import ids
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
from importers.cypher_runner import CypherRunner
from importers.graph_checksum import graph_checksum
from importers.loader import Loader, load_extractions
from importers.readers import read_file
from importers.retraction import retract_document

pytestmark = pytest.mark.neo4j

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_2783307ef2ad6d18.md"
COL, VEN = "country:COL", "country:VEN"
PETRO, MADURO, DUQUE = (
    ids.person_id("Gustavo Petro"),
    ids.person_id("Nicolas Maduro"),
    ids.person_id("Ivan Duque"),
)
PRES_COL, PRES_VEN = ids.office_id("President", COL), ids.office_id("President", VEN)


class Doc:
    """Builds an Extraction of `body` (one sentence per line) by pointing at its words."""

    def __init__(self, body: str, **meta: Any) -> None:
        self.body = body
        self.sentences: list[Sentence] = []
        start = 0
        for line in body.split("\n"):
            if line:
                self.sentences.append(
                    Sentence(index=len(self.sentences), start=start, end=start + len(line), text=line)
                )
            start += len(line) + 1
        self.meta = meta
        self.entities: dict[str, Entity] = {}
        self.relations: list[Relation] = []
        self.statements: list[Statement] = []
        self.events: list[Event] = []

    def span(self, text: str, nth: int = 0) -> Span:
        starts = [m.start() for m in re.finditer(re.escape(text), self.body)]
        start = starts[nth]
        sentence = next(s for s in self.sentences if s.start <= start < s.end)
        return Span(sentence=sentence.index, start=start, end=start + len(text), text=text)

    def sentence(self, index: int) -> Span:
        s = self.sentences[index]
        return Span(sentence=index, start=s.start, end=s.end, text=s.text)

    def entity(self, id: str, type: str, name: str, pattern: str, **kw: Any) -> None:
        mentions = [
            Span(
                sentence=next(s.index for s in self.sentences if s.start <= m.start() < s.end),
                start=m.start(),
                end=m.end(),
                text=m.group(),
            )
            for m in re.finditer(pattern, self.body)
        ]
        self.entities[id] = Entity(id=id, type=type, name=name, mentions=mentions, **kw)  # type: ignore[arg-type]

    def holds(self, person: str, office: str, evidence: Span, valid_from: str | None = None) -> str:
        rid = ids.relation_id("HOLDS_OFFICE", person, office)
        self.relations.append(
            Relation(
                id=rid,
                type="HOLDS_OFFICE",
                source=person,
                target=office,
                valid_from=valid_from,
                evidence=[evidence],
                confidence=0.9,
                extractor="hand/1",
            )
        )
        return rid

    def build(self) -> Extraction:
        return Extraction(
            document=DocumentMeta(id=ids.document_id(self.body), **self.meta),
            text=self.body,
            sentences=self.sentences,
            entities=list(self.entities.values()),
            relations=self.relations,
            statements=self.statements,
            events=self.events,
        )


def seed_by_hand() -> Extraction:
    """The seed article, annotated by hand (a subset of what it says, every span checked)."""
    (source,) = read_file(SEED)
    assert not isinstance(source, Exception)
    doc = Doc(
        source.body, title=source.title, published=source.published, source=source.source, path=str(SEED)
    )
    doc.entity(COL, "Country", "Colombia", r"\bColombia\b", properties={"iso3": "COL", "iso2": "CO"})
    doc.entity(VEN, "Country", "Venezuela", r"\bVenezuela\b", properties={"iso3": "VEN", "iso2": "VE"})
    doc.entity(PETRO, "Person", "Gustavo Petro", r"(Gustavo )?Petro\b", aliases=["Petro"])
    doc.entity(MADURO, "Person", "Nicolas Maduro", r"(Nicolas )?Maduro\b", aliases=["Maduro"])
    doc.entity(DUQUE, "Person", "Ivan Duque", r"(Ivan )?Duque\b", aliases=["Duque"])
    doc.entity(
        PRES_COL,
        "Office",
        "President of Colombia",
        r"new president|president of Colombia",
        properties={"title": "President", "jurisdiction": COL},
    )
    doc.entity(
        PRES_VEN,
        "Office",
        "President of Venezuela",
        r"President(?= Nicolas)",
        properties={"title": "President", "jurisdiction": VEN},
    )
    doc.entity(
        ids.border_id(COL, VEN),
        "Border",
        "Colombia-Venezuela border",
        r"border(?= between)",
        properties={"countries": [COL, VEN], "length_km": 2219, "length_mi": 1379},
    )
    doc.holds(
        PETRO,
        PRES_COL,
        doc.span("Gustavo Petro was sworn in on Sunday as Colombia's new president"),
        valid_from="2022-08-07",
    )
    doc.holds(MADURO, PRES_VEN, doc.span("President Nicolas Maduro"))
    doc.holds(DUQUE, PRES_COL, doc.span("President Ivan Duque took office in 2018"), valid_from="2018")
    quote = (
        "Ivan Duque, president of Colombia, does not recognize Nicolas Maduro as the legitimate "
        "president of Venezuela."
    )
    doc.statements.append(
        Statement(
            id=ids.statement_id(DUQUE, quote),
            speaker=DUQUE,
            text=quote,
            kind="direct",
            about=[MADURO],
            evidence=[doc.span(quote)],
            confidence=0.9,
            extractor="hand/1",
        )
    )
    doc.events.append(
        Event(
            id=ids.event_id("take_office", [PETRO, COL], "2022-08-07"),
            type="take_office",
            participants=[Participant(entity=PETRO, role="actor"), Participant(entity=COL, role="other")],
            date="2022-08-07",
            date_text="on Sunday",
            evidence=[doc.sentence(3)],
            confidence=0.8,
            extractor="hand/1",
        )
    )
    return doc.build()


def rows(driver: neo4j.Driver, database: str, query: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(query, params, database_=database)  # type: ignore[call-overload]
    return [r.data() for r in records]


def clear(driver: neo4j.Driver, database: str) -> None:
    with driver.session(database=database) as session:
        session.run(load_query("ops/clear_graph", timeout=120)).consume()


def without_schema_version(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if k != "SchemaVersion"}


# Mentions in the hand annotation: Colombia 5, Venezuela 4, Petro 4, Maduro 7, Duque 4, the two
# offices 2 + 1, the border 1. One sentence per line of the body: 12.
SEED_MENTIONS = 28
SEED_NODES = {
    "Document": 1,
    "Sentence": 12,
    "Entity": 8,
    "Person": 3,
    "Country": 2,
    "Office": 2,
    "Border": 1,
    "Statement": 1,
    "Event": 1,
    # mentions + 3 HOLDS_OFFICE + OFFICE_OF (3 office mentions) + BORDER_OF (2 x 1 mention)
    # + statement, SAID, ABOUT + event, 2 PARTICIPATED_IN
    "Evidence": SEED_MENTIONS + 3 + 3 + 2 + 3 + 3,
}
SEED_RELATIONSHIPS = {
    "HAS_SENTENCE": 12,
    "NEXT": 11,
    "HOLDS_OFFICE": 3,
    "OFFICE_OF": 2,
    "BORDER_OF": 2,
    "SAID": 1,
    "ABOUT": 1,
    "PARTICIPATED_IN": 2,
    "IN_SENTENCE": SEED_NODES["Evidence"],
    "SUPPORTS": SEED_MENTIONS + 2,
}


def test_seed_by_hand_exact_counts_and_petro_evidence(clean_neo4j: neo4j.Driver, neo4j_database: str) -> None:
    extraction = seed_by_hand()
    mentions = sum(len(e.mentions) for e in extraction.entities)
    assert mentions == SEED_MENTIONS
    report = load_extractions(CypherRunner(clean_neo4j, neo4j_database), [extraction])
    assert (report.loaded, report.skipped, report.failed, report.facts) == (1, 0, [], 5)

    summary = graph_checksum(clean_neo4j, neo4j_database)
    assert without_schema_version(summary.nodes) == SEED_NODES
    assert summary.relationships == SEED_RELATIONSHIPS

    (petro,) = rows(
        clean_neo4j,
        neo4j_database,
        """
        MATCH (p:Person {id: $person})-[r:HOLDS_OFFICE]->(o:Office)-[:OFFICE_OF]->(c:Country)
        MATCH (e:Evidence {fact_id: r.id})-[:IN_SENTENCE]->(s:Sentence)<-[:HAS_SENTENCE]-(d:Document)
        RETURN o.title AS title, c.id AS country, r.valid_from AS valid_from, e.text AS text,
               e.start AS start, e.end AS end, s.index AS sentence, s.text AS sentence_text,
               e.extractor AS extractor, e.confidence AS confidence, e.credibility AS credibility,
               d.reliability AS reliability, substring(d.text, e.start, e.end - e.start) AS in_body
    """,
        person=PETRO,
    )
    assert petro == {
        "title": "President",
        "country": COL,
        "valid_from": "2022-08-07",
        "text": "Gustavo Petro was sworn in on Sunday as Colombia's new president",
        "start": 672,
        "end": 736,
        "sentence": 3,
        "sentence_text": "Leftist leader Gustavo Petro was sworn in on Sunday as Colombia's new president "
        "and pledged to rebuild diplomatic relations with Venezuela.",
        "extractor": "hand/1",
        "confidence": 0.9,
        "credibility": 6,
        "reliability": "F",
        "in_body": "Gustavo Petro was sworn in on Sunday as Colombia's new president",
    }
    # Sentences are chained in reading order.
    chain = rows(
        clean_neo4j,
        neo4j_database,
        """
        MATCH (a:Sentence)-[:NEXT]->(b:Sentence) RETURN a.index AS a, b.index AS b ORDER BY a""",
    )
    assert chain == [{"a": i, "b": i + 1} for i in range(11)]
    # Aliases merged, searchable text set; the border knows its countries.
    (maduro,) = rows(
        clean_neo4j,
        neo4j_database,
        "MATCH (p:Person {id: $id}) RETURN p.aliases AS aliases, p.name AS name",
        id=MADURO,
    )
    assert maduro == {"aliases": ["Maduro"], "name": "Nicolas Maduro"}
    borders = rows(
        clean_neo4j,
        neo4j_database,
        """
        MATCH (b:Border)-[:BORDER_OF]->(c:Country) RETURN b.length_km AS km, c.id AS c ORDER BY c""",
    )
    assert borders == [{"km": 2219, "c": COL}, {"km": 2219, "c": VEN}]


def test_reimport_changes_nothing(clean_neo4j: neo4j.Driver, neo4j_database: str) -> None:
    extraction = seed_by_hand()
    load_extractions(CypherRunner(clean_neo4j, neo4j_database), [extraction])
    first = graph_checksum(clean_neo4j, neo4j_database)
    again = load_extractions(CypherRunner(clean_neo4j, neo4j_database), [extraction, extraction])
    assert (again.loaded, again.skipped) == (0, 2)
    assert graph_checksum(clean_neo4j, neo4j_database) == first


def test_retracting_the_only_source_leaves_nothing_but_the_record(
    clean_neo4j: neo4j.Driver, neo4j_database: str
) -> None:
    extraction = seed_by_hand()
    load_extractions(CypherRunner(clean_neo4j, neo4j_database), [extraction])
    result = retract_document(CypherRunner(clean_neo4j, neo4j_database), extraction.document.id)
    assert result is not None
    assert len(set(result.facts_removed)) == 3 + 2 + 2 + 3 + 3  # every fact relationship and node fact
    assert len(result.entities_removed) == 8
    summary = graph_checksum(clean_neo4j, neo4j_database)
    assert without_schema_version(summary.nodes) == {"Retraction": 1}
    assert summary.relationships == {}
    (record,) = rows(
        clean_neo4j,
        neo4j_database,
        """
        MATCH (r:Retraction) RETURN r.doc_id AS doc, r.reason AS reason, r.facts_removed AS facts,
               r.entities_removed AS entities, size(r.removed_ids) AS ids,
               r.retracted_at IS NOT NULL AS dated""",
    )
    assert record == {
        "doc": extraction.document.id,
        "reason": "deleted",
        "facts": 13,
        "entities": 8,
        "ids": 21,
        "dated": True,
    }
    assert retract_document(CypherRunner(clean_neo4j, neo4j_database), extraction.document.id) is None


def two_reports() -> tuple[Extraction, Extraction]:
    """Two documents that share a person and one fact; each also says something the other does not."""
    a = Doc(
        "Colombia President Gustavo Petro met reporters.\n"
        "Nicolas Maduro, President of Venezuela, stayed home.",
        title="A",
        url="https://example.org/a",
        source="Wire A",
    )
    b = Doc(
        "In Bogota, Colombia President Gustavo Petro spoke.\nHe praised the army.",
        title="B",
        url="https://example.org/b",
        source="Wire B",
    )
    for doc in (a, b):
        doc.entity(COL, "Country", "Colombia", r"\bColombia\b", properties={"iso3": "COL"})
        doc.entity(PETRO, "Person", "Gustavo Petro", r"Gustavo Petro")
        doc.entity(
            PRES_COL,
            "Office",
            "President of Colombia",
            r"President(?= Gustavo)",
            properties={"title": "President", "jurisdiction": COL},
        )
        doc.holds(PETRO, PRES_COL, doc.span("Colombia President Gustavo Petro"))
    a.entities[PETRO].aliases.append("Petro")
    b.entities[PETRO].aliases.append("G. Petro")
    a.entity(VEN, "Country", "Venezuela", r"\bVenezuela\b", properties={"iso3": "VEN"})
    a.entity(MADURO, "Person", "Nicolas Maduro", r"Nicolas Maduro")
    a.entity(
        PRES_VEN,
        "Office",
        "President of Venezuela",
        r"President(?= of Venezuela)",
        properties={"title": "President", "jurisdiction": VEN},
    )
    a.holds(MADURO, PRES_VEN, a.span("Nicolas Maduro, President of Venezuela"))
    return a.build(), b.build()


def evidence_of(driver: neo4j.Driver, database: str, person: str) -> list[dict[str, Any]]:
    return rows(
        driver,
        database,
        """
        MATCH (:Person {id: $person})-[r:HOLDS_OFFICE]->()
        MATCH (e:Evidence {fact_id: r.id})
        RETURN e.doc_id AS doc, e.text AS text ORDER BY doc""",
        person=person,
    )


def test_shared_person_one_node_two_evidence_then_retract_one(
    clean_neo4j: neo4j.Driver, neo4j_database: str
) -> None:
    a, b = two_reports()
    report = load_extractions(CypherRunner(clean_neo4j, neo4j_database), [a, b])
    assert report.loaded == 2
    (petro,) = rows(
        clean_neo4j,
        neo4j_database,
        """
        MATCH (p:Person {id: $id}) RETURN count(*) AS n, p.aliases AS aliases,
               COUNT { (p)-[:HOLDS_OFFICE]->() } AS offices""",
        id=PETRO,
    )
    assert petro == {"n": 1, "aliases": ["G. Petro", "Petro"], "offices": 1}
    assert evidence_of(clean_neo4j, neo4j_database, PETRO) == sorted(
        [
            {"doc": a.document.id, "text": "Colombia President Gustavo Petro"},
            {"doc": b.document.id, "text": "Colombia President Gustavo Petro"},
        ],
        key=lambda r: r["doc"],
    )
    (sources,) = rows(
        clean_neo4j,
        neo4j_database,
        """
        MATCH (:Person {id: $id})-[r:HOLDS_OFFICE]->()
        MATCH (e:Evidence {fact_id: r.id}) MATCH (d:Document {id: e.doc_id})
        RETURN count(DISTINCT d) AS documents, count(DISTINCT d.source) AS publishers""",
        id=PETRO,
    )
    assert sources == {"documents": 2, "publishers": 2}

    result = retract_document(CypherRunner(clean_neo4j, neo4j_database), a.document.id)
    assert result is not None
    # The fact only A supported is gone, with the people and places only A named.
    assert rows(clean_neo4j, neo4j_database, "MATCH (n:Entity) RETURN n.id AS id ORDER BY id") == [
        {"id": COL},
        {"id": PRES_COL},
        {"id": PETRO},
    ]
    assert evidence_of(clean_neo4j, neo4j_database, MADURO) == []
    # The shared fact stays, with B's evidence only.
    assert evidence_of(clean_neo4j, neo4j_database, PETRO) == [
        {"doc": b.document.id, "text": "Colombia President Gustavo Petro"}
    ]
    assert rows(clean_neo4j, neo4j_database, "MATCH ()-[r:HOLDS_OFFICE]->() RETURN count(r) AS n") == [
        {"n": 1}
    ]
    assert rows(
        clean_neo4j, neo4j_database, "MATCH (e:Evidence {doc_id: $d}) RETURN count(e) AS n", d=a.document.id
    ) == [{"n": 0}]
    # Reloading A restores exactly the graph both documents made.
    load_extractions(CypherRunner(clean_neo4j, neo4j_database), [a])
    both = graph_checksum(clean_neo4j, neo4j_database)
    clear(clean_neo4j, neo4j_database)
    load_extractions(CypherRunner(clean_neo4j, neo4j_database), [a, b])
    assert graph_checksum(clean_neo4j, neo4j_database).checksum == both.checksum


def test_changed_document_replaces_the_old_version(clean_neo4j: neo4j.Driver, neo4j_database: str) -> None:
    a, b = two_reports()
    load_extractions(CypherRunner(clean_neo4j, neo4j_database), [a, b])
    # Same url as A, new text: Maduro's sentence was corrected away.
    a2 = Doc(
        "Colombia President Gustavo Petro met reporters on Monday.",
        title="A (corrected)",
        url="https://example.org/a",
        source="Wire A",
    )
    a2.entity(COL, "Country", "Colombia", r"\bColombia\b", properties={"iso3": "COL"})
    a2.entity(PETRO, "Person", "Gustavo Petro", r"Gustavo Petro")
    a2.entity(
        PRES_COL,
        "Office",
        "President of Colombia",
        r"President(?= Gustavo)",
        properties={"title": "President", "jurisdiction": COL},
    )
    a2.holds(PETRO, PRES_COL, a2.span("Colombia President Gustavo Petro"))
    new = a2.build()
    report = load_extractions(CypherRunner(clean_neo4j, neo4j_database), [new])
    assert (report.loaded, report.replaced) == (1, 1)
    docs = rows(clean_neo4j, neo4j_database, "MATCH (d:Document) RETURN d.title AS t ORDER BY t")
    assert docs == [{"t": "A (corrected)"}, {"t": "B"}]
    assert evidence_of(clean_neo4j, neo4j_database, MADURO) == []
    assert {r["doc"] for r in evidence_of(clean_neo4j, neo4j_database, PETRO)} == {
        new.document.id,
        b.document.id,
    }
    assert rows(
        clean_neo4j,
        neo4j_database,
        "MATCH (r:Retraction) RETURN r.doc_id AS doc, r.reason AS reason, r.replaced_by AS by",
    ) == [{"doc": a.document.id, "reason": "replaced", "by": new.document.id}]


def test_new_extraction_of_the_same_text_reloads_it(clean_neo4j: neo4j.Driver, neo4j_database: str) -> None:
    a, _ = two_reports()
    load_extractions(CypherRunner(clean_neo4j, neo4j_database), [a])
    better = a.model_copy(deep=True)
    better.relations = [r for r in better.relations if r.source != MADURO]  # the new extractor drops one
    report = load_extractions(CypherRunner(clean_neo4j, neo4j_database), [better])
    assert (report.loaded, report.skipped) == (1, 0)
    assert evidence_of(clean_neo4j, neo4j_database, MADURO) == []
    fresh = graph_checksum(clean_neo4j, neo4j_database)
    clear(clean_neo4j, neo4j_database)
    load_extractions(CypherRunner(clean_neo4j, neo4j_database), [better])
    assert graph_checksum(clean_neo4j, neo4j_database).checksum == fresh.checksum


def test_bad_document_is_rejected_and_the_rest_load(clean_neo4j: neo4j.Driver, neo4j_database: str) -> None:
    a, b = two_reports()
    bad = b.model_copy(deep=True)
    bad.relations[0].evidence[0].text = "Colombia President Gustavo Petre"
    report = Loader(CypherRunner(clean_neo4j, neo4j_database), batch_size=10).load([a, bad])
    assert report.loaded == 1
    (failure,) = report.failed
    assert failure.where == "https://example.org/b"
    assert "'Colombia President Gustavo Petre' [11:43] does not match the text" in failure.message
    assert rows(clean_neo4j, neo4j_database, "MATCH (d:Document) RETURN d.id AS id") == [
        {"id": a.document.id}
    ]
    assert rows(
        clean_neo4j,
        neo4j_database,
        "MATCH (e:Evidence) WHERE e.doc_id = $d RETURN count(e) AS n",
        d=b.document.id,
    ) == [{"n": 0}]


def test_real_extractor_on_the_seed(clean_neo4j: neo4j.Driver, neo4j_database: str) -> None:
    from app.settings import get_settings
    from importers.load_rows import document_rows
    from importers.pipeline import Extractor

    (source,) = read_file(SEED)
    assert not isinstance(source, Exception)
    extraction = Extractor(get_settings().spacy_model).extract(source)
    if extraction.text is None:
        extraction = extraction.model_copy(update={"text": source.body})
    expected = document_rows(extraction)
    load_extractions(CypherRunner(clean_neo4j, neo4j_database), [extraction])
    summary = graph_checksum(clean_neo4j, neo4j_database)
    by_type: dict[str, int] = {}
    for entity in extraction.entities:
        by_type[entity.type] = by_type.get(entity.type, 0) + 1
    assert without_schema_version(summary.nodes) == {
        "Document": 1,
        "Sentence": len(extraction.sentences),
        "Entity": len(extraction.entities),
        **by_type,
        "Statement": len({s.id for s in extraction.statements}),
        "Event": len({e.id for e in extraction.events}),
        "Evidence": len(expected.evidence),
    }
    assert summary.relationships["HOLDS_OFFICE"] == len(
        {r.id for r in extraction.relations if r.type == "HOLDS_OFFICE"}
    )
    petro = rows(
        clean_neo4j,
        neo4j_database,
        """
        MATCH (p:Person)-[r:HOLDS_OFFICE]->(o:Office {title: 'President'})-[:OFFICE_OF]->(:Country {id: $col})
        WHERE p.name ENDS WITH 'Petro'
        MATCH (e:Evidence {fact_id: r.id})-[:IN_SENTENCE]->(s:Sentence)<-[:HAS_SENTENCE]-(d:Document)
        RETURN r.valid_from AS valid_from, s.index AS sentence, e.text AS text,
               substring(d.text, e.start, e.end - e.start) AS in_body,
               s.start <= e.start AND e.end <= s.end AS inside
    """,
        col=COL,
    )
    assert petro, "the extractor should find Petro as President of Colombia"
    for ev in petro:
        assert ev["valid_from"] == "2022-08-07"
        assert ev["sentence"] == 3
        assert ev["text"] == ev["in_body"]
        assert ev["inside"] is True
        assert "Petro" in ev["text"]
