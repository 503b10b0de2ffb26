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
    # The undated break comes first: unknown start, known by the dated pledge that restores ties.
    assert [
        (i["state"], i["from"], i["from_latest"], i["to"], i["to_latest"]) for i in diplomatic["intervals"]
    ] == [
        ("broken", None, "2022-08-07", "2022-08-07", "2022-08-07"),
        ("restoring", "2022-08-07", "2022-08-07", None, None),
    ], diplomatic
    assert diplomatic["intervals"][0]["event_type"] == "break_diplomatic_ties"
    assert diplomatic["state_as_of"] == "restoring"
    # The restoring state with its evidence: the pledge (dated) and the agreement (undated, so at
    # the latest the publication date), each with the seed's sentence.
    evidence = {
        (e["event_type"], e["modality"], e["date"], e["latest"]) for e in diplomatic["evidence_as_of"]
    }
    assert evidence == {
        ("restore_diplomatic_ties", "pledged", "2022-08-07", "2022-08-07"),
        ("restore_diplomatic_ties", "agreed", None, "2022-08-09"),
    }
    for e in diplomatic["evidence_as_of"]:
        assert [(x["published"], x["doc_title"]) for x in e["evidence"]] == [
            ("2022-08-09", "Venezuela and Colombia move to restore military and diplomatic ties")
        ]
    assert any(
        "pledged to rebuild diplomatic relations" in x["text"]
        for e in diplomatic["evidence_as_of"]
        for x in e["evidence"]
    )
    military = ties["military"]
    assert military["state_as_of"] == "restoring"
    assert [(e["event_type"], e["modality"]) for e in military["evidence_as_of"]] == [
        ("restore_military_ties", "planned")
    ]
    assert "plans to reestablish military ties" in military["evidence_as_of"][0]["evidence"][0]["text"]
    assert military["intervals"][0]["from"] == military["intervals"][0]["from_latest"] == "2022-08-09"
    assert military["intervals"][0]["modality"] == "planned"

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
    assert {t["tie"]: t["state_as_of"] for t in before["ties"]}["military"] == "unknown"


@pytest.mark.parametrize("as_of", ["2015", "2019-02-23", "2022-08-06"])
async def test_ties_before_any_evidence_are_unknown(
    client: httpx.AsyncClient, seeded: Extraction, as_of: str
) -> None:
    """Undated events are bounded by their publication: no state is inherited back in time."""
    body = (await client.get("/api/ties/VEN/COL", params={"as_of": as_of})).json()
    assert {t["tie"]: (t["state_as_of"], t["evidence_as_of"]) for t in body["ties"]} == {
        "diplomatic": ("unknown", []),
        "military": ("unknown", []),
    }


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
