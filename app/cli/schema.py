"""`intelgraph schema [--json]`: the vocabulary and the extraction contract's JSON Schema.

Both come from importers/vocabulary.yaml (through importers/vocabulary.py and the contract's
Pydantic models): the table lists node, fact and event types; `--json` prints the JSON Schema
published as docs/extraction-contract.schema.json.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from app.cli.common import stdout_console
from importers import vocabulary
from importers.contract import CONTRACT_VERSION, extraction_json_schema_text


def register(cli: typer.Typer) -> None:
    cli.command("schema")(schema)


def _ends(names: tuple[str, ...]) -> str:
    return "|".join("any entity" if n == vocabulary.ANY_ENTITY else n for n in names)


def schema(
    json_flag: Annotated[
        bool, typer.Option("--json", help="Print the extraction contract's JSON Schema.")
    ] = False,
) -> None:
    """List the node, fact and event types (or print the contract's JSON Schema with --json)."""
    if json_flag:
        typer.echo(extraction_json_schema_text(), nl=False)
        return
    vocab = vocabulary.vocabulary()
    console = stdout_console()
    console.print(f"extraction contract version {CONTRACT_VERSION}, vocabulary version {vocab.version}")

    nodes = Table(title="Node types")
    for column in ("label", "layer", "entity type", "API", "search"):
        nodes.add_column(column)
    for node in vocab.nodes.values():
        nodes.add_row(
            node.name, node.layer, _yes(node.entity), _yes(node.api), _yes(node.search)
        )
    console.print(nodes)

    facts = Table(title="Fact types (relationships)")
    for column in ("type", "source", "target", "temporal", "compared", "origin"):
        facts.add_column(column)
    for fact in vocab.facts.values():
        facts.add_row(
            fact.name,
            _ends(fact.source),
            _ends(fact.target),
            ", ".join(fact.temporal),
            ", ".join(fact.compared),
            "contract" if fact.contract else f"from {fact.derived}",
        )
    console.print(facts)

    events = Table(title="Event types")
    for column in ("type", "CAMEO", "tie", "change"):
        events.add_column(column)
    for event in vocab.events.values():
        events.add_row(event.name, event.cameo or "", event.tie or "", event.change or "")
    console.print(events)


def _yes(flag: bool) -> str:
    return "yes" if flag else ""
