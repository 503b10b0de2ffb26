"""Shared fixtures: one real, throwaway Neo4j per test session (no mocks).

The server starts lazily, the first time a test asks for one of the Neo4j fixtures, on free ports
and a home under pytest's tmp dir, reusing the machine's cached jars (app/neo4j_server.py); it is
stopped at the end of the session, whatever the outcome. Set NEO4J_URI (and NEO4J_USERNAME,
NEO4J_PASSWORD, NEO4J_DATABASE) to run the suite against an existing server instead.
Tests under tests/unit may not use these fixtures (checked at collection).

Fixtures:
    neo4j_server    (session)  Neo4jTarget: uri, username, password, database, the LocalNeo4j or None
    neo4j_driver    (session)  a neo4j.Driver for it
    neo4j_database  (session)  the database name, with the schema applied (`intelgraph db init`)
    clean_neo4j     (function) the driver, after deleting all data (schema and its version kept)
    neo4j_env       (session)  env vars (NEO4J_*) that point a subprocess (`intelgraph ...`) at it
    api_app         (function) create_app() bound to the session server
    api_client      (function) httpx.AsyncClient over ASGITransport, lifespan running; use in
                               `@pytest.mark.anyio async def test_...(api_client)`
"""

from __future__ import annotations

import atexit
import os
import signal
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import httpx
import neo4j
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from app.graph.db import apply_schema, load_query
from app.main import create_app
from app.neo4j_server import LocalNeo4j, LocalServerError, ServerConfig
from app.settings import Neo4jSettings, Settings

NEO4J_FIXTURES = {"neo4j_server", "neo4j_driver", "neo4j_database", "clean_neo4j", "neo4j_env",
                  "api_app", "api_client"}
UNIT_DIR = Path(__file__).parent / "unit"


@dataclass(frozen=True)
class Neo4jTarget:
    uri: str
    username: str
    password: str | None
    database: str
    server: LocalNeo4j | None  # None when NEO4J_URI pointed the session at an existing server

    def settings(self) -> Neo4jSettings:
        return Neo4jSettings(
            uri=self.uri,
            username=self.username,
            password=SecretStr(self.password) if self.password is not None else None,
            database=self.database,
        )

    def env(self) -> dict[str, str]:
        env = {"NEO4J_URI": self.uri, "NEO4J_USERNAME": self.username, "NEO4J_DATABASE": self.database}
        if self.password is not None:
            env["NEO4J_PASSWORD"] = self.password
        return env


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        uses_neo4j = NEO4J_FIXTURES & set(getattr(item, "fixturenames", ()))
        if not uses_neo4j:
            continue
        if UNIT_DIR in Path(str(item.path)).parents:
            raise pytest.UsageError(
                f"{item.nodeid} is a unit test but uses {sorted(uses_neo4j)}: "
                "unit tests need no database; move it to tests/integration"
            )
        item.add_marker(pytest.mark.neo4j)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jTarget]:
    external = Neo4jSettings()
    if external.uri:
        password = external.password.get_secret_value() if external.password else None
        yield Neo4jTarget(external.uri, external.username, password, external.database, server=None)
        return
    config = ServerConfig.from_settings(Settings()).beside(
        tmp_path_factory.mktemp("neo4j") / "home",
        heap_size="512m",
        pagecache_size="128m",
        start_timeout_s=240.0,
    )
    server = LocalNeo4j(config)
    # However the session ends, the server goes: teardown on pass/fail/Ctrl-C; SIGTERM (a CI
    # timeout) is turned into an interrupt so teardown still runs; atexit as a last resort; and the
    # kernel stops the JVM if this process is SIGKILLed (die_with_parent).
    previous = signal.signal(signal.SIGTERM, _interrupt_on_sigterm)
    atexit.register(server.stop)
    try:
        try:
            server.start(die_with_parent=True)
        except LocalServerError as exc:
            pytest.fail(f"could not start the session's throwaway Neo4j: {exc}", pytrace=False)
        yield Neo4jTarget(server.uri, server.username, server.password(), "neo4j", server=server)
    finally:
        server.stop()
        atexit.unregister(server.stop)
        signal.signal(signal.SIGTERM, previous)


def _interrupt_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server: Neo4jTarget) -> Iterator[neo4j.Driver]:
    auth = (neo4j_server.username, neo4j_server.password) if neo4j_server.password is not None else None
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        driver.verify_connectivity()
        yield driver


@pytest.fixture(scope="session")
def neo4j_database(neo4j_server: Neo4jTarget, neo4j_driver: neo4j.Driver) -> str:
    apply_schema(neo4j_driver, neo4j_server.database)
    return neo4j_server.database


@pytest.fixture
def clean_neo4j(neo4j_driver: neo4j.Driver, neo4j_database: str) -> neo4j.Driver:
    # Emptied before (not after) each test, so a test that crashed mid-way cannot leak into the next.
    with neo4j_driver.session(database=neo4j_database) as session:
        session.run(load_query("ops/clear_graph", timeout=120)).consume()
    return neo4j_driver


@pytest.fixture(scope="session")
def neo4j_env(neo4j_server: Neo4jTarget) -> dict[str, str]:
    """os.environ plus NEO4J_* for the session server: `subprocess.run([...], env=neo4j_env)`."""
    return {**os.environ, **neo4j_server.env()}


@pytest.fixture
def api_app(neo4j_server: Neo4jTarget, neo4j_database: str) -> FastAPI:
    return create_app(settings=Settings(), neo4j_settings=neo4j_server.settings())


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def api_client(api_app: FastAPI, anyio_backend: str) -> AsyncIterator[httpx.AsyncClient]:
    # ASGITransport does not run the lifespan; run it around the client so app.state.graph exists.
    async with api_app.router.lifespan_context(api_app):
        transport = httpx.ASGITransport(app=api_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client
