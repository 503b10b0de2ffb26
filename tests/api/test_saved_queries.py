"""Saved queries through HTTP: the shipped library, user queries, read-only enforcement, CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import neo4j
import pytest

from app.graph.saved_queries import explain_check, shipped
from importers.contract import Extraction
from tests.api.conftest import Keys, bearer, make_app

pytestmark = pytest.mark.anyio

# Parameters that make each shipped query find something in the seed article.
SEED_PARAMS: dict[str, dict[str, Any]] = {
    "officials_on_date": {"jurisdiction": "country:COL", "date": "2022-08-09"},
    "who_said_what": {"about": "person:nicolas-maduro"},
    "quotes_by_office": {"title": "defense"},
    "tie_timeline": {"a": "country:VEN", "b": "country:COL"},
    "paths_between": {"from": "person:vladimir-padrino-lopez", "to": "person:ivan-velasquez"},
    "most_connected": {},
    "co_mentioned": {"entity": "person:nicolas-maduro"},
    "contradicting_statements": {},
    "recognition_disputes": {"target": "person:nicolas-maduro"},
    "sources_for_entity": {"entity": "person:gustavo-petro"},
    "single_source_facts": {},
    "border_facts": {"country": "country:VEN"},
    "events_by_type": {"type": "restore_diplomatic_ties", "from": "2022"},
    "entity_timeline": {"entity": "person:gustavo-petro"},
}
# The seed has no contradiction; tests/api/test_contradictions.py loads articles that do.
MAY_BE_EMPTY: set[str] = {"contradicting_statements"}

USER_QUERY = {
    "name": "people_named_test",
    "description": "People whose name contains a string",
    "cypher": "MATCH (p:Person) WHERE toLower(p.name) CONTAINS toLower($q) "
    "RETURN p.name AS name ORDER BY name LIMIT $limit",
    "parameters": {
        "q": {"type": "string", "required": True},
        "limit": {"type": "integer", "default": 10, "minimum": 1, "maximum": 100},
    },
    "columns": ["name"],
}


async def test_every_shipped_query_passes_explain_and_runs(
    client: httpx.AsyncClient, seeded: Extraction, neo4j_driver: neo4j.Driver, neo4j_database: str
) -> None:
    listed = (await client.get("/api/queries")).json()["items"]
    names = {q["name"] for q in listed if q["origin"] == "shipped"}
    assert len(names) >= 12 and names == set(shipped()) == set(SEED_PARAMS)
    for name, spec in shipped().items():
        explain_check(neo4j_driver, neo4j_database, spec, timeout=30)
        response = await client.post(f"/api/queries/{name}/run", json={"params": SEED_PARAMS[name]})
        assert response.status_code == 200, (name, response.text)
        body = response.json()
        assert body["columns"] == spec.columns, name
        if name not in MAY_BE_EMPTY:
            assert body["rows"], name
    item = next(q for q in listed if q["name"] == "officials_on_date")
    assert item["parameters"]["required"] == ["jurisdiction"]
    assert item["parameters"]["properties"]["limit"]["maximum"] == 1000


async def test_shipped_queries_answer_the_seed(client: httpx.AsyncClient, seeded: Extraction) -> None:
    officials = (
        await client.post(
            "/api/queries/officials_on_date/run",
            json={"params": {"jurisdiction": "country:COL", "date": "2022-08-09"}},
        )
    ).json()
    people = {r["person_id"] for r in officials["rows"]}
    assert {"person:gustavo-petro", "person:ivan-velasquez"} <= people
    paths = (
        await client.post("/api/queries/paths_between/run", json={"params": SEED_PARAMS["paths_between"]})
    ).json()
    assert (
        paths["graph"]["nodes"]
        and paths["rows"][0]["path"]["nodes"][0]["id"] == "person:vladimir-padrino-lopez"
    )
    borders = (await client.post("/api/queries/border_facts/run", json={"params": {}})).json()["rows"]
    assert [(b["length_km"], b["countries"]) for b in borders] == [(2219, ["Colombia", "Venezuela"])]
    disputes = (await client.post("/api/queries/recognition_disputes/run", json={"params": {}})).json()[
        "rows"
    ]
    assert any(r["actor"] == "Ivan Duque" and r["recognizes"] is False for r in disputes)


async def test_run_validation_and_csv(client: httpx.AsyncClient, seeded: Extraction) -> None:
    for params, field in (
        ({}, "params.jurisdiction"),
        ({"jurisdiction": "country:COL", "limit": 5000}, "params.limit"),
        ({"jurisdiction": "country:COL", "date": "last week"}, "params.date"),
        ({"jurisdiction": "country:COL", "colour": "red"}, "params.colour"),
    ):
        response = await client.post("/api/queries/officials_on_date/run", json={"params": params})
        assert response.status_code == 422, response.text
        assert response.json()["detail"].startswith(field)
    assert (await client.post("/api/queries/no_such_query/run", json={})).status_code == 404
    assert (await client.get("/api/queries/Bad-Name")).status_code == 422
    as_csv = await client.post("/api/queries/border_facts/run?format=csv", json={"params": {}})
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert rows[0] == shipped()["border_facts"].columns
    assert rows[1][1] == "Colombia;Venezuela" and rows[1][2] == "2219"
    by_accept = await client.post("/api/queries/border_facts/run", json={}, headers={"Accept": "text/csv"})
    assert by_accept.text == as_csv.text


@pytest.mark.parametrize(
    ("cypher", "reason"),
    [
        ("CREATE (n:Person {name: $q}) RETURN n", "must be read-only"),
        ("MATCH (n:Person) WHERE n.name = $q DETACH DELETE n", "query type"),
        ("MATCH (n:Person) WHERE n.name = $q SET n.name = 'x' RETURN n", "query type 'rw'"),
        ("MATCH (n:Person) WHERE n.name = $q MERGE (m:Person {name: 'x'}) RETURN n", "query type 'rw'"),
        ("CREATE INDEX evil IF NOT EXISTS FOR (n:Person) ON (n.q)", "schema"),
        ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "LOAD CSV"),
        ("MATCH (n) RETURN n; MATCH (n) DETACH DELETE n", "one statement"),
        ("MATCH (n RETURN n", "not valid Cypher"),
    ],
)
async def test_write_queries_are_refused(
    client: httpx.AsyncClient, api_keys: Keys, cypher: str, reason: str
) -> None:
    body = {
        **USER_QUERY,
        "name": "evil_query",
        "cypher": cypher,
        "parameters": {"q": {"type": "string"}} if "$q" in cypher else {},
    }
    response = await client.post("/api/queries", json=body, headers=bearer(api_keys.write))
    assert response.status_code == 422, response.text
    assert response.json()["type"].endswith("unsafe-query")
    assert reason in response.json()["detail"]
    assert (await client.get("/api/queries/evil_query")).status_code == 404


async def test_user_query_lifecycle(client: httpx.AsyncClient, seeded: Extraction, api_keys: Keys) -> None:
    assert (await client.post("/api/queries", json=USER_QUERY)).status_code == 401
    assert (
        await client.post("/api/queries", json=USER_QUERY, headers=bearer(api_keys.read))
    ).status_code == 403
    shipped_name = {**USER_QUERY, "name": "border_facts"}
    assert (
        await client.post("/api/queries", json=shipped_name, headers=bearer(api_keys.write))
    ).status_code == 409
    saved = await client.post("/api/queries", json=USER_QUERY, headers=bearer(api_keys.write))
    assert saved.status_code == 201, saved.text
    try:
        assert saved.json()["origin"] == "user" and saved.json()["version"] == 1
        assert saved.json()["created_by"] == "test-writer"
        listed = {q["name"]: q for q in (await client.get("/api/queries")).json()["items"]}
        assert listed["people_named_test"]["origin"] == "user"
        run = await client.post("/api/queries/people_named_test/run", json={"params": {"q": "ivan"}})
        assert run.status_code == 200
        assert [r["name"] for r in run.json()["rows"]] == ["Ivan Duque", "Ivan Velasquez"]
        missing = await client.post("/api/queries/people_named_test/run", json={"params": {}})
        assert missing.status_code == 422 and missing.json()["detail"].startswith("params.q")
        same = await client.post("/api/queries", json=USER_QUERY, headers=bearer(api_keys.write))
        assert same.json()["version"] == 1
        changed = {**USER_QUERY, "description": "People by partial name (v2)"}
        v2 = await client.post("/api/queries", json=changed, headers=bearer(api_keys.write))
        assert v2.json()["version"] == 2 and v2.json()["versions"] == [1, 2]
        old = await client.get("/api/queries/people_named_test", params={"version": 1})
        assert old.json()["description"] == USER_QUERY["description"]
    finally:
        deleted = await client.delete("/api/queries/people_named_test", headers=bearer(api_keys.write))
    assert deleted.status_code == 204
    assert (await client.get("/api/queries/people_named_test")).status_code == 404
    assert (
        await client.delete("/api/queries/people_named_test", headers=bearer(api_keys.write))
    ).status_code == 404
    assert (
        await client.delete("/api/queries/border_facts", headers=bearer(api_keys.admin))
    ).status_code == 409


async def test_query_timeout_is_504_naming_the_query(
    neo4j_server: object, neo4j_database: str, api_keys: Keys, anyio_backend: str
) -> None:
    slow = {
        **USER_QUERY,
        "name": "slow_count_test",
        "parameters": {},
        # 10^9 rows streamed (no memory held), from a literal list: range() is bounded at save.
        "cypher": "WITH [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] AS d UNWIND d AS a UNWIND d AS b UNWIND d AS c "
        "UNWIND d AS e UNWIND d AS f UNWIND d AS g UNWIND d AS h UNWIND d AS i UNWIND d AS x "
        "WITH x WHERE x % 7 = 3 RETURN count(x) AS n",
        "columns": ["n"],
    }
    app = make_app(neo4j_server, api_keys, query_timeout_s=0.5)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=60) as client:
            saved = await client.post("/api/queries", json=slow, headers=bearer(api_keys.write))
            assert saved.status_code == 201, saved.text
            try:
                response = await client.post("/api/queries/slow_count_test/run", json={})
                assert response.status_code == 504, response.text
                assert response.json()["query"] == "saved/slow_count_test"
                assert "saved/slow_count_test" in response.json()["detail"]
            finally:
                await client.delete("/api/queries/slow_count_test", headers=bearer(api_keys.write))


async def test_row_cap_truncates(
    neo4j_server: object, neo4j_database: str, api_keys: Keys, seeded: Extraction, anyio_backend: str
) -> None:
    app = make_app(neo4j_server, api_keys, max_rows=3)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=60) as client:
            response = await client.post("/api/queries/most_connected/run", json={"params": {"limit": 100}})
            body = response.json()
            assert response.status_code == 200 and body["row_count"] == 3 and body["truncated"] is True


def test_a_write_that_slipped_through_is_refused_by_the_read_transaction(
    neo4j_driver: neo4j.Driver, neo4j_database: str
) -> None:
    from app.errors import UnsafeQuery
    from app.graph.saved_queries import run_query
    from app.graph.saved_spec import SavedQuerySpec

    # Built by hand, bypassing the save-time EXPLAIN check, as a corrupted store might hold it: the
    # run judges the plan again (and the READ transaction would refuse the write anyway).
    spec = SavedQuerySpec(name="sneaky_write", description="x", cypher="CREATE (n:Sneaky) RETURN n")
    with pytest.raises(UnsafeQuery, match=r"read-only|read transaction"):
        run_query(neo4j_driver, neo4j_database, spec, {}, max_rows=10, timeout=10)
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (n:Sneaky) RETURN count(n) AS n", database_=neo4j_database
    )
    assert records[0]["n"] == 0


async def test_names_are_accepted_where_ids_are(client: httpx.AsyncClient, seeded: Extraction) -> None:
    """A name given for an id parameter is resolved to the id (user trial: `jurisdiction=Colombia`
    returned 0 rows); an unknown or ambiguous name is a 422 naming the parameter and the candidates."""

    async def run(name: str, params: dict[str, Any]) -> httpx.Response:
        return await client.post(f"/api/queries/{name}/run", json={"params": params})

    by_id = (await run("officials_on_date", {"jurisdiction": "country:COL"})).json()["rows"]
    assert by_id
    for given in ("Colombia", "colombia", "COL", "CO"):
        response = await run("officials_on_date", {"jurisdiction": given})
        assert response.status_code == 200, response.text
        assert response.json()["rows"] == by_id, given
    ties = await run("tie_timeline", {"a": "Venezuela", "b": "col"})
    assert ties.status_code == 200 and ties.json()["rows"] == (
        (await run("tie_timeline", SEED_PARAMS["tie_timeline"])).json()["rows"]
    )
    said = await run("who_said_what", {"about": "Nicolas Maduro"})
    assert said.json()["rows"] == (await run("who_said_what", SEED_PARAMS["who_said_what"])).json()["rows"]

    unknown = await run("officials_on_date", {"jurisdiction": "Colombi"})
    assert unknown.status_code == 422
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert unknown.json()["detail"] == (
        "params.jurisdiction: no entity is named 'Colombi'; did you mean country:COL (Colombia)?"
    )
    ambiguous = await run("who_said_what", {"speaker": "Minister of Defense"})
    assert ambiguous.status_code == 422, ambiguous.text
    detail = ambiguous.json()["detail"]
    assert detail.startswith("params.speaker: 'Minister of Defense' fits 2 entities: ")
    assert "office:minister-of-defense@country:COL" in detail
    assert "office:minister-of-defense@country:VEN" in detail
    # An id that matches nothing is passed on: the query answers (no rows), as before.
    missing = await run("officials_on_date", {"jurisdiction": "country:ZZZ"})
    assert missing.status_code == 200 and missing.json()["rows"] == []
