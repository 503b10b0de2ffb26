"""The HTTP API: `create_app()` builds it; `intelgraph serve` runs it
(or `uvicorn --factory app.main:create_app`).

One Neo4j driver per app, opened by the lifespan and closed on shutdown. The app starts even when
Neo4j is down; requests needing the graph answer 503 (problem+json, Retry-After) until it is back,
with no restart (see `GraphConnection`). Errors become RFC 9457 problems in app/errors.py only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from app.cache import install_response_cache
from app.errors import install_error_handlers
from app.graph.db import GraphConnection
from app.graph.warmup import start_warm_up
from app.headers import SecurityHeadersMiddleware
from app.openapi import install_openapi
from app.request_limits import install_request_limits
from app.routers import documents, entities, health, paths, provenance, queries, search, statements, ties, ui
from app.settings import Neo4jSettings, Settings, get_neo4j_settings, get_settings

API_VERSION = "0.1.0"
WARM_UP_WAIT_S = 130.0


def create_app(settings: Settings | None = None, neo4j_settings: Neo4jSettings | None = None) -> FastAPI:
    """Build the API. Explicit settings (tests) override the cached ones for every dependency too."""
    resolved = settings or get_settings()
    resolved_neo4j = neo4j_settings or get_neo4j_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        graph = GraphConnection(resolved, resolved_neo4j)
        await run_in_threadpool(graph.open)
        app.state.graph = graph
        warm_up = start_warm_up(graph.driver, graph.database)  # compile query plans in the background
        if resolved.api_warm_before_serving:
            # `intelgraph serve`: a worker takes no connection before its plans are compiled (the
            # warm-up gives up on its own after 120 s; a Neo4j that is down ends it at once).
            await run_in_threadpool(warm_up.wait, WARM_UP_WAIT_S)
        try:
            yield
        finally:
            await run_in_threadpool(warm_up.stop)
            await run_in_threadpool(graph.close)

    app = FastAPI(
        title="intelgraph",
        version=API_VERSION,
        summary="Graph intelligence explorer: evidenced facts from news text, in Neo4j.",
        lifespan=lifespan,
        # /docs and /redoc are served by app/routers/ui.py from vendored assets (offline).
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    if settings is not None:
        app.dependency_overrides[get_settings] = lambda: resolved
    if neo4j_settings is not None:
        app.dependency_overrides[get_neo4j_settings] = lambda: resolved_neo4j
    install_request_limits(app, resolved)  # before the error handlers: their catch-all wraps it
    install_error_handlers(app)

    # ---- Routers: one `app.include_router(...)` line each (import the module above). ----------
    app.include_router(health.router)
    app.include_router(search.router)
    app.include_router(entities.router)
    app.include_router(paths.router)
    app.include_router(ties.router)
    app.include_router(provenance.router)
    app.include_router(documents.router)
    app.include_router(statements.router)
    app.include_router(queries.router)
    app.include_router(ui.router)
    # ---- end of routers ------------------------------------------------------------------------

    install_openapi(app)  # every problem response declared, from each route's dependencies
    install_response_cache(app, resolved)  # ETag / 304 / cached GET answers, keyed on the generation
    # Outermost of ours, so error and fallback responses get the security headers too.
    app.add_middleware(SecurityHeadersMiddleware)

    return app
