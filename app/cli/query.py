"""`intelgraph query NAME`, `intelgraph paths A B`, `intelgraph ties A B`: the API's reads on the CLI.

They call the same app/graph functions as the HTTP API, so both faces answer identically; `--json`
prints the API's JSON. Errors are one line on stderr naming what was wrong, exit code 1 (2 for bad
input); never a traceback.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from app.cli.output import BAD_INPUT, Format, FormatOpt, JsonOpt, chosen, emit, fail, print_table, say
from app.errors import IntelgraphError, InvalidParameter, NotFound, from_neo4j

T = TypeVar("T")


def register(cli: typer.Typer) -> None:
    """Add this module's commands (and the `keys` group) to the root CLI."""
    from app.cli import keys

    cli.command("query")(query)
    cli.command("paths")(paths)
    cli.command("ties")(ties)
    keys.register(cli)


def _run(work: Callable[[], T]) -> T:
    """Run against the graph; turn every expected failure into a one-line message."""
    try:
        return work()
    except InvalidParameter as exc:
        fail(exc.detail, BAD_INPUT)
    except NotFound as exc:
        fail(exc.detail)
    except IntelgraphError as exc:
        fail(exc.detail)
    except (Neo4jError, ServiceUnavailable, SessionExpired) as exc:
        fail(from_neo4j(exc).detail)


def _graph() -> tuple[Any, str]:
    from app.graph.db import get_driver
    from app.settings import get_neo4j_settings

    return get_driver(), get_neo4j_settings().database


