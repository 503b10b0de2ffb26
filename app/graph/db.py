"""The Neo4j driver, named queries and the graph schema, for the app (API and CLI).

- Where the graph is: `NEO4J_URI` (+ `NEO4J_USERNAME`, `NEO4J_PASSWORD`, `NEO4J_DATABASE`) when set;
  otherwise the project's local server (`intelgraph db start`): its Bolt port from settings and its
  generated password from the password file beside its data.
- One driver per process: `get_driver()` (CLI, scripts) or the one the API's lifespan opens with
  `create_driver()`. The driver is thread-safe and pools connections; never make one per request.
- `runner(driver, database)` -> the `CypherRunner` (importers/cypher_runner.py) every read and
  write goes through: named files from `INTELGRAPH_CYPHER_DIR`, the name as transaction metadata
  (`{"query": "api/entity"}`, shown in `SHOW TRANSACTIONS`), the timeout from settings.
- `apply_schema()` runs `cypher/schema/*.cypher` (idempotent: `IF NOT EXISTS`) and records
  `(:SchemaVersion {id: 'intelgraph', version, checksum})`; `check_ready()` compares it with the
  code's, which is what `GET /ready` reports.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import LiteralString

import neo4j
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired
from pydantic import SecretStr

from app.graph.errors import SchemaNotReady, Unavailable
from app.neo4j_server import ServerConfig
from app.settings import Neo4jSettings, Settings, get_neo4j_settings, get_settings
from importers.cypher_files import read_cypher_statements
from importers.cypher_runner import CypherRunner, named_query

SCHEMA_VERSION = 1
"""Bump when a change to cypher/schema must be noticed even if its text checksum were equal."""

FULLTEXT_INDEX = "fulltext_search"
FULLTEXT_ANALYZER = "standard-folding"
"""The analyzer cypher/schema/040_fulltext.cypher gives FULLTEXT_INDEX (its stop words are not indexed)."""
"""Name of the full-text index over Entity name/aliases and Statement text (cypher/schema/040_fulltext)."""

USER_AGENT = "intelgraph/0.1"


@dataclass(frozen=True)
class ConnectionInfo:
    """Where and as whom to connect. `managed` means the project's own local server."""

    uri: str
    username: str
    password: SecretStr | None
    database: str
    managed: bool
    password_file: Path | None = None


def connection_info(settings: Settings | None = None, neo: Neo4jSettings | None = None) -> ConnectionInfo:
    """Resolve the connection: NEO4J_* settings when NEO4J_URI is set, else the local server.

    Raises `Unavailable` when the local server was never started (no password file yet).
    """
    settings = settings or get_settings()
    neo = neo or get_neo4j_settings()
    if neo.uri:
        return ConnectionInfo(neo.uri, neo.username, neo.password, neo.database, managed=False)
    local = ServerConfig.from_settings(settings)
    try:
        password = local.password_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise Unavailable(
            f"the local Neo4j has never been started (no {local.password_file}): run "
            "`intelgraph db start`, or set NEO4J_URI to use another server"
        ) from None
    return ConnectionInfo(local.uri, neo.username, SecretStr(password), neo.database, managed=True,
                          password_file=local.password_file)


def create_driver(
    info: ConnectionInfo,
    *,
    connect_timeout_s: float = 5.0,
    retry_time_s: float = 15.0,
) -> neo4j.Driver:
    """A new driver (connects lazily: creating it succeeds even when Neo4j is down).

    The defaults suit the CLI (a long import may wait out a short outage); the API passes its
    settings (`INTELGRAPH_NEO4J_CONNECT_TIMEOUT_S`, `INTELGRAPH_NEO4J_RETRY_TIME_S`) so that with
    Neo4j down every data request answers 503 within about two seconds instead of queueing on the pool.
    """
    auth = (info.username, info.password.get_secret_value()) if info.password is not None else None
    return neo4j.GraphDatabase.driver(
        info.uri,
        auth=auth,
        user_agent=USER_AGENT,
        connection_timeout=connect_timeout_s,
        connection_acquisition_timeout=connect_timeout_s + 0.5,
        # Managed transactions (and execute_query) retry transient errors for at most this long.
        max_transaction_retry_time=retry_time_s,
        # Server notifications (e.g. "property key does not exist" for an optional property no
        # document has set yet) are noise for named, reviewed queries; logging each one with its
        # query text cost the API more CPU than running the query (bench/bench_api.py).
        notifications_min_severity="OFF",
    )


@lru_cache(maxsize=1)
def get_driver() -> neo4j.Driver:
    """The process-wide driver for CLI commands and scripts."""
    return create_driver(connection_info())


# --- named queries ----------------------------------------------------------------------------


def runner(driver: neo4j.Driver, database: str, settings: Settings | None = None) -> CypherRunner:
    """The one factory of `CypherRunner`s: the cypher directory and query timeout from settings."""
    settings = settings or get_settings()
    return CypherRunner(driver, database, settings.cypher_dir, settings.query_timeout_s)


def load_query(name: str, *, timeout: float | None = None) -> neo4j.Query:
    """`load_query("api/entity")` -> the Query for `cypher/api/entity.cypher` (read once, cached).

    Its metadata names the file, so a slow query is recognisable in `SHOW TRANSACTIONS` and in the
    query log; its timeout is `INTELGRAPH_QUERY_TIMEOUT_S` unless given. The same queries a
    `CypherRunner` runs (for code that drives a session itself, e.g. EXPLAIN in saved queries).
    """
    settings = get_settings()
    return named_query(settings.cypher_dir, name, settings.query_timeout_s if timeout is None else timeout)


