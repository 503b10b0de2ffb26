"""Documents: list, read, ingest, retract and the extraction preview, with access control."""

from __future__ import annotations

import httpx
import pytest

from importers.contract import Extraction
from tests.api.conftest import Keys, bearer

pytestmark = pytest.mark.anyio

NEW_DOC = {
    "text": "Colombian President Gustavo Petro met Venezuelan President Nicolas Maduro in Caracas on Monday. "
    "The two leaders agreed to reopen the border.",
    "title": "Petro meets Maduro",
    "published": "2022-11-01",
    "source": "test wire",
    "url": "https://example.org/test/petro-maduro",
    "reliability": "B",
}


async def test_list_and_read_the_seed(client: httpx.AsyncClient, seeded: Extraction) -> None:
    listed = await client.get("/api/documents", params={"limit": 200})
    assert listed.status_code == 200
    item = next(d for d in listed.json()["items"] if d["id"] == seeded.document.id)
    assert item["title"] == seeded.document.title and item["published"] == "2022-08-09"
    assert item["sentences"] == len(seeded.sentences) and item["facts"] > 0
    response = await client.get(f"/api/documents/{seeded.document.id}")
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["text"] == seeded.text
    assert doc["metadata"]["note"].startswith("Publication date inferred")
    assert [(s["start"], s["end"]) for s in doc["sentences"]] == [(s.start, s.end) for s in seeded.sentences]
    assert doc["mentions"] and doc["facts"]
    for span in doc["mentions"] + doc["facts"]:
        assert doc["text"][span["start"] : span["end"]] == span["text"]
    assert {m["entity"]["id"] for m in doc["mentions"]} == {e.id for e in seeded.entities if e.mentions}
    assert "restore_military_ties" in {f["type"] for f in doc["facts"]}
    # The facts counted are the list's (contract facts, each once); every span names its fact.
    assert doc["fact_count"] == item["facts"] == len({f["fact_id"] for f in doc["facts"] if f["counted"]})
    assert all(f["summary"] for f in doc["facts"])
    summaries = {f["summary"] for f in doc["facts"] if f["type"] == "SAID"}
    assert any(s.startswith("Vladimir Padrino Lopez SAID “") for s in summaries), summaries
    assert "Vladimir Padrino Lopez HOLDS_OFFICE Minister of Defense (Venezuela)" in {
        f["summary"] for f in doc["facts"]
    }
    assert (await client.get("/api/documents/doc:missing")).status_code == 404


async def test_cursor_pagination_visits_every_document_once(
    client: httpx.AsyncClient, seeded: Extraction
) -> None:
    everything = (await client.get("/api/documents", params={"limit": 200})).json()["items"]
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"limit": 1}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/api/documents", params=params)).json()
        seen += [d["id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [d["id"] for d in everything]
    assert (await client.get("/api/documents", params={"limit": 201})).status_code == 422


async def test_writes_need_a_write_key(client: httpx.AsyncClient, seeded: Extraction, api_keys: Keys) -> None:
    body = {"documents": [NEW_DOC]}
    anonymous = await client.post("/api/documents", json=body)
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == "Bearer"
    wrong = await client.post("/api/documents", json=body, headers=bearer("igk_not-a-key"))
    assert wrong.status_code == 401
    reader = await client.post("/api/documents", json=body, headers=bearer(api_keys.read))
    assert reader.status_code == 403 and "write" in reader.json()["detail"]
    malformed = await client.delete("/api/documents/doc:x", headers={"Authorization": "Basic abc"})
    assert malformed.status_code == 401
    assert (await client.delete(f"/api/documents/{seeded.document.id}")).status_code == 401


async def test_ingest_then_retract(
    client: httpx.AsyncClient, seeded: Extraction, api_keys: Keys, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="intelgraph.audit")
    before = {d["id"] for d in (await client.get("/api/documents", params={"limit": 200})).json()["items"]}
    created = await client.post(
        "/api/documents", json={"documents": [NEW_DOC]}, headers=bearer(api_keys.write)
    )
    assert created.status_code == 201, created.text
    added = created.json()["added"]
    assert len(added) == 1 and added[0]["created"] is True and added[0]["counts"]["entities"] >= 2
    doc_id = added[0]["id"]
    try:
        assert doc_id not in before
        doc = (await client.get(f"/api/documents/{doc_id}")).json()
        assert doc["reliability"] == "B" and doc["text"] == NEW_DOC["text"]
        # The seed's people now have a second source document.
        petro = (await client.get("/api/entities/person:gustavo-petro")).json()
        assert petro["documents_count"] == 2
        again = await client.post(
            "/api/documents", json={"documents": [NEW_DOC]}, headers=bearer(api_keys.admin)
        )
        assert again.status_code == 201 and again.json()["added"][0]["created"] is False
        assert any("key=test-writer action=ingest" in r.getMessage() for r in caplog.records)
    finally:
        retracted = await client.delete(f"/api/documents/{doc_id}", headers=bearer(api_keys.write))
    assert retracted.status_code == 200, retracted.text
    assert retracted.json()["doc_id"] == doc_id and retracted.json()["facts_removed"] >= 1
    assert any(f"key=test-writer action=retract target={doc_id}" in r.getMessage() for r in caplog.records)
    assert (await client.get(f"/api/documents/{doc_id}")).status_code == 404
    assert (await client.get("/api/entities/person:gustavo-petro")).json()["documents_count"] == 1
    gone = await client.delete(f"/api/documents/{doc_id}", headers=bearer(api_keys.write))
    assert gone.status_code == 404


async def test_ingest_bad_bodies(client: httpx.AsyncClient, api_keys: Keys, neo4j_database: str) -> None:
    headers = bearer(api_keys.write)
    for body, field in (
        ({"documents": []}, "documents"),
        ({"documents": [{"title": "no text"}]}, "text"),
        ({"documents": [{"text": "x", "published": "9 Aug 2022"}]}, "published"),
        ({"documents": [{"text": "x", "reliability": "Z"}]}, "reliability"),
        ({"documents": [{"text": "x", "colour": "red"}]}, "colour"),
    ):
        response = await client.post("/api/documents", json=body, headers=headers)
        assert response.status_code == 422, response.text
        assert field in response.json()["detail"]
    not_json = await client.post(
        "/api/documents", content=b"{", headers={**headers, "content-type": "application/json"}
    )
    assert not_json.status_code == 422


async def test_extract_preview_does_not_load(client: httpx.AsyncClient, seeded: Extraction) -> None:
    before = (await client.get("/api/documents", params={"limit": 200})).json()["items"]
    response = await client.post("/api/extract", json={"text": NEW_DOC["text"], "published": "2022-11-01"})
    assert response.status_code == 200, response.text
    extraction = Extraction.model_validate(response.json())
    assert extraction.check_spans(NEW_DOC["text"]) == []
    assert {"person:gustavo-petro", "person:nicolas-maduro"} <= {e.id for e in extraction.entities}
    after = (await client.get("/api/documents", params={"limit": 200})).json()["items"]
    assert after == before
