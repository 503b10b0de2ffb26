"""`intelgraph serve` believes X-Forwarded-For only from INTELGRAPH_TRUSTED_PROXIES (none by default):
a local caller cannot write another address into the access log (nor pass for another client).

Real uvicorn subprocesses; Neo4j is not needed (/health does not touch it), so NEO4J_URI points at
a closed port.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.neo4j_server import free_port

INTELGRAPH = str(Path(sys.executable).parent / "intelgraph")
SPOOFED = "203.0.113.9"


def access_log_of_probe(tmp_path: Path, trusted: str | None) -> str:
    """Serve, send one request with X-Forwarded-For, stop; the access-log line of that request."""
    port = free_port()
    env = {**os.environ, "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "unused",
           "INTELGRAPH_API_KEYS_FILE": str(tmp_path / "keys.json")}
    env.pop("INTELGRAPH_TRUSTED_PROXIES", None)
    if trusted is not None:
        env["INTELGRAPH_TRUSTED_PROXIES"] = trusted
    log_path = tmp_path / f"serve-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([INTELGRAPH, "serve", "--port", str(port)], env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    try:
        # `serve` starts one worker per core (each imports the app): slow on a busy 2-core machine.
        deadline = time.monotonic() + 180
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"intelgraph serve did not come up:\n{log_path.read_text()}")
                time.sleep(0.3)
        response = httpx.get(f"http://127.0.0.1:{port}/health?probe=forwarded",
                             headers={"X-Forwarded-For": SPOOFED}, timeout=10)
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
    lines = [line for line in log_path.read_text().splitlines() if "probe=forwarded" in line]
    assert len(lines) == 1, log_path.read_text()
    return lines[0]


def test_forwarded_for_is_ignored_without_trusted_proxies(tmp_path: Path) -> None:
    line = access_log_of_probe(tmp_path, trusted=None)
    assert "127.0.0.1:" in line and SPOOFED not in line, line


def test_forwarded_for_is_believed_from_a_configured_proxy(tmp_path: Path) -> None:
    line = access_log_of_probe(tmp_path, trusted="127.0.0.1")
    assert f"{SPOOFED}:" in line, line


def test_a_proxy_setting_that_is_not_an_address_is_refused(tmp_path: Path) -> None:
    env = {**os.environ, "INTELGRAPH_TRUSTED_PROXIES": "localhost"}
    result = subprocess.run([INTELGRAPH, "serve", "--port", str(free_port())], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert "'localhost' is not an IP address or CIDR network" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
