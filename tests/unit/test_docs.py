"""Documentation that cannot drift (as datasette's tests/test_docs.py): every setting is in the
README's Settings table and every CLI command, argument and option in docs/cli.md, and nothing
documented there is missing from the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.core

from app.settings import Neo4jSettings, Settings
from tests.unit.test_cli_output import cli_commands

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
CLI_DOC = ROOT / "docs" / "cli.md"

_ENV_NAME = re.compile(r"`((?:INTELGRAPH|NEO4J)_[A-Z0-9_]+)`")
_HEADING = re.compile(r"^### `intelgraph ([a-z][a-z -]*)`\s*$", re.MULTILINE)


def _section(text: str, heading: str) -> str:
    """The text under a `## heading` up to the next `## `."""
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"README.md has no '## {heading}' section"
    return match.group(1)


def _env_names(model: type[Neo4jSettings] | type[Settings]) -> set[str]:
    prefix = str(model.model_config.get("env_prefix", ""))
    return {(prefix + name).upper() for name in model.model_fields}


def documented_settings() -> set[str]:
    """Every `INTELGRAPH_*` / `NEO4J_*` name in the first column of the README's Settings table."""
    names: set[str] = set()
    for line in _section(README.read_text(encoding="utf-8"), "Settings").splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            first = line.split("|")[1]
            names.update(_ENV_NAME.findall(first))
    return names


def test_every_setting_is_documented() -> None:
    missing = (_env_names(Settings) | _env_names(Neo4jSettings)) - documented_settings()
    assert not missing, f"add these to the README Settings table: {sorted(missing)}"


def test_every_documented_setting_exists() -> None:
    unknown = documented_settings() - (_env_names(Settings) | _env_names(Neo4jSettings))
    assert not unknown, f"the README Settings table names settings the code lacks: {sorted(unknown)}"


def documented_commands() -> dict[str, set[str]]:
    """docs/cli.md: each `### intelgraph X` section's names from the first column of its table."""
    text = CLI_DOC.read_text(encoding="utf-8")
    headings = list(_HEADING.finditer(text))
    found: dict[str, set[str]] = {}
    for i, heading in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        body = text[heading.end() : end]
        names: set[str] = set()
        for line in body.splitlines():
            if line.startswith("| `"):
                names.update(re.findall(r"`([^`]+)`", line.split(" | ")[0]))
        name = heading.group(1).strip()
        assert name not in found, f"docs/cli.md documents `intelgraph {name}` twice"
        found[name] = names
    return found


def code_names(command: typer.core.TyperCommand) -> set[str]:
    """A command's arguments (as their metavar, upper case) and every option spelling."""
    names: set[str] = set()
    for param in command.params:
        if isinstance(param, typer.core.TyperArgument):
            names.add(param.metavar or (param.name or "").upper())
        else:
            names.update(param.opts)
            names.update(param.secondary_opts)
    return names


def test_docs_cli_is_linked_from_the_readme() -> None:
    assert "(docs/cli.md)" in README.read_text(encoding="utf-8")


def test_every_command_is_documented_and_nothing_else() -> None:
    assert set(documented_commands()) == set(cli_commands())


@pytest.mark.parametrize("name", sorted(cli_commands()))
def test_every_argument_and_option_is_documented(name: str) -> None:
    documented = documented_commands().get(name)
    assert documented is not None, f"docs/cli.md has no section ### `intelgraph {name}`"
    code = code_names(cli_commands()[name])
    assert documented == code, (
        f"intelgraph {name}: undocumented {sorted(code - documented)}, "
        f"documented but absent {sorted(documented - code)}"
    )
