"""API test fixtures: the seed article through the real pipeline into the session Neo4j, API keys,
and an HTTP client over the app.

The seed is extracted once per session (spaCy is slow to load) and (re)loaded before each test
that asks for it: loading an unchanged document is a no-op for the loader, and other test modules
may empty the shared database between ours (`clean_neo4j`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import neo4j
import pytest
from fastapi import FastAPI

from app.auth import add_key
from app.main import create_app
from app.settings import Settings, get_settings
from importers.contract import Extraction
from importers.cypher_runner import CypherRunner
from importers.loader import Loader
from importers.pipeline import Extractor
from importers.readers import SourceDocument, iter_documents

# The server's notifications ("property key does not exist" for optional properties no document set)
# are logged by the driver at WARNING; they say nothing about these tests.
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_2783307ef2ad6d18.md"


@dataclass(frozen=True)
class Keys:
    path: Path
    read: str
    write: str
    admin: str


@pytest.fixture(scope="session")
def seed_extraction() -> Extraction:
    documents = list(iter_documents([SEED]))
    assert len(documents) == 1 and isinstance(documents[0], SourceDocument), documents
    document = documents[0]
    extraction = Extractor(get_settings().spacy_model).extract(document)
    if extraction.text is None:
        extraction.text = document.body
    return extraction


@pytest.fixture
def seeded(neo4j_driver: neo4j.Driver, neo4j_database: str, seed_extraction: Extraction) -> Extraction:
    result = Loader(CypherRunner(neo4j_driver, neo4j_database)).load_batch([seed_extraction])
    assert not result.failed, result.failed
    return seed_extraction


@pytest.fixture(scope="session")
def api_keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    path = tmp_path_factory.mktemp("keys") / "api-keys.json"
    return Keys(
        path=path,
        read=add_key(path, "test-reader", "read"),
        write=add_key(path, "test-writer", "write"),
        admin=add_key(path, "test-admin", "admin"),
    )


def make_app(neo4j_server: object, api_keys: Keys, **overrides: object) -> FastAPI:
    settings = Settings(api_keys_file=api_keys.path, **overrides)  # type: ignore[arg-type]
    return create_app(settings=settings, neo4j_settings=neo4j_server.settings())  # type: ignore[attr-defined]


@pytest.fixture
async def client(
    neo4j_server: object, neo4j_database: str, api_keys: Keys, anyio_backend: str
) -> AsyncIterator[httpx.AsyncClient]:
    app = make_app(neo4j_server, api_keys)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=120) as c:
            yield c


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}
