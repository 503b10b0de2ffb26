"""contradicting_statements over small invented articles, through the real extractor and loader.

User trial: the query found nothing (it matched PARTICIPATED_IN backwards, and a test let it be
empty); an accusation and its denial, and recognition against non-recognition across documents,
must be found.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import neo4j
import pytest

from app.settings import get_settings
from importers.cypher_runner import CypherRunner
from importers.loader import Loader
from importers.pipeline import Extractor
from importers.readers import SourceDocument
from tests.api.conftest import Keys, make_app

pytestmark = pytest.mark.anyio

ARTICLES = [
    ("2019-01-24",
     "Brazilian President Jair Bolsonaro recognized Juan Guaido as the interim president of Venezuela on "
     "Wednesday."),
    ("2019-01-25",
     "Mexican President Andres Manuel Lopez Obrador does not recognize Juan Guaido as president of "
     "Venezuela."),
    ("2012-05-01",
     "Ethiopia accuses Eritrea of arming rebels in the Ogaden region, a charge Eritrea rejects."),
    ("2008-02-05",
     "Chad accuses Sudan of attacking its border posts. Sudan denied attacking Chad."),
]


@pytest.fixture
def loaded(clean_neo4j: neo4j.Driver, neo4j_database: str) -> None:
    extractor = Extractor(get_settings().spacy_model)
    extractions = []
    for published, text in ARTICLES:
        extraction = extractor.extract(SourceDocument(body=text, published=published))
        extraction.text = text
        extractions.append(extraction)
    result = Loader(CypherRunner(clean_neo4j, neo4j_database)).load_batch(extractions)
    assert not result.failed, result.failed


@pytest.fixture
async def client(
    neo4j_server: object, api_keys: Keys, anyio_backend: str
) -> AsyncIterator[httpx.AsyncClient]:
    # Correctness, not speed: a long query timeout, as the first run of a query on a busy test
    # machine also plans it (the shared 2-core machine ran past the default 10 s once).
    app = make_app(neo4j_server, api_keys, query_timeout_s=120.0)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=180) as c:
            yield c


def _claims(rows: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {
        (r["target"], r["claim_a"], r["claim_b"], tuple(r["actors_a"]), tuple(r["actors_b"])) for r in rows
    }


async def test_contradictions_are_found(client: httpx.AsyncClient, loaded: None) -> None:
    response = await client.post("/api/queries/contradicting_statements/run", json={"params": {}})
    assert response.status_code == 200, response.text
    rows = response.json()["rows"]
    assert _claims(rows) == {
        # Recognition against non-recognition, across two documents.
        ("Juan Guaido", "recognize", "not_recognize (negated)",
         ("Jair Bolsonaro",), ("Andres Manuel Lopez Obrador",)),
        # An accusation whose own sentence reports the accused's denial.
        ("Eritrea", "accuse", "denied", ("Ethiopia",), ("Eritrea",)),
        # An accusation, and the accused denying an act.
        ("Sudan", "accuse", "attack (denied)", ("Chad",), ("Sudan",)),
    }
    same_sentence = next(r for r in rows if r["claim_b"] == "denied")
    assert same_sentence["evidence_b"] == [ARTICLES[2][1]] and same_sentence["event_b"] is None
    only = await client.post("/api/queries/contradicting_statements/run",
                             json={"params": {"entity": "Juan Guaido"}})
    assert only.status_code == 200, only.text
    assert {r["target"] for r in only.json()["rows"]} == {"Juan Guaido"}
