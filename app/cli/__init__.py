"""The `intelgraph` command line: the product's second face.

Each command group lives in its own module and registers itself on `cli` here. Every command that
prints data takes `--format table|json|csv` (`--json` for short); output, errors and exit codes go
through app/cli/output.py. Commands and options are documented in docs/cli.md (tests/unit/test_docs.py).
"""

from __future__ import annotations

import typer

cli = typer.Typer(
    name="intelgraph",
    help="Graph intelligence explorer: news text -> evidenced facts in Neo4j.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


_registered = False


def _register() -> None:
    # Imported here, not at module top, so `intelgraph --help` stays fast and one broken group
    # cannot hide the others' import errors in tests. Once only: tests call it again.
    global _registered
    if _registered:
        return
    from app.cli import db, entities, export, extract, load, query, schema, serve

    for module in (db, extract, load, query, serve, schema, entities, export):
        module.register(cli)
    _registered = True


def main() -> None:
    _register()
    cli()
