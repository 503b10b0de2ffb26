"""Hostile requests against a real server process (uvicorn in a subprocess, the session's Neo4j):
its memory stays bounded (issue 14: under 600 MB RSS through the bad-input tests).

The adversarial trial's numbers, before the limits: 8 x 50 MB keyless bodies grew the API from 320 to
778 MB before the 401; one keyless 990,000-character extract took it from 281 MB to 3.09 GB.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.auth import add_key
from tests.e2e.live import LiveServer

RSS_CEILING_MB = 600
TEXT = (
    "Colombian President Gustavo Petro met Venezuelan President Nicolas Maduro in Caracas on Monday. "
    "The two leaders agreed to reopen the border, closed since 2015, and to restore military ties.\n"
)


def rss_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise AssertionError(f"no VmRSS for {pid}")


def children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class RssWatch:
    """Samples a process's RSS every 0.1 s in a thread; `peak` is the largest seen."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, rss_mb(pid), threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            try:
                self.peak = max(self.peak, rss_mb(self.pid))
            except (OSError, AssertionError):
                return

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


@pytest.fixture(scope="module")
def server(
    neo4j_env: dict[str, str], neo4j_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, str]]:
    home = tmp_path_factory.mktemp("bounds")
    keys = home / "api-keys.json"
    write_key = add_key(keys, "bounds-writer", "write")
    env = {
        **neo4j_env,
        "INTELGRAPH_API_KEYS_FILE": str(keys),
        "INTELGRAPH_EXTRACT_WORKERS": "1",
        "INTELGRAPH_EXTRACT_QUEUE": "0",
    }
    live = LiveServer(env, log_path=home / "server.log")
    live.start()
    try:
        yield live, write_key
    finally:
        live.stop()


def test_hostile_requests_leave_the_server_small(server: tuple[LiveServer, str]) -> None:
    live, write_key = server
    assert live.process is not None
    pid = live.process.pid
    start = rss_mb(pid)
    watch = RssWatch(pid)
    big = b"x" * 50_000_000
    with httpx.Client(base_url=live.url, timeout=120) as client:
        # 8 x 50 MB without a key, with a declared length: refused before the body is read.
        for _ in range(8):
            response = client.post(
                "/api/documents", content=big, headers={"content-type": "application/json"}
            )
            assert response.status_code == 413, response.text
            assert response.headers["content-type"] == "application/problem+json"

        # 50 MB without a key and without a declared length (chunked): the key is checked first.
        def chunks() -> Iterator[bytes]:
            for _ in range(50):
                yield b"x" * 1_000_000

        response = client.post(
            "/api/documents", content=chunks(), headers={"content-type": "application/json"}
        )
        assert response.status_code == 401, response.text
        # ... and on a route open to loopback readers, counted while read: 413.
        response = client.post("/api/extract", content=chunks(), headers={"content-type": "application/json"})
        assert response.status_code == 413, response.text
        after_bodies = rss_mb(pid)
        assert after_bodies - start < 50, (start, after_bodies)

        # A 1 MB extract without a key: over the request limit.
        response = client.post("/api/extract", json={"text": "x " * 500_000})
        assert response.status_code == 413, response.text

        # Bad input on ingest: 422 naming the field.
        auth = {"Authorization": f"Bearer {write_key}"}
        response = client.post(
            "/api/documents", json={"documents": [{"text": TEXT, "published": "2022-13-45"}]}, headers=auth
        )
        assert response.status_code == 422 and "published" in response.json()["detail"], response.text
        response = client.post(
            "/api/documents",
            json={"documents": [{"text": TEXT, "metadata": {f"k{i}": "v" for i in range(60)}}]},
            headers=auth,
        )
        assert response.status_code == 422 and "metadata" in response.json()["detail"], response.text

        # The largest document allowed (just under 100,000 bytes), without a key: extracted in the
        # worker process, not in the API. While it runs, the only worker is busy: 429 + Retry-After.
        long_text = (TEXT * (99_000 // len(TEXT)))[:99_000]
        result: dict[str, httpx.Response] = {}

        def extract_long() -> None:
            with httpx.Client(base_url=live.url, timeout=300) as other:
                result["long"] = other.post("/api/extract", json={"text": long_text})

        runner = threading.Thread(target=extract_long)
        runner.start()
        time.sleep(2)  # starting the worker alone (spaCy's model) takes longer than this
        busy = client.post("/api/extract", json={"text": TEXT})
        assert busy.status_code == 429, busy.text
        assert busy.headers["retry-after"] == "5"
        assert busy.json()["type"] == "urn:intelgraph:problem:too-many-requests"
        workers = children(pid)
        assert workers, "extraction runs in a child process"
        runner.join(timeout=300)
        assert result["long"].status_code == 200, result["long"].text
        assert len(result["long"].json()["sentences"]) > 500
    peak = watch.stop()
    assert peak < RSS_CEILING_MB, f"API RSS peaked at {peak} MB (started at {start} MB)"
    print(f"API RSS: start {start} MB, after bodies {after_bodies} MB, peak {peak} MB")

    # The workers go with the server.
    live.stop()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(alive(p) for p in workers):
        time.sleep(0.1)
    left = [p for p in workers if alive(p)]
    assert not left, f"extraction workers left running: {left}"
