"""`intelgraph schema [--json]`: the vocabulary and the extraction contract's JSON Schema.

Both come from importers/vocabulary.yaml (through importers/vocabulary.py and the contract's
Pydantic models): the table lists node, fact and event types; `--json` prints the JSON Schema
published as docs/extraction-contract.schema.json.
"""

from __future__ import annotations

import typer
from rich.table import Table

from app.cli.output import Format, FormatOpt, JsonOpt, chosen, emit, stdout_console
from importers import vocabulary
from importers.contract import CONTRACT_VERSION, extraction_json_schema_text


def register(cli: typer.Typer) -> None:
    cli.command("schema")(schema)


def _ends(names: tuple[str, ...]) -> str:
    return "|".join("any entity" if n == vocabulary.ANY_ENTITY else n for n in names)


def schema(fmt: FormatOpt = Format.table, json_flag: JsonOpt = False) -> None:
    """List the node, fact and event types (json: the contract's JSON Schema; csv: one row per type)."""
    fmt = chosen(fmt, json_flag)
    if fmt is Format.json:
        typer.echo(extraction_json_schema_text(), nl=False)
        return
    vocab = vocabulary.vocabulary()
    if fmt is Format.csv:
        rows = [
            {"kind": "node", "name": n.name, "cameo": "", "tie": "", "change": ""}
            for n in vocab.nodes.values()
        ]
        rows += [
            {"kind": "fact", "name": f.name, "cameo": "", "tie": "", "change": ""}
            for f in vocab.facts.values()
        ]
        rows += [
            {
                "kind": "event",
                "name": e.name,
                "cameo": e.cameo or "",
                "tie": e.tie or "",
                "change": e.change or "",
            }
            for e in vocab.events.values()
        ]
        emit(rows, fmt, rows=rows)
        return
    console = stdout_console()
    console.print(f"extraction contract version {CONTRACT_VERSION}, vocabulary version {vocab.version}")

    nodes = Table(title="Node types")
    for column in ("label", "layer", "entity type", "API", "search"):
        nodes.add_column(column)
    for node in vocab.nodes.values():
        nodes.add_row(node.name, node.layer, _yes(node.entity), _yes(node.api), _yes(node.search))
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
