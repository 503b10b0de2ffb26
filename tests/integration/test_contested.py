"""Disagreement kept: two documents that disagree on a border's length and on when a tenure began.

Both values stay, each with its evidence (`claim_<field>` on the Evidence), the facts are marked
`contested` with `contested_fields`, the provenance API shows every source's value; retracting one
document makes the facts uncontested again. Against a real Neo4j.
"""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from app.graph.provenance import provenance
from importers import ids
from importers.contract import Extraction
from importers.cypher_runner import CypherRunner
from importers.loader import Loader
from importers.retraction import retract_document
from tests.integration.test_loader import COL, PETRO, PRES_COL, VEN, Doc, clear, rows

pytestmark = pytest.mark.neo4j

BORDER = ids.border_id(COL, VEN)


def report(body: str, url: str, length_km: int, took_office: str) -> Extraction:
    doc = Doc(body, title=url.rsplit("/", 1)[1], url=url, source="Wire")
    doc.entity(COL, "Country", "Colombia", r"\bColombia\b", properties={"iso3": "COL"})
    doc.entity(VEN, "Country", "Venezuela", r"\bVenezuela\b", properties={"iso3": "VEN"})
    doc.entity(PETRO, "Person", "Gustavo Petro", r"Gustavo Petro")
    doc.entity(
        PRES_COL,
        "Office",
        "President of Colombia",
        r"President(?= Gustavo)",
        properties={"title": "President", "jurisdiction": COL},
    )
    doc.entity(
        BORDER,
        "Border",
        "Colombia-Venezuela border",
        r"border",
        properties={"countries": [COL, VEN], "length_km": length_km},
    )
    doc.holds(PETRO, PRES_COL, doc.span("President Gustavo Petro"), valid_from=took_office)
    return doc.build()


def two_reports() -> tuple[Extraction, Extraction]:
    a = report(
        "Colombia President Gustavo Petro took office in August.\n"
        "The border with Venezuela runs 2,219 km.",
        "https://example.org/a",
        2219,
        "2022-08-07",
    )
    b = report(
        "Colombia President Gustavo Petro visited the border.\n"
        "Venezuela says the frontier is 2,341 km long.",
        "https://example.org/b",
        2341,
        "2022-08-08",
    )
    return a, b


def border(driver: neo4j.Driver, database: str) -> dict[str, Any]:
    found = rows(driver, database, "MATCH (b:Border {id: $id}) RETURN b {.*} AS b", id=BORDER)
    return found[0]["b"]


def tenure(driver: neo4j.Driver, database: str) -> dict[str, Any]:
    found = rows(
        driver,
        database,
        "MATCH (:Person {id: $p})-[r:HOLDS_OFFICE]->(:Office {id: $o}) RETURN properties(r) AS r",
        p=PETRO,
        o=PRES_COL,
    )
    assert len(found) == 1
    return found[0]["r"]


def claims(driver: neo4j.Driver, database: str, fact_id: str, field: str) -> list[tuple[str, Any]]:
    found = rows(
        driver,
        database,
        "MATCH (e:Evidence {fact_id: $id}) RETURN e.doc_id AS doc, e['claim_' + $field] AS value "
        "ORDER BY doc, value",
        id=fact_id,
        field=field,
    )
    return sorted({(r["doc"], r["value"]) for r in found})


@pytest.mark.parametrize("together", [True, False], ids=["one-transaction", "one-after-the-other"])
def test_disagreeing_sources_are_kept_and_marked_contested_until_one_is_retracted(
    clean_neo4j: neo4j.Driver, neo4j_database: str, together: bool
) -> None:
    driver, db = clean_neo4j, neo4j_database
    clear(driver, db)
    a, b = two_reports()
    loader = Loader(CypherRunner(driver, db))
    if together:
        assert len(loader.load_batch([a, b]).loaded) == 2
    else:
        assert len(loader.load_batch([b]).loaded) == 1
        assert len(loader.load_batch([a]).loaded) == 1
    doc_a, doc_b = a.document.id, b.document.id

    # The displayed value stays deterministic (the smallest), the conflict is visible.
    node = border(driver, db)
    assert node["length_km"] == 2219
    assert node["contested"] is True
    assert node["contested_fields"] == ["length_km"]
    assert claims(driver, db, BORDER, "length_km") == sorted([(doc_a, 2219), (doc_b, 2341)])
    rel = tenure(driver, db)
    assert rel["valid_from"] == "2022-08-07"
    assert rel["contested"] is True
    assert rel["contested_fields"] == ["valid_from"]
    # Facts the sources agree on are not contested.
    country = rows(driver, db, "MATCH (c:Country {id: $id}) RETURN c {.*} AS c", id=COL)[0]["c"]
    assert "contested" not in country and "contested_fields" not in country

    shown = provenance(driver, db, BORDER)
    assert shown.contested is True
    assert shown.contested_fields == ["length_km"]
    assert shown.sources == 2
    assert [(v.field, v.value, v.documents) for v in shown.values] == [
        ("length_km", 2219, [doc_a]),
        ("length_km", 2341, [doc_b]),
    ]
    assert {e.document.id: e.claims for e in shown.evidence} == {
        doc_a: {"length_km": 2219},
        doc_b: {"length_km": 2341},
    }
    held = provenance(driver, db, rel["id"])
    assert held.contested is True and held.contested_fields == ["valid_from"]
    assert [(v.field, v.value, v.documents) for v in held.values] == [
        ("valid_from", "2022-08-07", [doc_a]),
        ("valid_from", "2022-08-08", [doc_b]),
    ]
    assert all(v.evidence for v in held.values)

    # Retract one source: one value left, nothing contested.
    retracted = retract_document(CypherRunner(driver, db), doc_b)
    assert retracted is not None and retracted.facts_removed == []
    node = border(driver, db)
    assert "contested" not in node and "contested_fields" not in node
    assert claims(driver, db, BORDER, "length_km") == [(doc_a, 2219)]
    rel = tenure(driver, db)
    assert "contested" not in rel and "contested_fields" not in rel
    shown = provenance(driver, db, BORDER)
    assert (shown.contested, shown.contested_fields, shown.sources) == (False, [], 1)
    assert [(v.field, v.value, v.documents) for v in shown.values] == [("length_km", 2219, [doc_a])]
    held = provenance(driver, db, rel["id"])
    assert (held.contested, held.contested_fields) == (False, [])
