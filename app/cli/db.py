"""`intelgraph db start|stop|status|init`: the local Neo4j server and the graph schema.

When `NEO4J_URI` is set the graph lives elsewhere (Docker, Aura, a cluster): start/stop then do
nothing and say so, status reports that server, and init applies the schema there.
"""

from __future__ import annotations

import sys

import typer
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from app.cli.output import Format, FormatOpt, JsonOpt, chosen, emit, fail, say
from app.errors import Unavailable
from app.graph.db import FULLTEXT_INDEX, apply_schema, connection_info, create_driver
from app.neo4j_server import LocalNeo4j, LocalServerError, ServerConfig
from app.settings import get_neo4j_settings, get_settings

db = typer.Typer(
    name="db",
    help="Manage the local Neo4j server (start/stop/status) and apply the graph schema (init).",
    no_args_is_help=True,
)


def register(cli: typer.Typer) -> None:
    """Add this module's commands to the root CLI."""
    cli.add_typer(db)


def _local() -> LocalNeo4j:
    return LocalNeo4j(ServerConfig.from_settings(get_settings()))


def _external_uri() -> str | None:
    return get_neo4j_settings().uri


@db.command()
def start(fmt: FormatOpt = Format.table, json_flag: JsonOpt = False) -> None:
    """Start the local Neo4j (collecting its jars with Maven the first time) and wait for Bolt."""
    fmt = chosen(fmt, json_flag)
    external = _external_uri()
    if external:
        emit(
            {"ok": True, "managed": False, "uri": external},
            fmt,
            text=f"NEO4J_URI is set: using {external}; no local server to start.",
        )
        return
    server = _local()
    try:
        result = server.start(say=say)
    except LocalServerError as exc:
        fail(str(exc), fmt=fmt)
    status = server.status()
    payload = {
        "ok": True,
        "managed": True,
        "uri": result.uri,
        "http_url": status.http_url,
        "username": status.username,
        "password_file": str(status.password_file),
        "pid": result.pid,
        "already_running": result.already_running,
        "collected_jars": result.collected_jars,
        "seconds": result.seconds,
        "home": str(status.home),
    }
    verb = "already running" if result.already_running else f"started in {result.seconds:.1f} s"
    emit(
        payload,
        fmt,
        text=f"Neo4j {status.version} {verb}: {result.uri} (pid {result.pid})\n"
        f"  user {status.username}, password in {status.password_file}\n"
        f"  browser {status.http_url}, log {status.log_file}",
    )


@db.command()
def stop(fmt: FormatOpt = Format.table, json_flag: JsonOpt = False) -> None:
    """Stop the local Neo4j (SIGTERM: a clean shutdown)."""
    fmt = chosen(fmt, json_flag)
    if _external_uri():
        emit(
            {"ok": True, "managed": False, "stopped": False},
            fmt,
            text="NEO4J_URI is set: that server is not managed here; nothing to stop.",
        )
        return
    try:
        was_running = _local().stop(say=say)
    except LocalServerError as exc:
        fail(str(exc), fmt=fmt)
    emit(
        {"ok": True, "managed": True, "stopped": was_running},
        fmt,
        text="Neo4j stopped." if was_running else "Neo4j was not running.",
    )


@db.command()
def status(fmt: FormatOpt = Format.table, json_flag: JsonOpt = False) -> None:
    """Show where the graph is and whether the local server runs (uri, user, password file, pid)."""
    fmt = chosen(fmt, json_flag)
    external = _external_uri()
    if external:
        neo = get_neo4j_settings()
        emit(
            {
                "managed": False,
                "uri": external,
                "username": neo.username,
                "password_file": None,
                "database": neo.database,
                "running": None,
                "pid": None,
                "version": None,
            },
            fmt,
            text=f"NEO4J_URI is set: the graph is at {external} (user {neo.username}), not managed here.",
        )
        return
    st = _local().status()
    payload = {
        "managed": True,
        "running": st.running,
        "pid": st.pid,
        "uri": st.uri,
        "http_url": st.http_url,
        "username": st.username,
        "password_file": str(st.password_file),
        "database": get_neo4j_settings().database,
        "version": st.version,
        "home": str(st.home),
        "log_file": str(st.log_file),
        "jars_dir": str(st.jars_dir),
        "jars_cached": st.jars_cached,
    }
    state = f"running (pid {st.pid})" if st.running else "stopped"
    emit(
        payload,
        fmt,
        text=f"Neo4j {st.version} {state}: {st.uri}\n  user {st.username}, password in {st.password_file}\n"
        f"  home {st.home}\n  jars {st.jars_dir} ({'cached' if st.jars_cached else 'not collected yet'})",
    )


@db.command()
def init(fmt: FormatOpt = Format.table, json_flag: JsonOpt = False) -> None:
    """Apply the graph schema (constraints, indexes, full-text) and record its version. Safe to re-run."""
    fmt = chosen(fmt, json_flag)
    try:
        info = connection_info()
    except Unavailable as exc:
        fail(exc.detail, fmt=fmt)
    try:
        with create_driver(info) as driver:
            # Fails at once when the server is away, instead of after the driver's write retries.
            driver.verify_connectivity()
            report = apply_schema(driver, info.database)
    except AuthError:
        fail(
            f"Neo4j at {info.uri} rejected the credentials "
            f"({info.password_file or 'NEO4J_USERNAME / NEO4J_PASSWORD'})",
            fmt=fmt,
        )
    except (ServiceUnavailable, SessionExpired, OSError):
        hint = "start it with `intelgraph db start`" if info.managed else "check NEO4J_URI"
        fail(f"Neo4j is not reachable at {info.uri}: {hint}", fmt=fmt)
    except Neo4jError as exc:
        fail(f"Neo4j refused the schema ({exc.code}): {exc.message}", fmt=fmt)
    emit(
        {
            "ok": True,
            "uri": info.uri,
            "database": info.database,
            "schema_version": report.version,
            "checksum": report.checksum,
            "statements": report.statements,
            "constraints": report.constraints,
            "indexes": report.indexes,
        },
        fmt,
        text=f"Schema version {report.version} ({report.checksum}) applied to {info.uri} "
        f"database {info.database}: {len(report.constraints)} constraints, "
        f"{len(report.indexes)} indexes (incl. full-text '{FULLTEXT_INDEX}').",
    )


if __name__ == "__main__":  # pragma: no cover - `python -m app.cli.db` for debugging
    sys.exit(db())
