"""Bilateral ties VEN–COL over the seed article, through HTTP."""

from __future__ import annotations

import httpx
import pytest

from importers.contract import Extraction

pytestmark = pytest.mark.anyio


async def test_ven_col_timeline_states_and_border(client: httpx.AsyncClient, seeded: Extraction) -> None:
    response = await client.get("/api/ties/VEN/COL", params={"as_of": "2022-08-10"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["a"]["id"] == "country:VEN" and body["b"]["id"] == "country:COL"
    assert body["as_of"] == "2022-08-10"

    military = [t for t in body["timeline"] if t["kind"] == "event" and t["type"] == "restore_military_ties"]
    assert len(military) == 1
    assert military[0]["date"] == "2022-08-09" and military[0]["modality"] == "planned"
    roles = {(p["id"], p["role"]) for p in military[0]["participants"]}
    assert roles == {("country:VEN", "actor"), ("country:COL", "target")}

    ties = {t["tie"]: t for t in body["ties"]}
    assert set(ties) == {"diplomatic", "military"}
    diplomatic = ties["diplomatic"]
    states = [i["state"] for i in diplomatic["intervals"]]
    assert states == ["broken", "restoring"], diplomatic
    assert diplomatic["intervals"][0]["event_type"] == "break_diplomatic_ties"
    assert diplomatic["intervals"][0]["to"] == diplomatic["intervals"][1]["from"]
    assert diplomatic["state_as_of"] == "restoring"
    assert ties["military"]["state_as_of"] == "restoring"
    assert ties["military"]["intervals"][0]["from"] == "2022-08-09"

    assert [(b["id"], b["length_km"], b["length_mi"]) for b in body["borders"]] == [
        ("border:COL-VEN", 2219, 1379)
    ]

    # Statements by one side about the other: Duque on Maduro.
    statements = [t for t in body["timeline"] if t["kind"] == "statement"]
    duque = [s for s in statements if s["speaker"] and s["speaker"]["id"] == "person:ivan-duque"]
    assert duque and "does not recognize" in duque[0]["text"]
    # Dated first in order, undated last.
    dates = [t["date"] for t in body["timeline"]]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated) and dates[: len(dated)] == dated


async def test_ties_accept_names_and_iso2_and_window(client: httpx.AsyncClient, seeded: Extraction) -> None:
    by_code = (await client.get("/api/ties/VEN/COL")).json()
    by_name = await client.get("/api/ties/venezuela/Colombia")
    by_iso2 = await client.get("/api/ties/VE/CO")
    assert by_name.status_code == by_iso2.status_code == 200
    assert [t["id"] for t in by_name.json()["timeline"]] == [t["id"] for t in by_code["timeline"]]
    assert [t["id"] for t in by_iso2.json()["timeline"]] == [t["id"] for t in by_code["timeline"]]
    window = (await client.get("/api/ties/VEN/COL", params={"from": "2022-08-08", "to": "2022-08"})).json()
    dates = [t["date"] for t in window["timeline"]]
    assert dates and set(dates) == {"2022-08-09"}
    assert "restore_military_ties" in {t["type"] for t in window["timeline"]}
    # States are computed over all events, whatever the window.
    assert {t["tie"] for t in window["ties"]} == {"diplomatic", "military"}
    before = (await client.get("/api/ties/VEN/COL", params={"as_of": "2022-08-08"})).json()
    assert {t["tie"]: t["state_as_of"] for t in before["ties"]}["military"] is None


@pytest.mark.parametrize(
    ("path", "status", "needle"),
    [
        ("/api/ties/VEN/XXX", 404, "b"),
        ("/api/ties/VEN/VEN", 422, "b"),
        ("/api/ties/VEN/COL?as_of=yesterday", 422, "as_of"),
        ("/api/ties/VEN/COL?limit=0", 422, "limit"),
    ],
)
async def test_ties_bad_input(
    client: httpx.AsyncClient, seeded: Extraction, path: str, status: int, needle: str
) -> None:
    response = await client.get(path)
    assert response.status_code == status, response.text
    assert needle in response.json()["detail"]
