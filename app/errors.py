"""intelgraph's errors, and the one place they become HTTP responses (RFC 9457 problem+json).

The domain errors live in app/graph/errors.py (no HTTP there); this module adds the two that only
HTTP has (Unauthorized, Forbidden), re-exports the rest, and maps each to its status
(`HTTP_STATUS`) and headers (Retry-After, WWW-Authenticate). Hierarchy (raise these from app/graph
and routers; never build HTTP responses by hand):

    IntelgraphError                 500  base; anything unexpected is reported as this, without details
    ├── InvalidInput                400  a parameter or body the API cannot use (says which and why)
    ├── Unauthorized                401  no or bad credentials
    ├── Forbidden                   403  credentials fine, action not allowed
    ├── NotFound                    404  an id that does not exist
    ├── Conflict                    409  the request contradicts the current state
    ├── PayloadTooLarge             413  an upload over the configured size
    ├── TooManyRequests             429  every extraction worker busy and the queue full; sends Retry-After
    ├── Unavailable                 503  Neo4j unreachable or not ready; sends Retry-After
    │   └── SchemaNotReady          503  reachable, but `intelgraph db init` has not been run (or is stale)
    ├── QueryTimeout                504  a query ran past INTELGRAPH_QUERY_TIMEOUT_S
    │   └── ExtractionTimeout       504  an extraction ran past INTELGRAPH_EXTRACT_TIMEOUT_S
    ├── InvalidParameter            422  a parameter out of bounds or malformed (names the field)
    ├── UnsafeQuery                 422  a saved query that is not read-only Cypher
    ├── QueryMemoryLimit            422  a saved query went past Neo4j's transaction memory limit
    └── ExtractionFailed            422  no posted document could be extracted and loaded

Request validation errors (FastAPI's 422), unknown routes and methods (Starlette's HTTPException)
and Neo4j driver errors (`from_neo4j`) are mapped here too, and a last-resort middleware turns any
other exception into a plain 500 problem: no stack trace or exception text ever reaches a client
(it goes to the server log instead).

Problem body: `{"type", "title", "status", "detail", "instance"}` plus extension members
(`errors` for validation, `retry_after` for 503).
"""

# Error names read as the HTTP statuses they map to (NotFound, not NotFoundError): N818 off here.
# ruff: noqa: N818

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DatabaseUnavailable,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.graph.errors import (
    Conflict,
    ExtractionFailed,
    ExtractionTimeout,
    IntelgraphError,
    InvalidInput,
    InvalidParameter,
    NotFound,
    PayloadTooLarge,
    QueryMemoryLimit,
    QueryTimeout,
    SchemaNotReady,
    TooManyRequests,
    Unavailable,
    UnsafeQuery,
)

log = logging.getLogger("intelgraph")

PROBLEM_JSON = "application/problem+json"
_TYPE_PREFIX = "urn:intelgraph:problem:"


class Problem(BaseModel):
    """RFC 9457 problem details, as documented in OpenAPI (`responses=problem_responses(404, 503)`)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=["urn:intelgraph:problem:not-found"])
    title: str
    status: int
    detail: str
    instance: str | None = None


_STATUS_TEXT = {400: "Invalid input", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
                409: "Conflict", 413: "Payload too large", 422: "Invalid request", 429: "Too many requests",
                500: "Internal error", 503: "Neo4j unavailable or schema not ready", 504: "Query timeout"}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the problem statuses a route can return."""
    return {
        status: {"model": Problem, "description": _STATUS_TEXT.get(status, "Error"),
                 "content": {PROBLEM_JSON: {}}}
        for status in statuses
    }


__all__ = [
    "PROBLEM_JSON",
    "Conflict",
    "ExtractionFailed",
    "ExtractionTimeout",
    "Forbidden",
    "IntelgraphError",
    "InvalidInput",
    "InvalidParameter",
    "NotFound",
    "PayloadTooLarge",
    "Problem",
    "QueryMemoryLimit",
    "QueryTimeout",
    "SchemaNotReady",
    "TooManyRequests",
    "Unauthorized",
    "Unavailable",
    "UnsafeQuery",
]


class Unauthorized(IntelgraphError):
    title = "Unauthorized"
    slug = "unauthorized"


class Forbidden(IntelgraphError):
    title = "Forbidden"
    slug = "forbidden"


HTTP_STATUS: dict[type[IntelgraphError], int] = {
    InvalidInput: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    PayloadTooLarge: 413,
    TooManyRequests: 429,
    Unavailable: 503,
    QueryTimeout: 504,
    InvalidParameter: 422,
    UnsafeQuery: 422,
    QueryMemoryLimit: 422,
    ExtractionFailed: 422,
}
"""Each domain error (app/graph/errors.py) and its HTTP status; the nearest listed base decides."""