def parse_params(pairs: list[str]) -> dict[str, str]:
    """`k=v` pairs (values are typed later against the query's schema)."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidParameter("--param", f"expected k=v, got {pair!r}")
        params[key.strip()] = value
    return params


def query(
    name: Annotated[str | None, typer.Argument(help="Saved query name; omit to list them.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="k=v (repeatable).")] = None,
    fmt: FormatOpt = Format.table,
    json_flag: JsonOpt = False,
) -> None:
    """Run a saved query (read-only, with a timeout and a row cap), or list them."""
    from app.graph import saved_queries
    from app.settings import get_settings

    fmt = chosen(fmt, json_flag)
    driver, database = _graph()
    if name is None:
        items = _run(lambda: saved_queries.list_queries(driver, database))
        from app.schemas import SavedQueryList

        emit(SavedQueryList(items=items), fmt, rows=items, columns=["name", "origin", "description"])
        return
    settings = get_settings()
    given = _run(lambda: parse_params(param or []))
    spec = _run(lambda: saved_queries.get_query(driver, database, name))
    result = _run(
        lambda: saved_queries.run_query(
            driver,
            database,
            spec,
            given,
            max_rows=settings.max_rows,
            timeout=settings.query_timeout_s,
            from_text=True,
        )
    )
    emit(result, fmt, rows=result.rows, columns=result.columns)
    if fmt is Format.table:
        say(
            f"{result.row_count} row(s){' (truncated)' if result.truncated else ''}, "
            f"{result.elapsed_ms:.0f} ms"
        )


class PathModeOpt(enum.StrEnum):
    shortest = "shortest"
    k_shortest = "k_shortest"
    all = "all"


def paths(
    source: Annotated[str, typer.Argument(help="Entity id or name.")],
    target: Annotated[str, typer.Argument(help="Entity id or name.")],
    mode: Annotated[PathModeOpt, typer.Option(help="shortest, k_shortest or all")] = PathModeOpt.shortest,
    k: Annotated[int, typer.Option(min=1, max=20, help="How many paths in k_shortest mode.")] = 5,
    max_hops: Annotated[int, typer.Option(min=1, max=6, help="Longest path, in hops.")] = 4,
    exclude: Annotated[
        list[str] | None, typer.Option(help="Entity id not to pass through (repeatable).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="At most this many paths.")] = 25,
    actors: Annotated[
        bool,
        typer.Option(
            "--actors",
            help="Actor view: paths between actors only, each hop the links (met, said_about, ...) "
            "events and statements make between two actors.",
        ),
    ] = False,
    fmt: FormatOpt = Format.table,
    json_flag: JsonOpt = False,
) -> None:
    """Trace connections between two actors, every hop with its evidence."""
    from app.graph import actors as graph_actors
    from app.graph import paths as graph_paths
    from app.graph.documents import sentence_number
    from app.graph.search import resolve_ref

    driver, database = _graph()
    a = _run(lambda: resolve_ref(driver, database, source, field="from"))
    b = _run(lambda: resolve_ref(driver, database, target, field="to"))
    result = _run(
        lambda: graph_actors.paths(
            driver, database, a, b, mode=mode.value, k=k, max_hops=max_hops, exclude=exclude or [],
            limit=limit,
        )
        if actors
        else graph_paths.paths(
            driver,
            database,
            a,
            b,
            mode=mode.value,
            k=k,
            max_hops=max_hops,
            exclude=exclude or [],
            types=None,
            limit=limit,
        )
    )
    fmt = chosen(fmt, json_flag)
    hops = [
        {
            "path": i,
            "hop": j,
            "source": hop.source,
            "type": hop.type,
            "target": hop.target,
            "forward": hop.forward,
            "sources": hop.sources,
            "fact_id": hop.fact_id,
        }
        for i, path in enumerate(result.paths, 1)
        for j, hop in enumerate(path.hops, 1)
    ]

    def text() -> None:
        typer.echo(f"{result.from_.label} -> {result.to.label}: {len(result.paths)} path(s) ({mode.value})")
        for i, path in enumerate(result.paths, 1):
            typer.echo(f"\n{i}. {' - '.join(n.label for n in path.nodes)}")
            for hop in path.hops:
                arrow = "->" if hop.forward else "<-"
                events = hop.properties.get("events") if actors else None
                count = f", {events} event(s)" if events else ""
                typer.echo(f"   {arrow} {hop.type} [{hop.sources} source(s){count}]")
                for ev in hop.evidence[:2]:
                    typer.echo(
                        f"      {ev.doc_title or ev.doc_id} sentence {sentence_number(ev.sentence_index)}: "
                        f"{ev.sentence or ev.text}"
                    )

    emit(result, fmt, rows=hops, columns=list(_HOP_COLUMNS), text=text)


def _bounds(earliest: str | None, latest: str | None) -> str:
    if earliest == latest:
        return earliest or ""
    return f"{earliest or '?'}..{latest or ''}"


_HOP_COLUMNS = ("path", "hop", "source", "type", "target", "forward", "sources", "fact_id")


def ties(
    a: Annotated[str, typer.Argument(help="Country: ISO code, id or name.")],
    b: Annotated[str, typer.Argument(help="Country: ISO code, id or name.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="State on this date (YYYY[-MM[-DD]]).")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Timeline from this date.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Timeline up to this date.")] = None,
    fmt: FormatOpt = Format.table,
    json_flag: JsonOpt = False,
) -> None:
    """Bilateral ties: tie states over time, borders, and the timeline of events and statements."""
    import re

    from app.graph import ties as graph_ties
    from importers.contract import DATE_RE

    for field, value in (("--as-of", as_of), ("--from", date_from), ("--to", date_to)):
        if value is not None and not re.match(DATE_RE, value):
            fail(f"{field}: must be a date YYYY, YYYY-MM or YYYY-MM-DD", BAD_INPUT)
    driver, database = _graph()
    result = _run(
        lambda: graph_ties.ties(
            driver, database, a, b, as_of=as_of, date_from=date_from, date_to=date_to, limit=1000
        )
    )
    fmt = chosen(fmt, json_flag)
    rows = []
    for t in result.timeline:
        if t.kind == "statement":
            who = f"{t.speaker.label if t.speaker else '?'}: {t.text or ''}"
        else:
            who = ", ".join(f"{p.label} ({p.role})" for p in t.participants)
        rows.append(
            {"date": t.date, "kind": t.kind, "type": t.type, "modality": t.modality, "who / what": who}
        )
    columns = ["date", "kind", "type", "modality", "who / what"]

    def text() -> None:
        typer.echo(f"{result.a.label} – {result.b.label} (as of {result.as_of})")
        for border in result.borders:
            typer.echo(f"  border: {border.name} {border.length_km or '?'} km [{border.sources} source(s)]")
        for tie in result.ties:
            # An edge known only within bounds prints as earliest..latest ("?" = unknown).
            history = "; ".join(
                f"{i.state} {_bounds(i.from_, i.from_latest)}→{_bounds(i.to, i.to_latest)}"
                f" ({i.event_type}, {i.modality})"
                for i in tie.intervals
            )
            typer.echo(f"  {tie.tie}: {tie.state_as_of}  [{history}]")
            for ev in tie.evidence_as_of:
                for x in ev.evidence:
                    typer.echo(f"      {ev.event_type} ({ev.modality}) {x.doc_title or x.doc_id}: {x.text}")
        print_table(columns, rows)

    emit(result, fmt, rows=rows, columns=columns, text=text)
