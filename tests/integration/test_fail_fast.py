"""Fail fast, recover by itself: with Neo4j unreachable every data endpoint answers 503
problem+json with Retry-After within 2 s, and service resumes without a restart.

The shared session server is not stopped (other tests use it): the API is pointed at a port on
which a small TCP forwarder to the real server can be opened and closed. Closed, the port refuses
connections as a stopped Neo4j does; closing it also cuts every open connection, as a killed
server would.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest

from app.main import create_app
from app.neo4j_server import free_port
from app.settings import Neo4jSettings, Settings

pytestmark = [pytest.mark.neo4j, pytest.mark.anyio]

DATA_ENDPOINTS = [
    "/api/documents",
    "/api/documents/doc:nothing",
    "/api/entities/person:nobody",
    "/api/entities/person:nobody/neighbourhood",
    "/api/search?q=petro",
    "/api/statements",
    "/api/provenance/fact:nothing",
    "/api/ties/VEN/COL",
    "/api/paths?from=Petro&to=Maduro",
    "/api/queries",
    "/ready",
]
LIMIT_S = 2.0


class Forwarder:
    """127.0.0.1:`port` -> `target`, byte for byte, until `close()` (which cuts every connection)."""

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        self.port = port
        self.target = target
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None

    def open(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self._listener is not listener:
                client.close()
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        if self._listener is not None:
            # shutdown() first: close() alone does not wake a thread blocked in accept() on Linux,
            # which would keep accepting on the closed socket.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


@pytest.fixture
async def setup(
    neo4j_server: object, neo4j_database: str, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, Forwarder]]:
    real = neo4j_server.settings()  # type: ignore[attr-defined]
    parsed = urlparse(real.uri)
    forwarder = Forwarder(free_port(), (parsed.hostname or "127.0.0.1", parsed.port or 7687))
    neo = Neo4jSettings(uri=f"bolt://127.0.0.1:{forwarder.port}", username=real.username,
                        password=real.password, database=real.database)
    app = create_app(settings=Settings(api_keys_file=tmp_path / "keys.json"), neo4j_settings=neo)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=60) as c:
                yield c, forwarder
    finally:
        forwarder.close()


async def _all_unavailable(client: httpx.AsyncClient) -> dict[str, float]:
    seconds: dict[str, float] = {}
    for path in DATA_ENDPOINTS:
        began = time.perf_counter()
        response = await client.get(path)
        seconds[path] = time.perf_counter() - began
        assert response.status_code == 503, (path, response.status_code, response.text)
        assert response.headers["content-type"].startswith("application/problem+json"), path
        assert int(response.headers["retry-after"]) >= 1, path
        assert response.json()["status"] == 503
        assert seconds[path] < LIMIT_S, (path, seconds[path])
    return seconds


async def _recovers(client: httpx.AsyncClient) -> None:
    deadline = time.monotonic() + 15
    while True:
        response = await client.get("/api/documents")
        if response.status_code == 200 or time.monotonic() > deadline:
            break
    assert response.status_code == 200, response.text
    assert (await client.get("/api/documents/doc:nothing")).status_code == 404
    assert (await client.get("/ready")).status_code == 200


async def test_neo4j_down_means_fast_503_and_recovery_without_restart(
    setup: tuple[httpx.AsyncClient, Forwarder],
) -> None:
    client, forwarder = setup
    # Never reachable since the API started (as a stopped server: connection refused).
    refused = await _all_unavailable(client)
    print(f"refused: slowest 503 in {max(refused.values()):.2f} s")

    forwarder.open()
    await _recovers(client)

    # Gone while the API holds pooled connections to it (as a killed server): still fast 503s.
    forwarder.close()
    cut = await _all_unavailable(client)
    print(f"cut: slowest 503 in {max(cut.values()):.2f} s")

    forwarder.open()
    await _recovers(client)
