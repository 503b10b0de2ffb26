"""API keys: hashed storage, roles, CLI (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.auth import Caller, KeyFileError, add_key, hash_key, identify, load_keys, remove_key


def test_keys_are_stored_hashed_and_identified(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    key = add_key(path, "ingest-bot", "write")
    stored = json.loads(path.read_text())
    assert key not in path.read_text()
    assert stored["keys"][0]["sha256"] == hash_key(key)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    found = identify(path, key)
    assert found is not None and found.name == "ingest-bot" and found.role == "write"
    assert identify(path, key + "x") is None
    with pytest.raises(KeyFileError, match="already exists"):
        add_key(path, "ingest-bot", "read")
    remove_key(path, "ingest-bot")
    assert load_keys(path) == []
    with pytest.raises(KeyFileError, match="no key named"):
        remove_key(path, "ingest-bot")


def test_roles_are_ordered() -> None:
    assert Caller("a", "admin").allows("write")
    assert Caller("w", "write").allows("write") and Caller("w", "write").allows("read")
    assert not Caller("r", "read").allows("write")
    assert not Caller("anonymous", None).allows("read")


def test_cli_prints_the_key_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    from app.cli.keys import register
    from app.settings import get_settings

    monkeypatch.setenv("INTELGRAPH_API_KEYS_FILE", str(tmp_path / "k.json"))
    get_settings.cache_clear()
    try:
        cli = typer.Typer()
        register(cli)
        runner = CliRunner()
        empty = runner.invoke(cli, ["keys", "list"])
        assert empty.exit_code == 0
        assert f"no API keys in {tmp_path / 'k.json'}" in empty.stderr
        result = runner.invoke(cli, ["keys", "add", "analyst", "--role", "read", "--json"])
        assert result.exit_code == 0, result.output
        key = json.loads(result.stdout)["key"]
        assert identify(tmp_path / "k.json", key) is not None
        listed = runner.invoke(cli, ["keys", "list", "--json"])
        assert json.loads(listed.stdout)[0]["name"] == "analyst" and key not in listed.stdout
        table = runner.invoke(cli, ["keys", "list"])
        assert "1 API key(s) in" in table.stdout and "analyst" in table.stdout and table.stderr == ""
        bad = runner.invoke(cli, ["keys", "add", "bad name!", "--role", "read"])
        assert bad.exit_code == 2 and "name:" in bad.stderr
    finally:
        get_settings.cache_clear()
