"""The one way to run Cypher: named files, the name as transaction metadata, a timeout, routing.

`CypherRunner(driver, database, cypher_dir, timeout)` runs `cypher/<dir>/<name>.cypher` by name
("api/entity", "load/merge_entities", "ops/ping"):

- `read(name, **params)` / `read_rows(name, **params)`: one read, routed to a reader in a cluster
  (`execute_query(routing_=READ)`), records or dicts;
- `write(name, **params)`: one write in a managed (retried) transaction: it must be idempotent;
- `read_transaction(fn, ...)` / `write_transaction(fn, ...)`: several statements in one managed
  transaction; `fn(tx, ...)` runs them with `runner.run(tx, name, **params)`.

Every query carries `{"query": <name>}` as metadata (visible in `SHOW TRANSACTIONS` and the query
log) and the runner's timeout; every call names the database. The cypher directory is passed in
(the app passes `INTELGRAPH_CYPHER_DIR`); `importers` never reads settings or the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Concatenate, LiteralString, ParamSpec, TypeVar

import neo4j
from neo4j import NotificationMinimumSeverity, RoutingControl

from importers.cypher_files import CYPHER_ROOT, read_cypher

DEFAULT_TIMEOUT_S = 10.0

P = ParamSpec("P")
T = TypeVar("T")


def split_name(name: str) -> tuple[str, str]:
    """'api/entity' -> ('api', 'entity'); anything else is refused (no climbing out of cypher/)."""
    directory, _, stem = name.rpartition("/")
    if not directory or "/" in directory or directory.startswith("."):
        raise ValueError(f"query name {name!r} must be '<dir>/<name>', e.g. 'api/entity'")
    return directory, stem


@lru_cache(maxsize=1024)
def named_query(cypher_dir: Path, name: str, timeout: float | None) -> neo4j.Query:
    """The Query for `<cypher_dir>/<dir>/<stem>.cypher` (read once per process), named in its metadata."""
    directory, stem = split_name(name)
    return neo4j.Query(read_cypher(cypher_dir / directory, stem), metadata={"query": name}, timeout=timeout)


class CypherRunner:
    """Runs named Cypher files against one database through one driver (both owned by the caller)."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        cypher_dir: Path | None = None,
        timeout: float | None = DEFAULT_TIMEOUT_S,
        *,
        transaction_timeout: float | None = None,
    ) -> None:
        self.driver = driver
        self.database = database
        self.cypher_dir = Path(cypher_dir) if cypher_dir is not None else CYPHER_ROOT
        self.timeout = timeout
        # Multi-statement transactions (a loader batch, a retraction) are bounded separately: by
        # default not at all, as a batch of many documents may legitimately take longer than a read.
        self.transaction_timeout = transaction_timeout

    # --- texts and queries ------------------------------------------------------------------------

    def query(self, name: str, *, timeout: float | None = None) -> neo4j.Query:
        """The named query with its metadata and the runner's timeout (or `timeout`)."""
        return named_query(self.cypher_dir, name, self.timeout if timeout is None else timeout)

    def text(self, name: str) -> LiteralString:
        """The text of a named file (for `tx.run` inside a transaction function)."""
        return self.query(name).text

    # --- single statements ------------------------------------------------------------------------

    def read(self, name: str, /, *, timeout: float | None = None, **params: Any) -> list[neo4j.Record]:
        """Run a named read (routed to a reader), returning its records."""
        records, _, _ = self.driver.execute_query(
            self.query(name, timeout=timeout), params, routing_=RoutingControl.READ, database_=self.database
        )
        return list(records)

    def read_rows(self, name: str, /, *, timeout: float | None = None, **params: Any) -> list[dict[str, Any]]:
        """Run a named read, returning its rows as dicts."""
        return [record.data() for record in self.read(name, timeout=timeout, **params)]

    def write(self, name: str, /, *, timeout: float | None = None, **params: Any) -> list[dict[str, Any]]:
        """Run a named write in a managed (retried) transaction: it must be idempotent (MERGE)."""
        query = self.query(name, timeout=timeout)

        @neo4j.unit_of_work(metadata=query.metadata, timeout=query.timeout)
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query.text, params)]

        with self._session() as session:
            return session.execute_write(work)

    def run_once(
        self, name: str, /, *, timeout: float | None = None, read: bool = True, **params: Any
    ) -> list[dict[str, Any]]:
        """One auto-commit run, without the driver's retries (health checks want a quick answer)."""
        access = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        with self._session(default_access_mode=access) as session:
            return [record.data() for record in session.run(self.query(name, timeout=timeout), params)]

    # --- transactions -----------------------------------------------------------------------------

    def run(self, tx: neo4j.ManagedTransaction, name: str, /, **params: Any) -> neo4j.Result:
        """Run a named statement inside a transaction function."""
        return tx.run(self.text(name), params)

    def read_transaction(
        self,
        fn: Callable[Concatenate[neo4j.ManagedTransaction, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run `fn(tx, ...)` in one managed read transaction (named after `fn` in its metadata)."""
        with self._session(default_access_mode=neo4j.READ_ACCESS) as session:
            return session.execute_read(self._unit(fn), *args, **kwargs)

    def write_transaction(
        self,
        fn: Callable[Concatenate[neo4j.ManagedTransaction, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run `fn(tx, ...)` in one managed (retried) write transaction: every statement or none."""
        with self._session() as session:
            return session.execute_write(self._unit(fn), *args, **kwargs)

    def _unit(
        self, fn: Callable[Concatenate[neo4j.ManagedTransaction, P], T]
    ) -> Callable[Concatenate[neo4j.ManagedTransaction, P], T]:
        name = f"tx/{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', 'transaction')}"

        # A new function each time: `unit_of_work` sets attributes on what it wraps.
        def unit(tx: neo4j.ManagedTransaction, /, *args: P.args, **kwargs: P.kwargs) -> T:
            return fn(tx, *args, **kwargs)

        return neo4j.unit_of_work(metadata={"query": name}, timeout=self.transaction_timeout)(unit)

    def _session(self, **config: Any) -> neo4j.Session:
        # Notifications (e.g. "property key does not exist" on an empty graph) are noise for named,
        # reviewed queries; logging each one with its text cost more than running the query.
        return self.driver.session(
            database=self.database, notifications_min_severity=NotificationMinimumSeverity.OFF, **config
        )
