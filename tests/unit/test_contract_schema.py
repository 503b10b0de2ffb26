"""The published JSON Schema of the extraction contract (docs/extraction-contract.schema.json) and
`intelgraph schema [--json]`: generated from the contract's models (and so from the vocabulary),
never edited by hand."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from app.cli import schema as schema_cli
from importers import vocabulary
from importers.contract import CONTRACT_VERSION, extraction_json_schema, extraction_json_schema_text

PUBLISHED = Path(__file__).resolve().parents[2] / "docs" / "extraction-contract.schema.json"


def _cli() -> typer.Typer:
    app = typer.Typer()
    schema_cli.register(app)

    @app.callback()
    def _root() -> None:  # a group, so the command keeps its name as with the real CLI
        pass

    return app


def test_published_schema_is_up_to_date() -> None:
    assert PUBLISHED.read_text(encoding="utf-8") == extraction_json_schema_text(), (
        "regenerate it: intelgraph schema --json > docs/extraction-contract.schema.json"
    )


def test_schema_enums_come_from_the_vocabulary() -> None:
    schema = extraction_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == f"intelgraph extraction contract, version {CONTRACT_VERSION}"
    defs = schema["$defs"]
    assert defs["Event"]["properties"]["type"]["enum"] == list(vocabulary.EVENT_TYPES)
    assert defs["Entity"]["properties"]["type"]["enum"] == list(vocabulary.ENTITY_TYPES)
    assert defs["Relation"]["properties"]["type"]["enum"] == list(vocabulary.RELATION_TYPES)
    assert defs["Participant"]["properties"]["role"]["enum"] == list(vocabulary.ROLES)
    assert set(schema["required"]) == {"document", "sentences"}


def test_cli_json_prints_the_published_schema() -> None:
    result = CliRunner().invoke(_cli(), ["schema", "--json"])
    assert result.exit_code == 0, result.output
    assert result.stdout == PUBLISHED.read_text(encoding="utf-8")
    assert json.loads(result.stdout)["$defs"]["Event"]["properties"]["type"]["enum"][0] == "announce"


def test_cli_table_lists_every_type() -> None:
    result = CliRunner().invoke(_cli(), ["schema"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"extraction contract version {CONTRACT_VERSION}" in out
    for name in (*vocabulary.NODE_LABELS, *vocabulary.FACT_TYPES, *vocabulary.EVENT_TYPES):
        assert name in out, name
    assert "recall_ambassador" in out and "161" in out
