"""`intelgraph entities show NAME|ID`, `intelgraph entities review`: entity resolution on the CLI.

`show` prints one canonical entity with every name it was written as, its documents and the
resolution records that joined those names to it; a name that fits several entities is an error
(exit 1) listing them. `review` lists the written names resolution was unsure about
(docs/resolution.md).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from app.cli.output import Format, FormatOpt, JsonOpt, chosen, emit, fail, print_table, say
from app.cli.query import _graph, _run

entities_app = typer.Typer(
    name="entities",
    help="Canonical entities after resolution: their names, and the review queue.",
    no_args_is_help=True,
)


def register(cli: typer.Typer) -> None:
    cli.add_typer(entities_app)


@entities_app.command("show")
def show(
    ref: Annotated[str, typer.Argument(help="Entity id, an id a document wrote, or a name or alias.")],
    fmt: FormatOpt = Format.table,
    json_flag: JsonOpt = False,
) -> None:
    """One canonical entity: its names, aliases, documents and resolution decisions."""
    from app.graph import entities

    fmt = chosen(fmt, json_flag)
    driver, database = _graph()
    found = _run(lambda: entities.lookup(driver, database, ref))
    if not found:
        fail(f"no entity is named or has the id {ref!r}", fmt=fmt)
    if len(found) > 1:
        if fmt is Format.json:
            from app.cli.output import to_json

            typer.echo(to_json({"ok": False, "error": f"{ref!r} is ambiguous", "candidates": found}))
        else:
            print_table(["id", "type", "name", "aliases"], found, title=f"{ref!r} may mean")
        fail(f"{ref!r} is ambiguous: {len(found)} entities have that name; give an id")
    detail = _run(lambda: entities.show(driver, database, found[0]["id"]))
    emit(detail, fmt, text=lambda: _print_detail(detail))


def _print_detail(detail: dict[str, Any]) -> None:
    say(f"{detail['id']}  {detail['type']}  {detail['name']}")
    say("names: " + ", ".join(detail["names"]))
    print_table(
        ["id", "published", "title", "written"],
        [dict(d, written=", ".join(d["written"])) for d in detail["documents"]],
        title="documents",
    )
    if detail["resolutions"]:
        print_table(
            ["written_name", "written_id", "decision", "score", "rule", "reason", "doc_id"],
            detail["resolutions"],
            title="resolution decisions",
        )


@entities_app.command("review")
def review(fmt: FormatOpt = Format.table, json_flag: JsonOpt = False) -> None:
    """Written names entity resolution was unsure about, with the candidates it weighed."""
    from app.graph import entities

    fmt = chosen(fmt, json_flag)
    driver, database = _graph()
    items = _run(lambda: entities.review(driver, database))
    rows = [
        dict(i, candidates=", ".join(f"{c['id']} ({c['score']})" for c in i["candidates"])) for i in items
    ]
    emit(
        items,
        fmt,
        rows=rows,
        columns=["written_name", "written_id", "document_title", "score", "candidates", "reason"],
        title=f"{len(items)} open review item(s)",
    )


def _entity_id(ref: str) -> str:
    from app.graph import entities

    driver, database = _graph()
    found = _run(lambda: entities.lookup(driver, database, ref))
    if not found:
        if ref.startswith("person:"):
            return ref  # an id no document has loaded yet: judged ahead of its import
        fail(f"no entity is named or has the id {ref!r}")
    if len(found) > 1:
        fail(f"{ref!r} is ambiguous: {', '.join(e['id'] for e in found)}; give an id")
    return str(found[0]["id"])


def _analyst() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


@entities_app.command("merge")
def merge(
    keep: Annotated[str, typer.Argument(help="The person to keep (id or name).")],
    other: Annotated[str, typer.Argument(help="The person merged into it (id or name).")],
    fmt: FormatOpt = Format.table,
    json_flag: JsonOpt = False,
) -> None:
    """Judge two people the same: merge OTHER into KEEP now and on every later import."""
    from app.graph import entities

    fmt = chosen(fmt, json_flag)
    a, b = _entity_id(keep), _entity_id(other)
    driver, database = _graph()
    result = _run(lambda: entities.judge(driver, database, a, b, "same", _analyst()))
    emit(result, fmt, text=f"{b} merged into {a}; later imports keep them one")


@entities_app.command("split")
def split(
    first: Annotated[str, typer.Argument(help="A person (id, an id a document wrote, or name).")],
    second: Annotated[str, typer.Argument(help="Another person (id, an id a document wrote, or name).")],
    fmt: FormatOpt = Format.table,
    json_flag: JsonOpt = False,
) -> None:
    """Judge two people not the same: later imports never merge them."""
    from app.graph import entities

    fmt = chosen(fmt, json_flag)
    # Written ids are kept as given: an id a document wrote may already be merged into the other.
    a = first if first.startswith("person:") else _entity_id(first)
    b = second if second.startswith("person:") else _entity_id(second)
    driver, database = _graph()
    result = _run(lambda: entities.judge(driver, database, a, b, "different", _analyst()))
    emit(result, fmt, text=f"{a} and {b} judged different; later imports keep them apart")
