"""Browser tests: one real server (uvicorn + the session Neo4j with the seed loaded through the real
pipeline and loader), one headless Chromium per session, one page per test.

Chromium is Debian's (`/usr/bin/chromium`, installed by `make sysdeps`). Without it the tests skip
with that reason, except on CI (CI=true), where they must run and therefore fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest

from app.auth import add_key
from app.settings import PROJECT_ROOT
from tests.e2e.live import LiveServer, chromium_missing_reason, clear_graph, launch_chromium, seed_graph

ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "e2e"
# Generous waits: CI machines are shared and a cold Neo4j plans each query once. The assertions
# themselves are exact; only how long Playwright keeps retrying them changes.
TIMEOUT_MS = 30_000
WARM_UP = (
    "/api/search?q=Maduro",
    "/api/entities/person%3Anicolas-maduro",
    "/api/entities/person%3Anicolas-maduro/neighbourhood",
    "/api/paths?from=person%3Avladimir-padrino-lopez&to=person%3Aivan-velasquez",
    "/api/ties/VEN/COL?as_of=2022-08-10",
    "/api/queries",
    "/api/documents",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    reason = chromium_missing_reason()
    for item in items:
        if here not in Path(str(item.path)).parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if reason and os.environ.get("CI") != "true":
            item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class Site:
    url: str
    write_key: str
    database: str
    driver: neo4j.Driver
    seed_report: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="session")
def site(neo4j_server: Any, neo4j_driver: neo4j.Driver, neo4j_database: str, neo4j_env: dict[str, str],
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    reason = chromium_missing_reason()
    if reason:
        pytest.fail(f"CI must run the browser tests: {reason}", pytrace=False)
    clear_graph(neo4j_driver, neo4j_database)
    report = seed_graph(neo4j_driver, neo4j_database)
    work = tmp_path_factory.mktemp("e2e-server")
    keys = work / "api-keys.json"
    key = add_key(keys, "e2e", "write")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {**neo4j_env, "INTELGRAPH_API_KEYS_FILE": str(keys)}
    server = LiveServer(env, log_path=ARTIFACTS / "server.log")
    server.start()
    try:
        # The first extraction loads the spaCy model in the server (seconds on a busy machine); do
        # it here so the ingest tests measure the UI, not the model load.
        warm = httpx.post(f"{server.url}/api/extract", json={"text": "Warm-up."}, timeout=180)
        assert warm.status_code == 200, warm.text
        # Likewise the first call of each read query (planning on a fresh database).
        for path in WARM_UP:
            httpx.get(f"{server.url}{path}", timeout=180).raise_for_status()
        yield Site(server.url, key, neo4j_database, neo4j_driver, report)
    finally:
        server.stop()


# Module scope, not session: Playwright's sync API keeps an asyncio loop marked running in the main
# thread while it lives, which breaks every later async (anyio) test in the same session.
@pytest.fixture(scope="module")
def browser_context(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        context = launch_chromium(pw, tmp_path_factory.mktemp("chromium") / "profile")
        context.set_default_timeout(TIMEOUT_MS)
        expect.set_options(timeout=TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


@dataclass
class PageProbe:
    """What a page did that a test must see: uncaught errors, console errors, dialogs."""

    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser_context: Any, site: Site) -> Iterator[Any]:
    pg = browser_context.new_page()
    probe = PageProbe()
    pg.on("pageerror", lambda exc: probe.errors.append(str(exc)))
    pg.on("console", lambda msg: probe.console_errors.append(msg.text) if msg.type == "error" else None)

    def on_dialog(dialog: Any) -> None:
        probe.dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.probe = probe
    try:
        yield pg
    finally:
        pg.close()
    assert probe.errors == [], f"uncaught errors in the page: {probe.errors}"


def shot(page: Any, name: str) -> Path:
    """Save a screenshot of the current view under test-artifacts/e2e/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
