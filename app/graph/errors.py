"""intelgraph's domain errors: what went wrong, in terms of the product, not of HTTP.

Raised by app/graph (the reads and writes the product offers), app/graph/db.py and the extraction
workers; used alike by the API and the CLI. This module knows nothing of HTTP: app/errors.py maps
each class to its status and problem+json response, the CLI to a one-line message and exit code.

    IntelgraphError                 base; anything unexpected is reported as this, without details
    ├── InvalidInput                a parameter or body that cannot be used (says which and why)
    ├── NotFound                    an id that does not exist
    ├── Conflict                    the request contradicts the current state
    ├── PayloadTooLarge             an upload over the configured size
    ├── TooManyRequests             every extraction worker busy and the queue full (`retry_after`)
    ├── Unavailable                 Neo4j unreachable or not ready (`retry_after`)
    │   └── SchemaNotReady          reachable, but `intelgraph db init` has not been run (or is stale)
    ├── QueryTimeout                a query ran past INTELGRAPH_QUERY_TIMEOUT_S
    │   └── ExtractionTimeout       an extraction ran past INTELGRAPH_EXTRACT_TIMEOUT_S
    ├── InvalidParameter            a parameter out of bounds or malformed (names the field)
    ├── UnsafeQuery                 a saved query that is not read-only Cypher
    ├── QueryMemoryLimit            a saved query went past Neo4j's transaction memory limit
    └── ExtractionFailed            no posted document could be extracted and loaded

`title` and `slug` name the kind of problem (the slug ends the problem type URN).
"""

# Error names read as what happened (NotFound, not NotFoundError): N818 off here.
# ruff: noqa: N818

from __future__ import annotations

from typing import Any, ClassVar


class IntelgraphError(Exception):
    """Base of every error intelgraph raises on purpose. `detail` is safe to show to a client."""

    title: ClassVar[str] = "Internal error"
    slug: ClassVar[str] = "internal"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions


class InvalidInput(IntelgraphError):
    title = "Invalid input"
    slug = "invalid-input"


class NotFound(IntelgraphError):
    title = "Not found"
    slug = "not-found"


class Conflict(IntelgraphError):
    title = "Conflict"
    slug = "conflict"


class PayloadTooLarge(IntelgraphError):
    title = "Payload too large"
    slug = "payload-too-large"


class _RetryLater(IntelgraphError):
    """An error that tells the caller when to try again (`retry_after` seconds)."""

    def __init__(self, detail: str, *, retry_after: int = 5, **extensions: Any) -> None:
        super().__init__(detail, retry_after=retry_after, **extensions)
        self.retry_after = retry_after


class TooManyRequests(_RetryLater):
    """Every extraction worker is busy and the queue is full; clients may retry after `retry_after` s."""

    title = "Too many requests"
    slug = "too-many-requests"


class Unavailable(_RetryLater):
    """The graph cannot answer now; clients may retry after `retry_after` seconds."""

    title = "Service unavailable"
    slug = "unavailable"


class SchemaNotReady(Unavailable):
    title = "Schema not ready"
    slug = "schema-not-ready"


class QueryTimeout(IntelgraphError):
    title = "Query timeout"
    slug = "query-timeout"


class ExtractionTimeout(QueryTimeout):
    title = "Extraction timeout"
    slug = "extraction-timeout"


class InvalidParameter(IntelgraphError):
    """A parameter the graph layer checks itself (beyond FastAPI's validation): 422 naming the field.

    Same body shape as FastAPI's request validation problems (`errors: [{loc, msg, type}]`).
    """

    title = "Invalid request"
    slug = "validation"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}",
                         errors=[{"loc": field.split("."), "msg": message, "type": "value_error"}])
        self.field = field


class UnsafeQuery(IntelgraphError):
    """A saved query that is not read-only or not valid Cypher (422 with the reason)."""

    title = "Query refused"
    slug = "unsafe-query"


class QueryMemoryLimit(IntelgraphError):
    """A saved query needed more memory than Neo4j's per-transaction limit (never retried)."""

    title = "Query memory limit"
    slug = "query-memory-limit"


class ExtractionFailed(IntelgraphError):
    """Every posted document failed extraction or loading (422 with the reasons)."""

    title = "Extraction failed"
    slug = "extraction-failed"


DatabaseUnavailable = Unavailable
"""The name the issue tracker uses; the same class."""
