"""Ties and tenure in time (issue 12, items 1 and 2), through HTTP against the session Neo4j.

- A single-holder office's tenure ends when the next holder's starts: on 2022-08-09 Colombia has
  one president in the seed (Petro sworn in 2022-08-07; Duque took office in 2018).
- "former X" ends the tenure before the report's publication; undated tenures say so.
- An undated tie event is known only from its report's publication: no state before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest

from app.settings import get_settings
from importers.contract import Extraction
from importers.cypher_runner import CypherRunner
from importers.loader import Loader
from importers.pipeline import Extractor
from importers.readers import SourceDocument, iter_documents
from importers.retraction import retract_document

pytestmark = pytest.mark.anyio

REPORT = """---
title: "Two neighbours trade barbs"
published: 2021-05-10
source: "test wire"
---
Kenya's former foreign ministry spokesman, Juma Otieno, criticised Somalia on Monday.
Kenyan Foreign Ministry Spokeswoman Akinyi Wanjala said Kenya would respond.
Somalia broke diplomatic relations with Kenya.
"""


@pytest.fixture
def report(
    neo4j_driver: neo4j.Driver, neo4j_database: str, tmp_path: Path, seeded: Extraction
) -> Iterator[Extraction]:
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    (document,) = list(iter_documents([path]))
    assert isinstance(document, SourceDocument)
    extraction = Extractor(get_settings().spacy_model).extract(document)
    if extraction.text is None:
        extraction.text = document.body
    runner = CypherRunner(neo4j_driver, neo4j_database)
    result = Loader(runner).load_batch([extraction])
    assert not result.failed, result.failed
    yield extraction
    retract_document(runner, extraction.document.id)


async def officials(client: httpx.AsyncClient, **params: str) -> list[dict[str, Any]]:
    response = await client.post("/api/queries/officials_on_date/run", json={"params": params})
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["rows"]
    return rows


async def test_one_president_on_a_date_the_successor_ends_the_predecessor(
    client: httpx.AsyncClient, seeded: Extraction
) -> None:
    rows = await officials(client, jurisdiction="country:COL", date="2022-08-09")
    presidents = [
        (r["person_id"], r["valid_from"], r["dates_known"]) for r in rows if r["office"] == "President"
    ]
    assert presidents == [("person:gustavo-petro", "2022-08-07", True)]
    # The words: the country by its name, as an analyst types it.
    assert await officials(client, jurisdiction="Colombia", date="2022-08-09") == rows
    # Ministers the text gives no dates for are still listed, and say so.
    undated = {r["person_id"]: (r["dates_known"], r["end_basis"]) for r in rows if r["office"] != "President"}
    assert undated == {
        "person:alvaro-leyva": (False, None),
        "person:ivan-velasquez": (False, None),
    }
    # Before the successor's start the predecessor holds the office (and only they do, as far as
    # dated tenures go); the derived end and its basis are part of the row.
    before = await officials(client, jurisdiction="country:COL", date="2022-08-06")
    assert [
        (r["person_id"], r["ended_by"], r["end_basis"]) for r in before if r["office"] == "President"
    ] == [("person:ivan-duque", "2022-08-07", "successor")]
    # A year both held the office lists both; no date lists every tenure with its end.
    both = await officials(client, jurisdiction="country:COL", date="2022")
    assert {r["person_id"] for r in both if r["office"] == "President"} == {
        "person:gustavo-petro",
        "person:ivan-duque",
    }
    everyone = await officials(client, jurisdiction="country:COL")
    ends = {r["person_id"]: (r["ended_by"], r["end_basis"]) for r in everyone if r["office"] == "President"}
    assert ends == {"person:ivan-duque": ("2022-08-07", "successor"), "person:gustavo-petro": (None, None)}


async def test_a_former_holder_is_out_of_office_from_the_report_on(
    client: httpx.AsyncClient, report: Extraction
) -> None:
    on_the_day = await officials(client, jurisdiction="country:KEN", date="2021-05-10")
    assert [(r["person_id"], r["dates_known"]) for r in on_the_day] == [("person:akinyi-wanjala", False)]
    earlier = await officials(client, jurisdiction="country:KEN", date="2021-05-09")
    former = {r["person_id"]: (r["ended_by"], r["end_basis"], r["dates_known"]) for r in earlier}
    assert former == {
        "person:akinyi-wanjala": (None, None, False),
        "person:juma-otieno": ("2021-05-10", "former", False),
    }


@pytest.mark.parametrize(
    ("as_of", "state"), [("1990", "unknown"), ("2021-05-09", "unknown"), ("2021-05-10", "broken")]
)
async def test_an_undated_break_is_known_only_from_its_report(
    client: httpx.AsyncClient, report: Extraction, as_of: str, state: str
) -> None:
    body = (await client.get("/api/ties/KEN/SOM", params={"as_of": as_of})).json()
    (tie,) = body["ties"]
    assert (tie["tie"], tie["state_as_of"]) == ("diplomatic", state)
    assert [(i["state"], i["from"], i["from_latest"]) for i in tie["intervals"]] == [
        ("broken", None, "2021-05-10")
    ]
    evidence = [x["text"] for e in tie["evidence_as_of"] for x in e["evidence"]]
    assert evidence == ([] if state == "unknown" else ["Somalia broke diplomatic relations with Kenya"])


async def test_tie_timeline_bounds_undated_events_by_their_report(
    client: httpx.AsyncClient, seeded: Extraction
) -> None:
    response = await client.post(
        "/api/queries/tie_timeline/run", json={"params": {"a": "country:VEN", "b": "country:COL"}}
    )
    assert response.status_code == 200, response.text
    rows = response.json()["rows"]
    undated = [r for r in rows if r["date"] is None]
    assert undated and {r["not_after"] for r in undated} == {"2022-08-09"}
    assert all(r["not_after"] == r["date"] for r in rows if r["date"] is not None)
    assert "break_diplomatic_ties" in {r["event"] for r in undated}
