"""The actor view (issue 12): events and statements collapsed into actor-to-actor links, through HTTP.

Expected links are worked out here from the seed's extraction and the vocabulary's `actor_links`,
independently of the graph, and compared exactly (kinds, directions, counts, sources, evidence).
"""

from __future__ import annotations

import json
from collections import defaultdict

import httpx
import pytest

from importers.contract import Extraction
from importers.vocabulary import ACTOR_LINKS
from tests.api.test_cli_parity import intelgraph

pytestmark = pytest.mark.anyio

COLOMBIA = "country:COL"
VENEZUELA = "country:VEN"
PADRINO = "person:vladimir-padrino-lopez"
VELASQUEZ = "person:ivan-velasquez"
LEYVA = "person:alvaro-leyva"
FARIA = "person:carlos-faria"


def expected_links(extraction: Extraction, ids: set[str]) -> dict[tuple[str, str, str], int]:
    """(kind, source, target) -> number of events/statements, among `ids`, from the extraction."""
    out: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for i, event in enumerate(extraction.events):
        kind = ACTOR_LINKS.events.get(event.type, ACTOR_LINKS.default)
        parts = [(p.entity, p.role) for p in event.participants if p.entity in ids]
        for x, (a, role_a) in enumerate(parts):
            for b, role_b in parts[x + 1 :]:
                if a == b:
                    continue
                if kind in ACTOR_LINKS.directed and (role_a, role_b) == ("actor", "target"):
                    key = (kind, a, b)
                elif kind in ACTOR_LINKS.directed and (role_a, role_b) == ("target", "actor"):
                    key = (kind, b, a)
                else:
                    key = (kind, min(a, b), max(a, b))
                out[key].add(f"event{i}")
    for i, statement in enumerate(extraction.statements):
        if statement.speaker not in ids:
            continue
        for about in statement.about:
            if about in ids and about != statement.speaker:
                out[(ACTOR_LINKS.statement, statement.speaker, about)].add(f"statement{i}")
    return {k: len(v) for k, v in out.items()}