def status_of(exc: IntelgraphError) -> int:
    for cls in type(exc).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 500


def headers_of(exc: IntelgraphError) -> dict[str, str]:
    """Retry-After for errors that say when to retry; WWW-Authenticate for a missing key."""
    headers: dict[str, str] = {}
    retry_after = getattr(exc, "retry_after", None)
    if isinstance(retry_after, int):
        headers["Retry-After"] = str(retry_after)
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = "Bearer"
    return headers


def from_neo4j(exc: Neo4jError | ServiceUnavailable | SessionExpired) -> IntelgraphError:
    """Translate a driver error into a domain error (messages name no internals a client could abuse)."""
    if isinstance(exc, AuthError):
        return Unavailable("Neo4j rejected the configured credentials (NEO4J_USERNAME / NEO4J_PASSWORD).")
    if isinstance(exc, ServiceUnavailable | SessionExpired | DatabaseUnavailable):
        return Unavailable("Neo4j is not reachable right now.")
    code = getattr(exc, "code", None) or ""
    if "TransactionTimedOut" in code:
        return QueryTimeout("The query took longer than the configured timeout.")
    if isinstance(exc, Neo4jError) and exc.is_retryable():
        return Unavailable("Neo4j is busy; try again.", retry_after=1)
    if isinstance(exc, ClientError) and "ConstraintValidationFailed" in code:
        return Conflict("The write conflicts with an existing node or relationship id.")
    # Other client errors of *our* named queries are bugs, not the caller's fault: a 500. Routers
    # that run user-written Cypher (saved queries) catch ClientError themselves and raise InvalidInput.
    return IntelgraphError("The graph database failed to answer.")


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    slug: str | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": _TYPE_PREFIX + slug if slug else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extensions)
    return JSONResponse(jsonable_encoder(body), status_code=status, headers=headers, media_type=PROBLEM_JSON)


def error_response(exc: IntelgraphError, instance: str | None = None) -> JSONResponse:
    return problem(status_of(exc), exc.title, exc.detail, slug=exc.slug, instance=instance,
                   headers=headers_of(exc), **exc.extensions)


async def _intelgraph_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, IntelgraphError)
    if status_of(exc) >= 500:
        log.warning("%s %s -> %s: %s", request.method, request.url.path, status_of(exc), exc.detail)
    return error_response(exc, request.url.path)


async def _neo4j_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Neo4jError | ServiceUnavailable | SessionExpired)
    mapped = from_neo4j(exc)
    log.warning("%s %s: Neo4j error %s", request.method, request.url.path, exc)
    return error_response(mapped, request.url.path)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(part) for part in first["loc"])
    return problem(422, "Invalid request", f"{where}: {first['msg']}" if where else str(first["msg"]),
                   slug="validation", instance=request.url.path, errors=errors)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route answers on this path. Starlette's 405 names only the first route
    whose path matched (`Allow: GET` where a DELETE route shares the path); a mount (static files)
    answers GET and HEAD."""
    path = request.url.path
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.router.routes):
        regex = getattr(route, "path_regex", None)
        if regex is None or not regex.match(path):
            continue
        if isinstance(route.original_route, Mount):
            methods |= {"GET", "HEAD"}
        else:
            methods |= set(route.methods or ())
    return sorted(methods)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else "HTTP error"
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        allowed = _allowed_methods(request)
        if allowed:
            headers["Allow"] = ", ".join(allowed)
    return problem(exc.status_code, detail, detail, instance=request.url.path, headers=headers)


class CatchAllMiddleware:
    """Last resort: an exception no handler knows becomes a bare 500 problem (logged, not shown).

    A pure ASGI middleware rather than an `Exception` handler, because Starlette re-raises after
    calling such a handler (test clients then see the exception instead of the response).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:  # too late for a clean response; the server closes the connection
                raise
            response = problem(500, IntelgraphError.title,
                               "An unexpected error occurred; it has been logged.",
                               slug=IntelgraphError.slug, instance=scope.get("path"))
            await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    """The one mapping from exceptions to problem+json responses."""
    app.add_exception_handler(IntelgraphError, _intelgraph_error)
    app.add_exception_handler(Neo4jError, _neo4j_error)
    app.add_exception_handler(ServiceUnavailable, _neo4j_error)
    app.add_exception_handler(SessionExpired, _neo4j_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_middleware(CatchAllMiddleware)
