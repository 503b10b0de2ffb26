"""`intelgraph serve`: run the HTTP API (and web UI) with uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from pydantic import ValidationError

from app.cli import output
from app.neo4j_server import port_in_use
from app.settings import get_settings


def register(cli: typer.Typer) -> None:
    """Add this module's commands to the root CLI."""
    cli.command()(serve)


def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default INTELGRAPH_API_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default INTELGRAPH_API_PORT).")] = None,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Worker processes, each warm before it takes traffic (default: "
                     "the number of CPU cores; 1 with --reload)."),
    ] = None,
) -> None:
    """Serve the API on http://HOST:PORT (OpenAPI docs at /docs); while Neo4j is down /ready says 503."""
    import uvicorn  # imported here so other commands do not pay for it

    try:
        settings = get_settings()
    except ValidationError as exc:  # e.g. INTELGRAPH_TRUSTED_PROXIES naming a host, not an address
        for error in exc.errors():
            name = "INTELGRAPH_" + "_".join(str(part) for part in error["loc"]).upper()
            output.error(f"{name}: {error['msg'].removeprefix('Value error, ')}")
        raise typer.Exit(output.BAD_INPUT) from None
    bind_host = host or settings.api_host
    bind_port = port or settings.api_port
    if port_in_use(bind_port, bind_host if bind_host not in ("0.0.0.0", "::") else "127.0.0.1"):  # noqa: S104
        output.fail(f"port {bind_port} on {bind_host} is already in use (is `intelgraph serve` "
                    "already running?). Choose another with --port or INTELGRAPH_API_PORT.")
    count = 1 if reload else (workers or os.cpu_count() or 1)
    if reload and workers not in (None, 1):
        output.fail("--reload runs one worker: drop --workers or --reload")
    shown = "127.0.0.1" if bind_host in ("0.0.0.0", "::") else bind_host  # noqa: S104
    output.say(f"intelgraph API on http://{shown}:{bind_port}  (docs: /docs, readiness: /ready)"
               + (f", {count} workers" if count > 1 else ""))
    # Forwarded headers only from the configured proxies: uvicorn's default trusts them from
    # loopback, which let any local caller write another address into the access log.
    proxies = settings.trusted_proxy_list
    # Every worker process reads this at startup: it compiles its query plans before it accepts a
    # connection (a cold worker's first requests could run past the query timeout).
    os.environ.setdefault("INTELGRAPH_API_WARM_BEFORE_SERVING", "true")
    get_settings.cache_clear()  # one worker runs in this process: it must see that too
    uvicorn.run("app.main:create_app", factory=True, host=bind_host, port=bind_port, reload=reload,
                workers=None if reload else count, log_level="info", proxy_headers=bool(proxies),
                forwarded_allow_ips=",".join(proxies))
