"""Search, entity detail, neighbourhood and statements over the seed article, through HTTP."""

from __future__ import annotations

import httpx
import pytest

from importers.contract import Extraction

pytestmark = pytest.mark.anyio

PETRO = "person:gustavo-petro"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("padrino", "person:vladimir-padrino-lopez"),
        ("Guaidó", "person:juan-guaido"),
        ("VELASQ", "person:ivan-velasquez"),
        ("nicolas maduro", "person:nicolas-maduro"),
        ("colombia", "country:COL"),
        # "of" is a stop word of the index's analyzer: it has no term, so it must not be required.
        ("Minister of Defense", "office:minister-of-defense@country:VEN"),
        ("minister of the defense", "office:minister-of-defense@country:VEN"),
    ],
)
async def test_search_is_case_diacritic_and_prefix_tolerant(
    client: httpx.AsyncClient, seeded: Extraction, q: str, expected: str
) -> None:
    response = await client.get("/api/search", params={"q": q})
    assert response.status_code == 200, response.text
    ids = [r["id"] for r in response.json()["results"]]
    assert expected in ids[:3], ids


async def test_search_by_type_and_statements(client: httpx.AsyncClient, seeded: Extraction) -> None:
    people = (await client.get("/api/search", params={"q": "maduro", "type": "Person"})).json()["results"]
    assert people and {r["type"] for r in people} == {"Person"}
    quotes = (await client.get("/api/search", params={"q": "legitimate", "type": "Statement"})).json()[
        "results"
    ]
    assert quotes and quotes[0]["type"] == "Statement" and "legitimate" in quotes[0]["snippet"]
    bad = await client.get("/api/search", params={"q": "x", "type": "Planet"})
    assert bad.status_code == 422 and "type" in bad.json()["detail"]
    empty = await client.get("/api/search", params={"q": ""})
    assert empty.status_code == 422 and "q" in empty.json()["detail"]
    symbols = await client.get("/api/search", params={"q": '"(*?'})
    assert symbols.status_code == 200 and symbols.json()["results"] == []


async def test_entity_detail(client: httpx.AsyncClient, seeded: Extraction) -> None:
    response = await client.get(f"/api/entities/{PETRO}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "Gustavo Petro" and body["type"] == "Person"
    assert body["documents_count"] == 1
    assert [(o["office"]["id"], o["valid_from"]) for o in body["offices"]] == [
        ("office:president@country:COL", "2022-08-07")
    ]
    assert body["offices"][0]["office"]["jurisdiction"]["id"] == "country:COL"
    events = {(e["type"], e["modality"]) for e in body["events"]}
    assert ("restore_diplomatic_ties", "pledged") in events
    assert any("reestablish channels" in s["text"] for s in body["statements_made"])
    office = (await client.get("/api/entities/office:president@country:COL")).json()
    assert {h["person"]["id"] for h in office["holders"]} == {"person:gustavo-petro", "person:ivan-duque"}
    missing = await client.get("/api/entities/person:nobody")
    assert missing.status_code == 404 and "person:nobody" in missing.json()["detail"]


async def test_neighbourhood(client: httpx.AsyncClient, seeded: Extraction) -> None:
    one = (await client.get(f"/api/entities/{PETRO}/neighbourhood")).json()
    two = (await client.get(f"/api/entities/{PETRO}/neighbourhood", params={"depth": 2})).json()
    assert one["center"] == PETRO
    ids1 = {n["id"] for n in one["nodes"]}
    ids2 = {n["id"] for n in two["nodes"]}
    assert PETRO in ids1 and "office:president@country:COL" in ids1 and ids1 < ids2
    assert "country:COL" in ids2
    for graph in (one, two):
        nodes = {n["id"] for n in graph["nodes"]}
        for edge in graph["edges"]:
            assert edge["source"] in nodes and edge["target"] in nodes and edge["sources"] >= 1
    offices = (
        await client.get(
            f"/api/entities/{PETRO}/neighbourhood", params={"depth": 2, "rel_types": "HOLDS_OFFICE,OFFICE_OF"}
        )
    ).json()
    assert {e["type"] for e in offices["edges"]} <= {"HOLDS_OFFICE", "OFFICE_OF"}
    assert {n["type"] for n in offices["nodes"]} <= {"Person", "Office", "Country"}
    people = (
        await client.get(
            f"/api/entities/{PETRO}/neighbourhood", params={"depth": 2, "entity_types": ["Person", "Event"]}
        )
    ).json()
    assert {n["type"] for n in people["nodes"]} <= {"Person", "Event"}
    later = (await client.get(f"/api/entities/{PETRO}/neighbourhood", params={"from": "2023"})).json()
    assert all(
        n.get("properties", {}).get("date", "2023") >= "2023" for n in later["nodes"] if n["type"] == "Event"
    )
    capped = (
        await client.get(f"/api/entities/{PETRO}/neighbourhood", params={"depth": 3, "limit": 3})
    ).json()
    assert len(capped["nodes"]) <= 4 and capped["truncated"] is True
    for params, field in (
        ({"depth": 4}, "depth"),
        ({"depth": 0}, "depth"),
        ({"rel_types": "LIKES"}, "rel_types"),
        ({"from": "2022-13"}, "from"),
    ):
        bad = await client.get(f"/api/entities/{PETRO}/neighbourhood", params=params)
        assert bad.status_code == 422 and field in bad.json()["detail"], bad.text
    assert (await client.get("/api/entities/person:nobody/neighbourhood")).status_code == 404


async def test_statements_filters_and_cursor(client: httpx.AsyncClient, seeded: Extraction) -> None:
    duque = (await client.get("/api/statements", params={"speaker": "Ivan Duque"})).json()["items"]
    assert len(duque) == 1 and duque[0]["kind"] == "direct"
    assert "person:nicolas-maduro" in {a["id"] for a in duque[0]["about"]}
    about_maduro = (await client.get("/api/statements", params={"about": "person:nicolas-maduro"})).json()[
        "items"
    ]
    expected = {s.id for s in seeded.statements if "person:nicolas-maduro" in s.about}
    assert {s["id"] for s in about_maduro} >= expected
    direct = (await client.get("/api/statements", params={"kind": "direct", "speaker": "padrino"})).json()[
        "items"
    ]
    assert [s["kind"] for s in direct] == ["direct"]
    seen: list[str] = []
    cursor = None
    for _ in range(20):
        params: dict[str, str | int] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/api/statements", params=params)).json()
        seen += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) >= len(seeded.statements)
    assert (await client.get("/api/statements", params={"cursor": "garbage!"})).status_code == 422
    assert (await client.get("/api/statements", params={"kind": "shouted"})).status_code == 422
    assert (
        await client.get("/api/statements", params={"speaker": "Nobody Anywhere Xyzzy"})
    ).status_code == 404
