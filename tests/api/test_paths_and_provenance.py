"""Trace connections and provenance over the seed article, through HTTP."""

from __future__ import annotations

import httpx
import pytest

from importers.contract import Extraction

pytestmark = pytest.mark.anyio

PADRINO = "person:vladimir-padrino-lopez"
VELASQUEZ = "person:ivan-velasquez"
PETRO = "person:gustavo-petro"


async def test_paths_padrino_lopez_to_velasquez_carry_evidence(
    client: httpx.AsyncClient, seeded: Extraction
) -> None:
    response = await client.get("/api/paths", params={"from": "Padrino Lopez", "to": "Velasquez"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["from"]["id"] == PADRINO and body["to"]["id"] == VELASQUEZ
    assert body["paths"], "no path between Padrino Lopez and Velasquez"
    text = seeded.text or ""
    for path in body["paths"]:
        ids = [n["id"] for n in path["nodes"]]
        assert ids[0] == PADRINO and ids[-1] == VELASQUEZ
        assert path["length"] == len(path["hops"]) == len(ids) - 1
        for hop in path["hops"]:
            assert {hop["source"], hop["target"]} <= set(ids)
            assert hop["sources"] >= 1
            assert hop["evidence"], hop
            for ev in hop["evidence"]:
                assert ev["doc_id"] == seeded.document.id
                assert text[ev["start"] : ev["end"]] == ev["text"]
                assert ev["sentence"] and ev["text"] in ev["sentence"]
    # Shortest: all returned paths have the minimal length, and the drawing holds every element.
    lengths = {p["length"] for p in body["paths"]}
    assert len(lengths) == 1
    drawn_nodes = {n["id"] for n in body["graph"]["nodes"]}
    assert {n["id"] for p in body["paths"] for n in p["nodes"]} == drawn_nodes
    assert {e["source"] for e in body["graph"]["edges"]} <= drawn_nodes


async def test_k_shortest_and_all_paths(client: httpx.AsyncClient, seeded: Extraction) -> None:
    k = await client.get(
        "/api/paths", params={"from": PADRINO, "to": VELASQUEZ, "mode": "k_shortest", "k": 3}
    )
    assert k.status_code == 200, k.text
    k_paths = k.json()["paths"]
    assert 1 <= len(k_paths) <= 3
    assert [p["length"] for p in k_paths] == sorted(p["length"] for p in k_paths)
    every = await client.get(
        "/api/paths", params={"from": PADRINO, "to": VELASQUEZ, "mode": "all", "max_hops": 4, "limit": 100}
    )
    assert every.status_code == 200, every.text
    all_paths = every.json()["paths"]
    assert len(all_paths) >= len(k_paths)
    for path in all_paths:
        ids = [n["id"] for n in path["nodes"]]
        assert len(ids) == len(set(ids)), "a path visits a node twice"
        assert path["length"] <= 4
    # The k shortest are among all paths (same hop limit), and all paths include longer ones.
    assert {tuple(n["id"] for n in p["nodes"]) for p in k_paths} <= {
        tuple(n["id"] for n in p["nodes"]) for p in all_paths
    }


async def test_paths_respect_exclusions_and_types(client: httpx.AsyncClient, seeded: Extraction) -> None:
    base = await client.get("/api/paths", params={"from": PADRINO, "to": VELASQUEZ})
    through = {n["id"] for p in base.json()["paths"] for n in p["nodes"][1:-1]}
    hub = sorted(through)[0]
    excluded = await client.get("/api/paths", params={"from": PADRINO, "to": VELASQUEZ, "exclude": hub})
    assert excluded.status_code == 200
    assert all(hub not in [n["id"] for n in p["nodes"]] for p in excluded.json()["paths"])
    only_offices = await client.get(
        "/api/paths", params={"from": PADRINO, "to": VELASQUEZ, "types": "HOLDS_OFFICE,OFFICE_OF"}
    )
    assert only_offices.status_code == 200
    for path in only_offices.json()["paths"]:
        assert {h["type"] for h in path["hops"]} <= {"HOLDS_OFFICE", "OFFICE_OF"}


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"from": PADRINO, "to": VELASQUEZ, "max_hops": 7}, 422, "max_hops"),
        ({"from": PADRINO, "to": VELASQUEZ, "mode": "all", "max_hops": 5}, 422, "max_hops"),
        ({"from": PADRINO, "to": VELASQUEZ, "mode": "widest"}, 422, "mode"),
        ({"from": PADRINO, "to": VELASQUEZ, "k": 0}, 422, "k"),
        ({"from": PADRINO, "to": VELASQUEZ, "types": "KNOWS"}, 422, "types"),
        ({"from": PADRINO, "to": PADRINO}, 422, "to"),
        ({"from": PADRINO}, 422, "to"),
        ({"from": "person:nobody-at-all", "to": VELASQUEZ}, 404, "from"),
    ],
)
async def test_paths_bad_input(
    client: httpx.AsyncClient, seeded: Extraction, params: dict[str, object], status: int, field: str
) -> None:
    response = await client.get("/api/paths", params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.json()["detail"]


async def _petro_office_fact(client: httpx.AsyncClient) -> dict[str, object]:
    entity = (await client.get(f"/api/entities/{PETRO}")).json()
    offices = [o for o in entity["offices"] if o["office"]["id"] == "office:president@country:COL"]
    assert len(offices) == 1, entity["offices"]
    return offices[0]


async def test_provenance_of_petros_office_gives_sentence_and_exact_offsets(
    client: httpx.AsyncClient, seeded: Extraction
) -> None:
    office = await _petro_office_fact(client)
    assert office["valid_from"] == "2022-08-07"
    response = await client.get(f"/api/provenance/{office['fact_id']}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["fact_kind"] == "relationship" and body["type"] == "HOLDS_OFFICE"
    assert body["sources"] == 1
    assert "Gustavo Petro" in body["summary"]
    text = seeded.text or ""
    expected = next(s for s in seeded.sentences if "Petro was sworn in on Sunday" in s.text)
    sentences = {ev["sentence"]["index"] for ev in body["evidence"]}
    assert expected.index in sentences
    for ev in body["evidence"]:
        assert ev["document"]["id"] == seeded.document.id
        assert ev["document"]["published"] == "2022-08-09" and ev["document"]["reliability"] == "F"
        assert ev["extractor"] and 0 < ev["confidence"] <= 1
        span, sentence, marked = ev["span"], ev["sentence"], ev["marked"]
        assert text[span["start"] : span["end"]] == span["text"]
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
        assert marked["start"] == span["start"] - sentence["start"]
        assert sentence["text"][marked["start"] : marked["end"]] == marked["match"] == span["text"]
        assert marked["pre"] + marked["match"] + marked["post"] == sentence["text"]


async def test_provenance_of_nodes_and_mentions(client: httpx.AsyncClient, seeded: Extraction) -> None:
    event = next(e for e in seeded.events if e.type == "restore_military_ties")
    response = await client.get(f"/api/provenance/{event.id}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["fact_kind"] == "node" and body["type"] == "restore_military_ties"
    assert [ev["span"]["text"] for ev in body["evidence"]] == [span.text for span in event.evidence]
    mention = await client.get(f"/api/provenance/{PETRO}")
    assert mention.status_code == 200
    petro = next(e for e in seeded.entities if e.id == PETRO)
    assert len(mention.json()["evidence"]) == len(petro.mentions)
    missing = await client.get("/api/provenance/rel:0000000000000000")
    assert missing.status_code == 404
    assert missing.json()["type"].endswith("not-found")
