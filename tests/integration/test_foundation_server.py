"""The local server manager on real JVMs: start/stop/status, the shared jar cache, readiness.

Besides the session server, this module starts one small server of its own (a fresh home, free
ports) with Maven removed from PATH: that it comes up at all proves the jars came from the cache.
"""

from __future__ import annotations

import stat
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.graph.db import apply_schema, connection_info, create_driver
from app.main import create_app
from app.neo4j_server import (
    JVM_FLAGS,
    LocalNeo4j,
    ServerConfig,
    StartResult,
    ensure_jars,
    find_java,
    free_port,
)
from app.settings import Neo4jSettings, Settings


def path_without_maven(tmp_path: Path) -> str:
    """A PATH holding only `java`: any attempt to run Maven would fail with MavenMissing."""
    bin_dir = tmp_path / "bin-java-only"
    bin_dir.mkdir()
    (bin_dir / "java").symlink_to(find_java())
    return str(bin_dir)


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalNeo4j, StartResult]]:
    base = ServerConfig.from_settings(Settings())
    ensure_jars(base)  # normally a no-op: the cache is filled once per machine
    home = tmp_path_factory.mktemp("small") / "home"
    server = LocalNeo4j(base.with_changes(home=home, bolt_port=free_port(), http_port=free_port(),
                                          heap_size="256m", pagecache_size="64m"))
    mp = pytest.MonkeyPatch()
    mp.setenv("PATH", path_without_maven(tmp_path_factory.mktemp("path")))
    mp.delenv("JAVA_HOME", raising=False)
    try:
        result = server.start(die_with_parent=True)
    finally:
        mp.undo()
    try:
        yield server, result
    finally:
        server.stop()


def test_second_start_reuses_cached_jars(small_server: tuple[LocalNeo4j, StartResult]) -> None:
    server, result = small_server
    assert result.collected_jars is False
    assert result.already_running is False
    assert result.uri == server.uri
    assert not (server.config.home / "lib").exists()  # the classpath is the shared cache itself
    conf = (server.config.conf_dir / "neo4j.conf").read_text()
    assert f"server.directories.lib={server.config.jars_dir}\n" in conf


def test_started_server_answers_and_is_private(small_server: tuple[LocalNeo4j, StartResult]) -> None:
    server, result = small_server
    status = server.status()
    assert status.running and status.pid == result.pid
    assert stat.S_IMODE(server.config.password_file.stat().st_mode) == 0o600
    assert len(server.password()) >= 24
    conf = (server.config.conf_dir / "neo4j.conf").read_text()
    for line in ("server.default_listen_address=127.0.0.1", "server.https.enabled=false",
                 "dbms.usage_report.enabled=false", "server.memory.heap.max_size=256m",
                 "server.memory.pagecache.size=64m"):
        assert line + "\n" in conf
    with server.driver() as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS ok", database_="neo4j")
        assert records[0]["ok"] == 1
        agent = driver.get_server_info().agent
    assert agent == f"Neo4j/{server.config.version}"


def test_start_is_idempotent(small_server: tuple[LocalNeo4j, StartResult]) -> None:
    server, result = small_server
    again = LocalNeo4j(server.config).start()  # a new manager, as a second `db start` would be
    assert again.already_running is True
    assert again.pid == result.pid


def test_command_matches_neo4j_launcher(small_server: tuple[LocalNeo4j, StartResult], tmp_path: Path) -> None:
    # A scratch home with the same settings: the launcher refuses to plan a second server for a
    # home whose server runs.
    server = LocalNeo4j(small_server[0].config.with_changes(home=tmp_path / "dry"))
    ours = server.command(find_java())
    theirs = server.launcher_dry_run()
    # Same flags in the same order; only the java path (symlink resolved), the classpath (the
    # launcher drops an empty plugins dir) and the heap notation (-Xmx262144k) differ.
    flags = lambda argv: [a for a in argv[1:] if a.startswith("-") and a != "-cp"  # noqa: E731
                          and not a.startswith(("-Xms", "-Xmx"))]
    assert flags(ours) == flags(theirs)
    assert flags(ours)[: len(JVM_FLAGS)] == list(JVM_FLAGS)
    assert ours[-4:] == theirs[-4:]  # entry point, --home-dir, --config-dir, --console-mode
    assert "-Xmx262144k" in theirs and "-Xmx256m" in ours


@asynccontextmanager
async def client_for(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


@pytest.mark.anyio
async def test_ready_503_while_stopped_then_recovers_without_restart(
    small_server: tuple[LocalNeo4j, StartResult], anyio_backend: str
) -> None:
    server, _ = small_server
    cfg = server.config
    # The app finds the local server the way `make up` does: no NEO4J_URI, home + port settings.
    settings = Settings(neo4j_home=cfg.home, bolt_port=cfg.bolt_port, http_port=cfg.http_port,
                        neo4j_jars_dir=cfg.jars_dir)
    neo = Neo4jSettings(uri=None)
    info = connection_info(settings, neo)
    assert info.managed and info.uri == cfg.uri and info.password_file == cfg.password_file
    with create_driver(info) as driver:
        apply_schema(driver, info.database)

    app = create_app(settings=settings, neo4j_settings=neo)
    async with client_for(app) as client:
        assert (await client.get("/ready")).status_code == 200

        assert server.stop() is True
        assert server.status().running is False
        down = await client.get("/ready")
        assert down.status_code == 503
        assert down.headers["content-type"] == "application/problem+json"
        assert down.headers["retry-after"] == "5"
        assert down.json()["type"] == "urn:intelgraph:problem:unavailable"
        assert down.json()["detail"].startswith("Neo4j is not reachable")
        assert (await client.get("/health")).status_code == 200

        restarted = server.start()
        assert restarted.already_running is False and restarted.collected_jars is False
        back = await client.get("/ready")  # same app, same driver: no API restart
        assert back.status_code == 200, back.text


def test_stop_twice(small_server: tuple[LocalNeo4j, StartResult]) -> None:
    server, _ = small_server
    server.start()
    pid = server.status().pid
    assert pid is not None
    assert server.stop() is True
    assert not Path(f"/proc/{pid}").exists() or b"CommunityEntryPoint" not in Path(
        f"/proc/{pid}/cmdline").read_bytes()
    assert not server.config.pid_file.exists()
    assert server.stop() is False
    assert server.status().running is False