async def test_neighbourhood_actor_view_links_are_exact(
    client: httpx.AsyncClient, seeded: Extraction
) -> None:
    response = await client.get(f"/api/entities/{COLOMBIA}/neighbourhood", params={"view": "actors"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["view"] == "actors" and body["center"] == COLOMBIA and body["truncated"] is False
    ids = {n["id"] for n in body["nodes"]}
    # Only actors are drawn: no statement or event node in the actor view.
    assert {n["type"] for n in body["nodes"]} <= {"Person", "Country", "Organization", "Office", "Border"}
    derived = {
        (link["kind"], link["source"], link["target"]): link["events"]
        for link in body["links"]
        if link["kind"] in set(ACTOR_LINKS.events.values()) | {ACTOR_LINKS.default, ACTOR_LINKS.statement}
    }
    assert derived == expected_links(seeded, ids)
    # Colombia and Venezuela: two restorations of ties (co-participation), one agreement, and one
    # statement of Venezuela's about Colombia, each from the one seed document.
    by_key = {(link["kind"], link["source"], link["target"]): link for link in body["links"]}
    assert by_key[("co_participated", COLOMBIA, VENEZUELA)]["events"] == 2
    assert by_key[("agreed_with", COLOMBIA, VENEZUELA)]["events"] == 1
    said = by_key[("said_about", VENEZUELA, COLOMBIA)]
    assert said["events"] == 1 and said["directed"] is True
    text = seeded.text or ""
    for link in body["links"]:
        assert link["sources"] == 1, link  # one seed document: one independent source
        assert len(link["evidence"]) == link["events"]
        for carrier in link["evidence"]:
            assert carrier["evidence"], carrier
            for ev in carrier["evidence"]:
                assert ev["doc_id"] == seeded.document.id
                assert text[ev["start"] : ev["end"]] == ev["text"]
    # The drawing: one edge per link, between drawn nodes, carrying the counts.
    assert {e["id"] for e in body["edges"]} == {link["id"] for link in body["links"]}
    for edge in body["edges"]:
        assert {edge["source"], edge["target"]} <= ids
        assert edge["properties"]["events"] >= 1 and edge["sources"] == 1


async def test_meeting_is_a_met_link(client: httpx.AsyncClient, seeded: Extraction) -> None:
    response = await client.get(f"/api/entities/{LEYVA}/neighbourhood", params={"view": "actors"})
    assert response.status_code == 200, response.text
    links = [lk for lk in response.json()["links"] if {lk["source"], lk["target"]} == {LEYVA, FARIA}]
    assert [(lk["kind"], lk["events"], lk["sources"], lk["directed"]) for lk in links] == [
        ("met", 1, 1, False)
    ]
    [carrier] = links[0]["evidence"]
    assert carrier["type"] == "Event" and carrier["subtype"] == "meeting"


async def test_default_view_is_unchanged(client: httpx.AsyncClient, seeded: Extraction) -> None:
    response = await client.get(f"/api/entities/{COLOMBIA}/neighbourhood")
    assert response.status_code == 200
    body = response.json()
    assert body["view"] == "facts" and body["links"] == []
    assert "Event" in {n["type"] for n in body["nodes"]}


async def test_paths_in_the_actor_view(client: httpx.AsyncClient, seeded: Extraction) -> None:
    response = await client.get("/api/paths", params={"from": PADRINO, "to": VELASQUEZ, "view": "actors"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["view"] == "actors"
    # Padrino Lopez spoke about Velasquez: one actor hop where the stored graph needs two.
    assert [[n["id"] for n in p["nodes"]] for p in body["paths"]] == [[PADRINO, VELASQUEZ]]
    [hop] = body["paths"][0]["hops"]
    assert (hop["type"], hop["source"], hop["target"], hop["forward"]) == (
        "said_about",
        PADRINO,
        VELASQUEZ,
        True,
    )
    assert hop["sources"] == 1 and hop["properties"]["events"] == 1 and hop["evidence"]
    facts = await client.get("/api/paths", params={"from": PADRINO, "to": VELASQUEZ})
    assert {p["length"] for p in facts.json()["paths"]} == {2}
    assert {n["id"] for n in body["graph"]["nodes"]} == {PADRINO, VELASQUEZ}
    # Longer: Leyva to Velasquez passes through actors only.
    longer = await client.get(
        "/api/paths", params={"from": LEYVA, "to": VELASQUEZ, "view": "actors", "mode": "k_shortest", "k": 3}
    )
    assert longer.status_code == 200, longer.text
    for path in longer.json()["paths"]:
        assert all(not n["id"].startswith(("event:", "stmt:")) for n in path["nodes"])
        assert path["length"] == len(path["hops"]) == len(path["nodes"]) - 1


async def test_actor_view_bounds(client: httpx.AsyncClient, seeded: Extraction) -> None:
    bad = await client.get(f"/api/entities/{COLOMBIA}/neighbourhood", params={"view": "people"})
    assert bad.status_code == 422
    missing = await client.get("/api/entities/country:XXX/neighbourhood", params={"view": "actors"})
    assert missing.status_code == 404


async def test_actor_view_takes_every_node_type_the_schema_allows(
    client: httpx.AsyncClient, seeded: Extraction
) -> None:
    """Found by schemathesis: `entity_types=Event` is valid for the endpoint, so the actor view
    must not refuse it; event and statement types select no actor."""
    url = f"/api/entities/{COLOMBIA}/neighbourhood"
    people = await client.get(url, params={"view": "actors", "entity_types": "Person,Event,Statement"})
    assert people.status_code == 200, people.text
    types = [n["type"] for n in people.json()["nodes"] if n["id"] != COLOMBIA]
    assert types and set(types) == {"Person"}
    only_events = await client.get(url, params={"view": "actors", "entity_types": "Event"})
    assert only_events.status_code == 200, only_events.text
    assert [n["id"] for n in only_events.json()["nodes"]] == [COLOMBIA]
    assert only_events.json()["links"] == []


async def test_cli_paths_actors_matches_the_api(
    client: httpx.AsyncClient, seeded: Extraction, neo4j_env: dict[str, str]
) -> None:
    api = await client.get("/api/paths", params={"from": PADRINO, "to": VELASQUEZ, "view": "actors"})
    done = intelgraph(neo4j_env, "paths", PADRINO, VELASQUEZ, "--actors", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == api.json()
    table = intelgraph(neo4j_env, "paths", PADRINO, VELASQUEZ, "--actors")
    assert table.returncode == 0, table.stderr
    assert "-> said_about [1 source(s), 1 event(s)]" in table.stdout
