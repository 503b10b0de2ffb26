"""Reads that cost nothing when nothing changed (app/cache, importers/generation.py): ETags, 304s,
the in-process answer cache, and its invalidation by every kind of write (import through the API
and outside it, retraction, saved-query save and delete). No timings: behaviour only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import neo4j
import pytest
from fastapi import FastAPI

from app.cache import ResponseCache
from app.graph.errors import UnsafeQuery
from app.graph.saved_queries import forget_verdicts, run_query
from app.graph.saved_spec import QueryPolicy, build_spec
from importers.contract import Extraction
from importers.cypher_runner import CypherRunner
from importers.generation import read_generation
from importers.loader import Loader
from importers.retraction import retract_document
from tests.api.conftest import Keys, bearer, make_app
from tests.api.test_documents import NEW_DOC
from tests.api.test_saved_queries import USER_QUERY

pytestmark = pytest.mark.anyio

# One of each kind of read the API serves.
READS: list[tuple[str, dict[str, Any]]] = [
    ("/api/search", {"q": "Petro"}),
    ("/api/entities/person:gustavo-petro", {}),
    ("/api/entities/person:gustavo-petro/neighbourhood", {}),
    ("/api/paths", {"from": "Padrino Lopez", "to": "Velasquez"}),
    ("/api/ties/VEN/COL", {"as_of": "2022-08-10"}),
    ("/api/ties/VEN/COL", {}),
    ("/api/statements", {"speaker": "person:nicolas-maduro"}),
    ("/api/documents", {"limit": 5}),
    ("/api/queries", {}),
    ("/api/queries/officials_on_date", {}),
]


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=120) as c:
            yield c


@pytest.fixture
async def cached(
    neo4j_server: object, neo4j_database: str, api_keys: Keys, anyio_backend: str
) -> AsyncIterator[tuple[httpx.AsyncClient, ResponseCache]]:
    app = make_app(neo4j_server, api_keys, query_timeout_s=60)  # a cold plan on a busy machine
    async with serving(app) as c:
        yield c, app.state.response_cache


def _etag(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-cache"
    etag = response.headers["etag"]
    assert etag.startswith('W/"') and etag.endswith('"') and len(etag) == 36
    return etag


async def test_cached_answers_are_byte_identical_to_uncached_ones(
    cached: tuple[httpx.AsyncClient, ResponseCache],
    neo4j_server: object,
    api_keys: Keys,
    seeded: Extraction,
) -> None:
    client, cache = cached
    uncached_app = make_app(neo4j_server, api_keys, response_cache_bytes=0, query_timeout_s=60)
    async with serving(uncached_app) as plain:
        for path, params in READS:
            fresh = await plain.get(path, params=params)
            first = await client.get(path, params=params)
            hits = cache.hits
            second = await client.get(path, params=params)
            assert fresh.status_code == first.status_code == second.status_code == 200, (path, first.text)
            assert cache.hits == hits + 1, path  # the second answer came from the cache
            assert fresh.content == first.content == second.content, path
            assert fresh.headers["content-type"] == second.headers["content-type"], path
            # Same generation, same request: the same validator, with or without a stored body.
            assert _etag(fresh) == _etag(first) == _etag(second), path
        assert len(uncached_app.state.response_cache) == 0
    assert len(cache) == len(READS)


async def test_if_none_match_answers_304_and_the_validator_depends_on_the_request(
    cached: tuple[httpx.AsyncClient, ResponseCache], api_keys: Keys, seeded: Extraction
) -> None:
    client, _ = cached
    path = "/api/entities/person:gustavo-petro"
    etag = _etag(await client.get(path))
    not_modified = await client.get(path, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["etag"] == etag and not_modified.headers["cache-control"] == "no-cache"
    listed = await client.get(path, headers={"If-None-Match": f'W/"other", {etag.removeprefix("W/")}'})
    assert listed.status_code == 304
    assert (await client.get(path, headers={"If-None-Match": 'W/"other"'})).status_code == 200
    # Another entity, another query string, another role or another Accept: another validator.
    others = {
        _etag(await client.get("/api/entities/person:nicolas-maduro")),
        _etag(await client.get(path, params={"x": "1"})),
        _etag(await client.get(path, headers=bearer(api_keys.read))),
        _etag(await client.get(path, headers={"Accept": "application/json"})),
    }
    assert etag not in others and len(others) == 4
    # A caller the route refuses gets the route's 401 (never a cached answer, never a validator).
    refused = await client.get(path, headers={**bearer("igk_not-a-key"), "If-None-Match": etag})
    assert refused.status_code == 401 and "etag" not in refused.headers
    # Errors are not cached and carry no validator.
    missing = await client.get("/api/entities/person:no-such-person")
    assert missing.status_code == 404 and "etag" not in missing.headers


async def test_import_and_retraction_through_the_api_change_the_answer_and_its_etag(
    cached: tuple[httpx.AsyncClient, ResponseCache], api_keys: Keys, seeded: Extraction
) -> None:
    client, _ = cached
    listing = {"limit": 200}
    before = await client.get("/api/documents", params=listing)
    before_tag = _etag(before)
    petro = "/api/entities/person:gustavo-petro"
    petro_before = await client.get(petro)
    assert petro_before.json()["documents_count"] == 1
    created = await client.post(
        "/api/documents", json={"documents": [NEW_DOC]}, headers=bearer(api_keys.write)
    )
    assert created.status_code == 201, created.text
    doc_id = created.json()["added"][0]["id"]
    try:
        after = await client.get("/api/documents", params=listing, headers={"If-None-Match": before_tag})
        assert after.status_code == 200  # the old validator no longer matches
        after_tag = _etag(after)
        assert after_tag != before_tag
        assert doc_id in {d["id"] for d in after.json()["items"]}
        assert doc_id not in {d["id"] for d in before.json()["items"]}
        assert (await client.get(petro)).json()["documents_count"] == 2
    finally:
        retracted = await client.delete(f"/api/documents/{doc_id}", headers=bearer(api_keys.write))
    assert retracted.status_code == 200, retracted.text
    final = await client.get("/api/documents", params=listing, headers={"If-None-Match": after_tag})
    assert final.status_code == 200
    assert _etag(final) not in {before_tag, after_tag}
    assert doc_id not in {d["id"] for d in final.json()["items"]}
    assert final.content == before.content  # the same data again: the same bytes
    assert (await client.get(petro)).json()["documents_count"] == 1  # (its last_seen moved on)


async def test_writes_outside_the_api_are_seen_at_once(
    cached: tuple[httpx.AsyncClient, ResponseCache],
    neo4j_driver: neo4j.Driver,
    neo4j_database: str,
    seeded: Extraction,
) -> None:
    """An import by the CLI (another process: the loader, not the app) and a retraction the same way."""
    client, cache = cached
    runner = CypherRunner(neo4j_driver, neo4j_database)
    path = f"/api/documents/{seeded.document.id}"
    first = await client.get(path)
    tag = _etag(first)
    assert len(cache) >= 1
    generation = read_generation(runner)
    assert retract_document(runner, seeded.document.id) is not None
    assert read_generation(runner).value == generation.value + 1
    gone = await client.get(path, headers={"If-None-Match": tag})
    assert gone.status_code == 404
    result = Loader(runner).load_batch([seeded])
    assert result.loaded == [seeded.document.id]
    assert read_generation(runner).value == generation.value + 2
    back = await client.get(path, headers={"If-None-Match": tag})
    assert back.status_code == 200 and _etag(back) != tag
    assert back.json()["id"] == first.json()["id"] and back.json()["text"] == first.json()["text"]
    # Loading the unchanged document again writes nothing: the generation (and the ETag) stay.
    assert Loader(runner).load_batch([seeded]).skipped == [seeded.document.id]
    assert read_generation(runner).value == generation.value + 2
    assert (await client.get(path, headers={"If-None-Match": _etag(back)})).status_code == 304


async def test_saved_query_save_and_delete_change_the_list_and_its_etag(
    cached: tuple[httpx.AsyncClient, ResponseCache],
    api_keys: Keys,
    neo4j_driver: neo4j.Driver,
    neo4j_database: str,
    seeded: Extraction,
) -> None:
    client, _ = cached
    runner = CypherRunner(neo4j_driver, neo4j_database)
    name = USER_QUERY["name"]
    await client.delete(f"/api/queries/{name}", headers=bearer(api_keys.write))  # a leftover, if any
    listed = await client.get("/api/queries")
    tag = _etag(listed)
    assert name not in {q["name"] for q in listed.json()["items"]}
    generation = read_generation(runner).value
    saved = await client.post("/api/queries", json=USER_QUERY, headers=bearer(api_keys.write))
    assert saved.status_code == 201, saved.text
    assert read_generation(runner).value == generation + 1
    with_it = await client.get("/api/queries", headers={"If-None-Match": tag})
    assert with_it.status_code == 200 and name in {q["name"] for q in with_it.json()["items"]}
    with_tag = _etag(with_it)
    assert with_tag != tag
    deleted = await client.delete(f"/api/queries/{name}", headers=bearer(api_keys.write))
    assert deleted.status_code == 204
    assert read_generation(runner).value == generation + 2
    without = await client.get("/api/queries", headers={"If-None-Match": with_tag})
    assert without.status_code == 200 and name not in {q["name"] for q in without.json()["items"]}
    assert _etag(without) not in {tag, with_tag}
    assert without.content == listed.content
    # Deleting what is not there writes nothing.
    assert (await client.delete(f"/api/queries/{name}", headers=bearer(api_keys.write))).status_code == 404
    assert read_generation(runner).value == generation + 2


async def test_a_remembered_verdict_never_outlives_its_allow_list(
    neo4j_driver: neo4j.Driver, neo4j_database: str, seeded: Extraction, anyio_backend: str
) -> None:
    """The saved-query verdict is cached per text *and* allow-lists: a narrower list judges again."""
    forget_verdicts()
    spec = build_spec(
        {
            "name": "upper_test",
            "description": "shouts",
            "parameters": {"q": {"type": "string", "required": True}},
        },
        "RETURN toUpper($q) AS shout",
        source="test",
        origin="user",
    )
    wide = QueryPolicy.parse("", "builtin")
    for _ in range(2):  # judged the first time, remembered the second: the same answer
        result = run_query(
            neo4j_driver, neo4j_database, spec, {"q": "ab"}, max_rows=10, timeout=10, policy=wide
        )
        assert result.rows == [{"shout": "AB"}]
    narrow = QueryPolicy.parse("", "tolower")
    with pytest.raises(UnsafeQuery, match=r"toUpper\(\) is not allowed"):
        run_query(neo4j_driver, neo4j_database, spec, {"q": "ab"}, max_rows=10, timeout=10, policy=narrow)
