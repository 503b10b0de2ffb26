"""Access rules for reads, Neo4j unavailable (503 + Retry-After), and error bodies."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from app.main import create_app
from app.neo4j_server import free_port
from app.settings import Neo4jSettings, Settings
from tests.api.conftest import Keys, bearer, make_app

pytestmark = pytest.mark.anyio


async def test_reads_keyed_when_the_operator_says_so(
    neo4j_server: object, neo4j_database: str, api_keys: Keys, anyio_backend: str
) -> None:
    app = make_app(neo4j_server, api_keys, api_reads_require_key=True)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/api/search", params={"q": "x"})).status_code == 401
            ok = await client.get("/api/search", params={"q": "x"}, headers=bearer(api_keys.read))
            assert ok.status_code == 200


async def test_non_loopback_reads_need_a_key(
    neo4j_server: object, neo4j_database: str, api_keys: Keys, anyio_backend: str
) -> None:
    app = make_app(neo4j_server, api_keys)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 5555))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/api/queries")).status_code == 401
            assert (await client.get("/api/queries", headers=bearer(api_keys.read))).status_code == 200


async def test_neo4j_unavailable_is_503_with_retry_after(api_keys: Keys, anyio_backend: str) -> None:
    down = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password=SecretStr("x"))
    app = create_app(settings=Settings(api_keys_file=api_keys.path), neo4j_settings=down)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=60) as client:
            for url in (
                "/api/search?q=maduro",
                "/api/entities/person:x",
                "/api/ties/VEN/COL",
                "/api/queries",
            ):
                response = await client.get(url)
                assert response.status_code == 503, (url, response.text)
                assert response.headers["retry-after"].isdigit()
                assert response.headers["content-type"].startswith("application/problem+json")
                assert "Traceback" not in response.text


async def test_unknown_routes_and_methods_are_problems(client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/nowhere")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith(
        "application/problem+json"
    )
    wrong = await client.put("/api/search")
    assert wrong.status_code == 405
