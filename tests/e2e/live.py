"""A real intelgraph server for browser tests and the UI benchmark.

`seed_graph` loads the seed articles through the real pipeline and loader; `LiveServer` runs
`uvicorn --factory app.main:create_app` in a subprocess bound to a given Neo4j, so the browser talks
to exactly what an analyst would run. `launch_chromium` starts Debian's Chromium through
Playwright (never a browser downloaded by a test tool).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import neo4j

from app.graph.db import load_query
from app.settings import PROJECT_ROOT, get_settings
from importers.cypher_runner import CypherRunner
from importers.loader import load_extractions
from importers.pipeline import Extractor
from importers.readers import SourceDocument, read_file

CHROMIUM = Path(os.environ.get("INTELGRAPH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SEEDS = PROJECT_ROOT / "seeds"


def chromium_missing_reason() -> str | None:
    if CHROMIUM.exists():
        return None
    return (f"{CHROMIUM} not found: install Debian's chromium (`make sysdeps` as root, or "
            "`apt-get install -y chromium`), or set INTELGRAPH_CHROMIUM")


def clear_graph(driver: neo4j.Driver, database: str) -> None:
    with driver.session(database=database) as session:
        session.run(load_query("ops/clear_graph", timeout=120)).consume()


def seed_graph(driver: neo4j.Driver, database: str, paths: list[Path] | None = None) -> dict[str, Any]:
    """Extract the seed articles with the real pipeline and load them with the real loader."""
    extractor = Extractor(get_settings().spacy_model)
    extractions = []
    for path in paths or sorted(SEEDS.glob("*.md")):
        for doc in read_file(path):
            if not isinstance(doc, SourceDocument):
                raise RuntimeError(f"cannot read seed {path}: {doc}")
            extractions.append(extractor.extract(doc))
    report = load_extractions(CypherRunner(driver, database), extractions)
    return report.as_dict()


def free_port() -> int:
    from app.neo4j_server import free_port as _free_port

    return _free_port()


class LiveServer:
    """uvicorn serving create_app() on 127.0.0.1:<port> in a subprocess."""

    def __init__(self, env: Mapping[str, str], port: int | None = None, log_path: Path | None = None) -> None:
        self.port = port or free_port()
        self.env = {**os.environ, **env}
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 120.0) -> None:
        self._log = self.log_path.open("wb") if self.log_path else None
        log = self._log or subprocess.DEVNULL
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
            cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                self.stop()
                raise RuntimeError(f"the server exited with code {code}; log: {self.log_path}")
            try:
                if httpx.get(f"{self.url}/ready", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the server did not become ready in {timeout_s:.0f} s; log: {self.log_path}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        if self._log:
            self._log.close()
            self._log = None


def launch_chromium(playwright: Any, user_data_dir: Path) -> Any:
    """One headless Chromium (a persistent context on a fresh profile) for a whole session."""
    if user_data_dir.exists():
        shutil.rmtree(user_data_dir)
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1440, "height": 900}, accept_downloads=True, service_workers="block",
    )
