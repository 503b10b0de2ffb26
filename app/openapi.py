"""The OpenAPI document tells the truth about errors: every problem+json response an operation can
give is declared, in one place, from what the operation depends on (so a new route is covered
without anyone remembering to list its errors).

`install_openapi(app)` (called by `create_app`) makes the document declare, for each API operation,
unless the route declares the status itself:

    every operation with a parameter or a body   422  request validation (FastAPI's, as problem+json)
    needs a key for reads (`ReadAccess`)         401  missing or unknown key
    needs a write key (`WriteAccess`)            401, 403 (role too low), 409 (conflicts with state)
    runs queries (`DriverDep`)                   503 (Neo4j down, schema not ready; Retry-After),
                                                 504 (query timeout), and with a parameter 404 (an
                                                 id or a reference that matches nothing)
    checks readiness (`GraphDep` only)           503
    has a request body                           400 (unusable input), 413 (body over the limit)
    runs extraction (EXTRACTION_ROUTES)          429 (the extraction pool is full; Retry-After),
                                                 413 (a document over the size limit)
    runs a saved query (SAVED_QUERY_RUN)         400, 503, 504 (Neo4j's memory or time limit)

Every 4xx/5xx response's schema is then written under
`application/problem+json` only (the media type the app really sends; FastAPI would put it
under application/json) and replaces FastAPI's default 422 schema (`HTTPValidationError`) with
`Problem`, whose `errors` member carries the validation details.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_flat_params
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from app.auth import require_read, require_write
from app.deps import get_driver, get_graph
from app.errors import PROBLEM_JSON, Problem
from app.schemas import EDGE_TYPES, NODE_TYPES, SEARCH_TYPES

EXTRACTION_ROUTES = {("POST", "/api/extract"), ("POST", "/api/documents")}
SAVED_QUERY_RUN = ("POST", "/api/queries/{name}/run")

# List parameters whose items the routers check against a vocabulary (`split_list`: repeat the
# parameter or comma-separate). FastAPI only knows them as strings; the document says which.
VOCABULARY_PARAMETERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("/api/search", "type"): SEARCH_TYPES,
    ("/api/entities/{entity_id}/neighbourhood", "rel_types"): EDGE_TYPES,
    ("/api/entities/{entity_id}/neighbourhood", "entity_types"): NODE_TYPES,
    ("/api/paths", "types"): EDGE_TYPES,
}


def vocabulary_pattern(words: tuple[str, ...]) -> str:
    """Comma-separated words of the vocabulary, blanks and empty items allowed (as split_list reads)."""
    word = r"\s*(?:" + "|".join(words) + r")?\s*"
    return f"^{word}(?:,{word})*$"


DESCRIPTIONS = {
    400: "Invalid input (the detail says which and why)",
    401: "No API key, or an unknown one (WWW-Authenticate: Bearer)",
    403: "The key's role does not allow this",
    404: "No such id, or a reference that matches nothing",
    409: "Conflicts with the current state (e.g. a shipped query's name)",
    413: "Request body or document over the configured size limit",
    422: "Invalid request: a parameter or body field is missing, malformed or out of bounds "
         "(`errors` lists each as {loc, msg, type})",
    429: "Too many extractions running; retry after Retry-After seconds",
    503: "Neo4j unreachable or its schema not ready; retry after Retry-After seconds",
    504: "The query ran past the configured timeout",
}
RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait before retrying", "schema": {"type": "integer"}}
}
AUTHENTICATE = {"WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}}
HEADERS = {401: AUTHENTICATE, 429: RETRY_AFTER, 503: RETRY_AFTER}


def _calls(dependant: Dependant) -> set[Callable[..., Any]]:
    """Every function the route depends on, however deeply."""
    calls: set[Callable[..., Any]] = set()
    for dep in dependant.dependencies:
        if dep.call is not None:
            calls.add(dep.call)
        calls |= _calls(dep)
    return calls


def problem_statuses(route: Any, method: str) -> set[int]:
    """The error statuses `route` (a FastAPI route context) can answer `method` with."""
    calls = _calls(route.dependant)
    has_body = getattr(route, "body_field", None) is not None
    has_params = has_body or bool(get_flat_params(route.dependant))
    statuses: set[int] = set()
    if has_params:
        statuses.add(422)
    if require_read in calls:
        statuses.add(401)
    if require_write in calls:
        statuses |= {401, 403, 409}
    if get_driver in calls:  # runs queries: a reference may match nothing, Neo4j may be down or slow
        statuses |= {503, 504} | ({404} if has_params else set())
    elif get_graph in calls:  # only asks the connection whether Neo4j is ready
        statuses.add(503)
    if has_body:
        statuses |= {400, 413}
    if (method, route.path) in EXTRACTION_ROUTES:
        statuses |= {413, 429}
    if (method, route.path) == SAVED_QUERY_RUN:
        statuses |= {400, 503, 504}
    return statuses


def install_openapi(app: FastAPI) -> None:
    """Serve the corrected document (`problem_openapi`) at app.openapi_url, built once."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problem_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def problem_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with every route's problem responses declared as problem+json."""
    schema = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version=app.openapi_version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
        servers=app.servers,
    )
    paths = schema.get("paths", {})
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = paths.get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for status in sorted(problem_statuses(route, method)):
                responses.setdefault(str(status), {"description": DESCRIPTIONS[status]})
    for (path, name), words in VOCABULARY_PARAMETERS.items():
        for operation in paths.get(path, {}).values():
            for parameter in operation.get("parameters", []):
                if parameter.get("name") == name:
                    _set_item_pattern(parameter["schema"], vocabulary_pattern(words))
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in paths.values():
        for operation in path_item.values():
            for code, response in operation.get("responses", {}).items():
                if code[0] not in "45":
                    continue
                status = int(code)
                # The app sends every error as problem+json (app/errors.py), never plain JSON.
                response["content"] = {PROBLEM_JSON: {"schema": problem_ref}}
                if status in HEADERS:
                    response.setdefault("headers", {}).update(HEADERS[status])
                if status in DESCRIPTIONS and response.get("description") in ("Validation Error", "Error"):
                    response["description"] = DESCRIPTIONS[status]
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}"))
    # FastAPI's own 422 body models are no longer referenced by any operation.
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def _set_item_pattern(schema: dict[str, Any], pattern: str) -> None:
    """Put `pattern` on the string items of a `list[str] | None` parameter schema."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "array":
            branch.setdefault("items", {"type": "string"})["pattern"] = pattern
