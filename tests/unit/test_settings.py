"""Settings precedence: environment over `.env` over defaults, for both groups of settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.settings import PROJECT_ROOT, Neo4jSettings, Settings


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty working directory (`.env` is read from the cwd) and no INTELGRAPH_/NEO4J_ variables."""
    for name in list(os.environ):
        if name.startswith(("INTELGRAPH_", "NEO4J_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def test_defaults(clean_env: Path) -> None:
    settings = Settings()
    assert settings.bolt_port == 7687
    assert settings.http_port == 7474
    assert settings.neo4j_home == PROJECT_ROOT / ".neo4j"
    assert settings.neo4j_version == "5.26.31"
    assert settings.neo4j_jars_dir is None
    neo = Neo4jSettings()
    assert (neo.uri, neo.username, neo.password, neo.database) == (None, "neo4j", None, "neo4j")


def test_dotenv_overrides_defaults(clean_env: Path) -> None:
    (clean_env / ".env").write_text(
        "INTELGRAPH_BOLT_PORT=7001\nINTELGRAPH_HEAP_SIZE=2g\n"
        "NEO4J_URI=neo4j://graph.example:7687\nNEO4J_PASSWORD=from-dotenv\n"
    )
    settings, neo = Settings(), Neo4jSettings()
    assert settings.bolt_port == 7001
    assert settings.heap_size == "2g"
    assert settings.http_port == 7474  # untouched keys keep their defaults
    assert neo.uri == "neo4j://graph.example:7687"
    assert neo.password is not None and neo.password.get_secret_value() == "from-dotenv"


def test_environment_overrides_dotenv(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (clean_env / ".env").write_text("INTELGRAPH_BOLT_PORT=7001\nNEO4J_PASSWORD=from-dotenv\n")
    monkeypatch.setenv("INTELGRAPH_BOLT_PORT", "7002")
    monkeypatch.setenv("NEO4J_PASSWORD", "from-env")
    assert Settings().bolt_port == 7002
    password = Neo4jSettings().password
    assert password is not None and password.get_secret_value() == "from-env"


def test_password_is_not_shown(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "hunter2-secret")
    neo = Neo4jSettings()
    assert "hunter2-secret" not in repr(neo) and "hunter2-secret" not in str(neo.model_dump())


def test_invalid_value_is_rejected(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTELGRAPH_QUERY_TIMEOUT_S", "0")
    with pytest.raises(ValueError, match="query_timeout_s"):
        Settings()
