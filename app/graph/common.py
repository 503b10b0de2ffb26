"""Shared pieces of the graph access layer: running a named read query, display labels, refs.

Every function in app/graph/* runs Cypher from `cypher/api/<name>.cypher` through `read()`, which
goes through the one `CypherRunner` (`app.graph.db.runner`: query name in the transaction metadata,
timeout, read routing) and turns a server-side timeout into `QueryTimeout`.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from neo4j import Driver, ManagedTransaction, Record
from neo4j.exceptions import Neo4jError

from app.graph.db import runner
from app.graph.errors import InvalidParameter, QueryTimeout
from app.schemas import NODE_TYPES, ParticipantRef, Ref
from app.settings import get_settings
from importers.cypher_runner import CypherRunner
from importers.ids import fold

_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
_WORD = re.compile(r"[\w]+", re.UNICODE)


T = TypeVar("T")


def run_guarded(name: str, work: Callable[[], T]) -> T:
    """Run `work`, turning a server-side timeout into a 504 that names the query.

    Other driver errors (unreachable server, ...) propagate to app/errors.py, which maps them.
    """
    try:
        return work()
    except Neo4jError as exc:
        if "TransactionTimedOut" in (exc.code or ""):
            raise QueryTimeout(f"query {name} took longer than its timeout", query=name) from None
        raise


# The read transaction a request's several reads share (see `in_one_read_transaction`), if any.
_SHARED_TX: ContextVar[tuple[CypherRunner, ManagedTransaction] | None] = ContextVar("shared_tx", default=None)


def read(driver: Driver, database: str, name: str, params: dict[str, Any]) -> list[Record]:
    """Run `cypher/api/<name>.cypher` as a read, returning all records."""
    shared = _SHARED_TX.get()
    if shared is not None:
        graph, tx = shared
        return run_guarded(f"api/{name}", lambda: list(graph.run(tx, f"api/{name}", **params)))
    return run_guarded(f"api/{name}", lambda: runner(driver, database).read(f"api/{name}", **params))


def in_one_read_transaction(driver: Driver, database: str, work: Callable[[], T]) -> T:
    """Run `work()` with every `read()` it makes in one managed read transaction.

    For requests that run several queries (paths and ties: resolve both ends, then the query): one
    session and one transaction instead of one each, i.e. less driver machinery per request (the
    profile in docs/api.md). The transaction's timeout is the query timeout, for all of them
    together. `work` may run again if the driver retries a transient failure: it only reads.
    """
    settings = get_settings()
    graph = CypherRunner(
        driver,
        database,
        settings.cypher_dir,
        settings.query_timeout_s,
        transaction_timeout=settings.query_timeout_s,
    )

    def unit(tx: ManagedTransaction) -> T:
        token = _SHARED_TX.set((graph, tx))
        try:
            return work()
        finally:
            _SHARED_TX.reset(token)

    return run_guarded("api/transaction", lambda: graph.read_transaction(unit))


def node_type(labels: list[str] | None) -> str:
    """The one domain label among a node's labels (Entity is a super-label)."""
    for label in labels or []:
        if label in NODE_TYPES:
            return label
    return (labels or ["Unknown"])[0]


def excerpt(text: str | None, size: int = 80) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def label_of(kind: str, props: dict[str, Any]) -> str:
    """A short display string for a node of type `kind`."""
    if kind == "Statement":
        return f"“{excerpt(props.get('text'), 60)}”"
    if kind == "Event":
        # The modality is part of what an event is: a threat to deport ("expel (planned)") or a
        # denied one ("support (negated)") must never read as done. "asserted" goes without saying.
        date = props.get("date")
        modality = props.get("modality")
        event_type = str(props.get("type") or "event")
        notes = [str(n) for n in (modality if modality != "asserted" else None, date) if n]
        return f"{event_type} ({', '.join(notes)})" if notes else event_type
    name = props.get("name") or props.get("title") or props.get("id") or "?"
    return str(name)


def ref(row: dict[str, Any] | None) -> Ref | None:
    """A Ref from a map with id, labels and name/title/text (the shape the api Cypher returns)."""
    if not row or row.get("id") is None:
        return None
    kind = node_type(row.get("labels"))
    return Ref(id=row["id"], type=kind, label=label_of(kind, row))


def participant(row: dict[str, Any]) -> ParticipantRef:
    kind = node_type(row.get("labels"))
    return ParticipantRef(id=row["id"], type=kind, label=label_of(kind, row), role=row.get("role"))


def lucene_query(text: str, stopwords: frozenset[str] = frozenset()) -> str:
    """Turn user words into a Lucene query: every word must match, as a prefix, raw or folded.

    Special characters are escaped (the user never writes Lucene syntax). Both the lower-cased word
    and its ASCII fold are tried, so 'Guaidó' finds 'Guaido' and the reverse works too when the
    index folds diacritics. A word in `stopwords` (the index analyzer's, which indexes no term for
    them) is optional, not required: "Minister of Defense" must find the office of that name. When
    every word is a stop word they stay required (someone typing "of" may mean "office").
    """
    words = _WORD.findall(text)[:12]
    optional = {w for w in words if w.lower() in stopwords}
    if optional == set(words):
        optional = set()
    clauses = []
    for word in words:
        variants = {word.lower(), fold(word).replace(" ", "")} - {""}
        terms = []
        for v in sorted(variants):
            escaped = _LUCENE_SPECIAL.sub(r"\\\1", v)
            terms.append(f"{escaped}*")
            if len(v) >= 4:
                terms.append(f"{escaped}~1")
        clauses.append(("" if word in optional else "+") + "(" + " ".join(terms) + ")")
    return " ".join(clauses)


def encode_cursor(last_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": last_id}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        after = data["after"]
        if not isinstance(after, str):
            raise TypeError
        return after
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise InvalidParameter("cursor", "not a cursor returned by this API") from None


def jsonable(value: Any) -> Any:
    """Neo4j temporal and spatial values as strings; containers recursively."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    iso = getattr(value, "iso_format", None)
    if callable(iso):
        return str(iso())
    return str(value)
