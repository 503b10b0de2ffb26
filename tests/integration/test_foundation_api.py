"""The API skeleton on the session's real Neo4j: health, readiness, OpenAPI, problem+json errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import neo4j
import pytest
from fastapi import FastAPI

from app.graph.db import SCHEMA_VERSION, apply_schema, schema_checksum, schema_statements
from app.main import create_app
from app.neo4j_server import free_port
from app.settings import Neo4jSettings, Settings
from tests.conftest import Neo4jTarget

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def client_for(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


async def test_health_is_ok(api_client: httpx.AsyncClient) -> None:
    response = await api_client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_after_init(api_client: httpx.AsyncClient) -> None:
    response = await api_client.get("/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["database"] == "neo4j"
    assert body["schema_version"] == SCHEMA_VERSION
    assert body["schema_checksum"] == schema_checksum(schema_statements())


async def test_openapi_and_docs(api_client: httpx.AsyncClient) -> None:
    docs = await api_client.get("/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()
    spec = (await api_client.get("/openapi.json")).json()
    assert {"/health", "/ready"} <= set(spec["paths"])
    assert "503" in spec["paths"]["/ready"]["get"]["responses"]


async def test_unknown_route_is_a_problem(api_client: httpx.AsyncClient) -> None:
    response = await api_client.get("/no/such/route")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {"type": "about:blank", "title": "Not Found", "status": 404,
                               "detail": "Not Found", "instance": "/no/such/route"}


async def test_unexpected_error_is_a_bare_500(api_app: FastAPI) -> None:
    @api_app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    async with client_for(api_app) as client:
        response = await client.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:intelgraph:problem:internal"
    assert "secret" not in response.text and "Traceback" not in response.text
    assert "RuntimeError" not in response.text


async def test_ready_503_when_schema_missing(
    neo4j_server: Neo4jTarget, neo4j_driver: neo4j.Driver, neo4j_database: str, api_app: FastAPI
) -> None:
    neo4j_driver.execute_query("MATCH (v:SchemaVersion) DELETE v", database_=neo4j_database)
    try:
        async with client_for(api_app) as client:
            response = await client.get("/ready")
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["retry-after"] == "5"
        body = response.json()
        assert body["type"] == "urn:intelgraph:problem:schema-not-ready"
        assert "intelgraph db init" in body["detail"]
    finally:
        apply_schema(neo4j_driver, neo4j_database)


async def test_api_starts_while_neo4j_is_down_and_says_why() -> None:
    nothing_listens = f"bolt://127.0.0.1:{free_port()}"
    app = create_app(settings=Settings(), neo4j_settings=Neo4jSettings(uri=nothing_listens))
    async with client_for(app) as client:
        assert (await client.get("/health")).status_code == 200
        response = await client.get("/ready")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    body = response.json()
    assert body["type"] == "urn:intelgraph:problem:unavailable"
    assert body["detail"].startswith("Neo4j is not reachable")


async def test_api_says_when_local_server_was_never_started(tmp_path: Path) -> None:
    settings = Settings(neo4j_home=tmp_path / "never-started")
    app = create_app(settings=settings, neo4j_settings=Neo4jSettings(uri=None))
    async with client_for(app) as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    assert "intelgraph db start" in response.json()["detail"]