# --- schema -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchemaState:
    version: int | None
    checksum: str | None
    applied_at: str | None


@dataclass(frozen=True)
class SchemaReport:
    version: int
    checksum: str
    statements: int
    constraints: list[str]
    indexes: list[str]


def schema_statements(settings: Settings | None = None) -> list[LiteralString]:
    """Every statement of cypher/schema/*.cypher, files in name order (010_, 020_, ...)."""
    folder = (settings or get_settings()).cypher_dir / "schema"
    statements: list[LiteralString] = []
    for path in sorted(folder.glob("*.cypher")):
        statements += read_cypher_statements(folder, path.stem)
    return statements


def schema_checksum(statements: list[LiteralString]) -> str:
    """Fingerprint of the schema text (whitespace-insensitive): a changed file needs a new `db init`."""
    canonical = "\n".join(" ".join(statement.split()) for statement in statements)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _run_statement(tx: neo4j.ManagedTransaction, statement: LiteralString) -> None:
    tx.run(statement).consume()


def apply_schema(driver: neo4j.Driver, database: str, *, index_wait_s: int = 300) -> SchemaReport:
    """Create every constraint and index (idempotent), wait for them, record the schema version."""
    statements = schema_statements()
    checksum = schema_checksum(statements)
    graph = runner(driver, database)
    for statement in statements:
        # One schema command per transaction (Neo4j does not mix them); IF NOT EXISTS makes the
        # driver's retry of a managed transaction harmless.
        graph.write_transaction(_run_statement, statement)
    graph.run_once("ops/await_indexes", timeout=index_wait_s + 10, read=False, timeout_s=index_wait_s)
    graph.write("ops/schema_version_set", version=SCHEMA_VERSION, checksum=checksum)
    constraints = graph.read_rows("ops/show_constraints")
    indexes = graph.read_rows("ops/show_indexes")
    return SchemaReport(
        version=SCHEMA_VERSION,
        checksum=checksum,
        statements=len(statements),
        constraints=[row["name"] for row in constraints],
        indexes=[row["name"] for row in indexes],
    )


def read_schema_state(driver: neo4j.Driver, database: str, *, timeout: float = 3.0) -> SchemaState:
    """The recorded schema version, in one auto-commit read (no retries: callers want a quick answer)."""
    rows = runner(driver, database).run_once("ops/schema_version_get", timeout=timeout)
    if not rows:
        return SchemaState(None, None, None)
    return SchemaState(rows[0]["version"], rows[0]["checksum"], rows[0]["applied_at"])


def check_ready(driver: neo4j.Driver, database: str, *, timeout: float = 3.0) -> SchemaState:
    """Neo4j answers and its schema is the one this code expects; else `Unavailable` saying why."""
    try:
        state = read_schema_state(driver, database, timeout=timeout)
    except AuthError:
        raise Unavailable("Neo4j rejected the configured credentials (NEO4J_USERNAME / NEO4J_PASSWORD, "
                          "or the local password file)") from None
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        raise Unavailable(f"Neo4j is not reachable: {_first_line(exc)}") from None
    except Neo4jError as exc:
        raise Unavailable(f"Neo4j cannot answer: {exc.code or _first_line(exc)}") from None
    if state.version is None:
        raise SchemaNotReady("the graph schema has not been applied: run `intelgraph db init`",
                             expected_version=SCHEMA_VERSION)
    expected = schema_checksum(schema_statements())
    if state.version != SCHEMA_VERSION or state.checksum != expected:
        raise SchemaNotReady(
            f"the graph schema is version {state.version} ({state.checksum}), this code expects "
            f"version {SCHEMA_VERSION} ({expected}): run `intelgraph db init`",
            expected_version=SCHEMA_VERSION,
            found_version=state.version,
        )
    return state


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class GraphConnection:
    """The API's one driver, opened at startup when possible and otherwise on first use.

    The API must start while Neo4j is down (or before the local server was ever started, when there
    is no password file yet) and recover without a restart: `driver()` retries resolving the
    connection on each call until it succeeds, and raises `Unavailable` meanwhile. A driver, once
    made, reconnects by itself after a Neo4j restart.
    """

    def __init__(self, settings: Settings, neo: Neo4jSettings) -> None:
        self._settings = settings
        self._neo = neo
        self._driver: neo4j.Driver | None = None
        self._lock = threading.Lock()
        self.database = neo.database

    def open(self) -> None:
        """Try to make the driver now; a failure is remembered for `driver()` to retry."""
        with contextlib.suppress(Unavailable):
            self.driver()

    def driver(self) -> neo4j.Driver:
        if self._driver is None:
            with self._lock:
                if self._driver is None:
                    self._driver = create_driver(
                        connection_info(self._settings, self._neo),
                        connect_timeout_s=self._settings.neo4j_connect_timeout_s,
                        retry_time_s=self._settings.neo4j_retry_time_s,
                    )
        return self._driver

    def close(self) -> None:
        with self._lock:
            if self._driver is not None:
                self._driver.close()
                self._driver = None
