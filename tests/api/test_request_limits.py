"""Every request bounded (issue 14): body size, the key before the body, metadata caps, calendar dates,
the one document limit, and the extraction workers' concurrency limit and timeout.

Bodies are sent from async generators that count how many chunks the server pulled, so "refused
before the body was read" is observed, not assumed (httpx's ASGI transport reads the request body
only when the app asks for it).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx
import pytest

from app.extract_workers import stop_all
from tests.api.conftest import Keys, bearer, make_app

pytestmark = pytest.mark.anyio

TEXT = (
    "Colombian President Gustavo Petro met Venezuelan President Nicolas Maduro in Caracas on Monday. "
    "The two leaders agreed to reopen the border."
)
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module", autouse=True)
def _stop_workers() -> Iterator[None]:
    yield
    stop_all()  # the worker processes of this module's settings are not needed by others


@asynccontextmanager
async def app_client(
    neo4j_server: object, api_keys: Keys, **overrides: object
) -> AsyncIterator[httpx.AsyncClient]:
    app = make_app(neo4j_server, api_keys, **overrides)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=180) as c:
            yield c


class CountingBody:
    """A request body of `chunks` x `size` bytes that records how many chunks were pulled."""

    def __init__(self, chunks: int, size: int) -> None:
        self.chunks, self.size, self.pulled = chunks, size, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.chunks):
            self.pulled += 1
            yield b"x" * self.size


def assert_problem(response: httpx.Response, status: int, slug: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    assert body["type"] == f"urn:intelgraph:problem:{slug}" and body["status"] == status
    return body


async def test_body_over_the_limit_is_refused_before_and_while_reading(
    neo4j_server: object, neo4j_database: str, api_keys: Keys
) -> None:
    async with app_client(neo4j_server, api_keys, max_request_bytes=1000) as client:
        # A declared length over the limit: 413 without pulling a single chunk.
        declared = CountingBody(10, 500)
        response = await client.post(
            "/api/extract", content=declared, headers={**JSON, "content-length": "5000"}
        )
        body = assert_problem(response, 413, "payload-too-large")
        assert body["detail"] == (
            "request body: 5,000 bytes, more than the 1,000 allowed (INTELGRAPH_MAX_REQUEST_BYTES)"
        )
        assert declared.pulled == 0
        # No declared length (chunked): counted while read, refused on the chunk that passes 1,000.
        chunked = CountingBody(10, 500)
        response = await client.post("/api/extract", content=chunked, headers=JSON)
        body = assert_problem(response, 413, "payload-too-large")
        assert body["detail"] == (
            "request body: more than the 1,000 bytes allowed (INTELGRAPH_MAX_REQUEST_BYTES)"
        )
        assert chunked.pulled == 3
        # The same limit on a write route, with a key.
        chunked = CountingBody(10, 500)
        response = await client.post(
            "/api/documents", content=chunked, headers={**JSON, **bearer(api_keys.write)}
        )
        assert_problem(response, 413, "payload-too-large")
        assert chunked.pulled == 3


async def test_the_key_is_checked_before_the_body_is_read(
    neo4j_server: object, neo4j_database: str, api_keys: Keys
) -> None:
    async with app_client(neo4j_server, api_keys) as client:
        for path in ("/api/documents", "/api/queries"):
            keyless = CountingBody(100, 1000)
            response = await client.post(path, content=keyless, headers=JSON)
            assert_problem(response, 401, "unauthorized")
            assert response.headers["www-authenticate"] == "Bearer"
            assert keyless.pulled == 0
            reader = CountingBody(100, 1000)
            response = await client.post(path, content=reader, headers={**JSON, **bearer(api_keys.read)})
            assert_problem(response, 403, "forbidden")
            assert reader.pulled == 0
        # With a write key the body is read (and, here, refused as JSON): the check let it through.
        writer = CountingBody(2, 10)
        response = await client.post(
            "/api/documents", content=writer, headers={**JSON, **bearer(api_keys.write)}
        )
        assert_problem(response, 422, "validation")
        assert writer.pulled == 2


async def test_the_extract_preview_needs_a_key_when_reads_do(
    neo4j_server: object, neo4j_database: str, api_keys: Keys
) -> None:
    async with app_client(neo4j_server, api_keys, api_reads_require_key=True) as client:
        keyless = CountingBody(100, 1000)
        response = await client.post("/api/extract", content=keyless, headers=JSON)
        assert_problem(response, 401, "unauthorized")
        assert keyless.pulled == 0
        response = await client.post("/api/extract", json={"text": TEXT}, headers=bearer(api_keys.read))
        assert response.status_code == 200, response.text
        assert "person:gustavo-petro" in {e["id"] for e in response.json()["entities"]}


async def test_a_published_date_must_be_a_calendar_date(
    client: httpx.AsyncClient, api_keys: Keys, neo4j_database: str
) -> None:
    before = (await client.get("/api/documents", params={"limit": 200})).json()["items"]
    for published in ("2022-13-45", "2022-02-29", "2022-00-10"):
        response = await client.post(
            "/api/documents",
            json={"documents": [{"text": TEXT, "published": published}]},
            headers=bearer(api_keys.write),
        )
        body = assert_problem(response, 422, "validation")
        assert body["errors"][0]["loc"] == ["body", "documents", 0, "published"]  # type: ignore[index]
        assert f"'{published}' is not a calendar date" in str(body["detail"])
        preview = await client.post("/api/extract", json={"text": TEXT, "published": published})
        assert_problem(preview, 422, "validation")
    after = (await client.get("/api/documents", params={"limit": 200})).json()["items"]
    assert after == before


async def test_metadata_is_capped(client: httpx.AsyncClient, api_keys: Keys, neo4j_database: str) -> None:
    cases: list[tuple[dict[str, object], str]] = [
        ({f"k{i}": i for i in range(51)}, "51 keys, more than the 50 allowed"),
        ({"k" * 101: 1}, f"key {'k' * 40!r}: a key has 1 to 100 characters"),
        ({"note": "x" * 2001}, "note: 2,001 characters, more than the 2,000 allowed"),
        ({"tags": list(range(51))}, "tags: 51 values, more than the 50 allowed"),
        ({"nested": {"a": 1}}, "nested: must be a string, number, boolean, null, or a list of them"),
        ({f"n{i}": "x" * 2000 for i in range(9)}, "18,073 bytes as JSON, more than the 16,384 allowed"),
    ]
    for metadata, message in cases:
        response = await client.post(
            "/api/documents",
            json={"documents": [{"text": TEXT, "metadata": metadata}]},
            headers=bearer(api_keys.write),
        )
        body = assert_problem(response, 422, "validation")
        assert body["detail"] == f"body.documents.0.metadata: Value error, {message}"
    # Within every cap: accepted, and carried into the extraction.
    metadata = {f"k{i}": "v" for i in range(49)} | {"tags": ["a", "b"]}
    response = await client.post("/api/extract", json={"text": TEXT, "metadata": metadata})
    assert response.status_code == 200, response.text
    assert response.json()["document"]["metadata"] == metadata


async def test_one_document_limit_in_bytes(neo4j_server: object, neo4j_database: str, api_keys: Keys) -> None:
    async with app_client(neo4j_server, api_keys, max_document_bytes=1000) as client:
        response = await client.post("/api/extract", json={"text": "a" * 1001})
        body = assert_problem(response, 413, "payload-too-large")
        assert body["detail"] == (
            "text: 1,001 bytes, more than the 1,000 allowed (INTELGRAPH_MAX_DOCUMENT_BYTES)"
        )
        # Bytes, not characters: 600 two-byte characters are 1,200 bytes.
        response = await client.post("/api/extract", json={"text": "é" * 600})
        assert_problem(response, 413, "payload-too-large")
        before = (await client.get("/api/documents", params={"limit": 200})).json()["items"]
        response = await client.post(
            "/api/documents",
            json={"documents": [{"text": TEXT}, {"text": "b" * 1001}]},
            headers=bearer(api_keys.write),
        )
        body = assert_problem(response, 413, "payload-too-large")
        assert str(body["detail"]).startswith("documents.1.text: 1,001 bytes")
        after = (await client.get("/api/documents", params={"limit": 200})).json()["items"]
        assert after == before  # nothing half-written: the first document was not loaded either


async def test_extraction_concurrency_limit_answers_429(
    neo4j_server: object, neo4j_database: str, api_keys: Keys
) -> None:
    async with app_client(neo4j_server, api_keys, extract_workers=1, extract_queue=0) as client:
        # The first request holds the only worker (starting it alone takes seconds); the second,
        # sent while it runs, finds no room.
        first = asyncio.ensure_future(client.post("/api/extract", json={"text": TEXT}))
        await asyncio.sleep(0.5)
        second = await client.post("/api/extract", json={"text": TEXT})
        body = assert_problem(second, 429, "too-many-requests")
        assert second.headers["retry-after"] == "5" and body["retry_after"] == 5
        assert "INTELGRAPH_EXTRACT_WORKERS" in str(body["detail"])
        assert (await first).status_code == 200
        # Room again once the first is done.
        third = await client.post("/api/extract", json={"text": TEXT})
        assert third.status_code == 200, third.text


async def test_an_extraction_past_the_timeout_is_stopped(
    neo4j_server: object, neo4j_database: str, api_keys: Keys
) -> None:
    long_text = " ".join([TEXT] * 400)  # ~55,000 characters: seconds of parsing
    async with app_client(neo4j_server, api_keys, extract_timeout_s=0.5) as client:
        response = await client.post("/api/extract", json={"text": long_text})
        body = assert_problem(response, 504, "extraction-timeout")
        assert "INTELGRAPH_EXTRACT_TIMEOUT_S" in str(body["detail"])
