"""Saved queries: the shipped library (cypher/saved/) and users' queries stored in Neo4j.

A query is judged by its plan, not by its text (docs/security.md, "How saved queries are judged"):
1. a token screen (saved_spec.check_cypher_text): one statement, no USE / LOAD CSV / IN
   TRANSACTIONS / admin command, every function and procedure named on an allow-list;
2. `EXPLAIN` must report query type "r", and every operator of its plan must be on
   saved_spec.READ_OPERATORS (no LoadCSV, no ProcedureCall unless allowed, no writes, no admin);
3. every run happens in an explicit READ transaction (the server refuses writes there) that repeats
   checks 1 and 2 first unless this process already passed the same text under the same allow-lists
   with the same parameter types (`_PASSED`), with the query timeout and Neo4j's per-transaction
   memory limit, and is never retried: a memory failure is a 422 `query-memory-limit`, a timeout a 504.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, LiteralString, cast

from neo4j import READ_ACCESS, Driver, ManagedTransaction, Query, Session
from neo4j.exceptions import CypherSyntaxError, Neo4jError
from neo4j.graph import Node, Relationship
from neo4j.graph import Path as GraphPath

from app.graph.common import jsonable, label_of, node_type, read, run_guarded
from app.graph.db import runner
from app.graph.errors import Conflict, InvalidParameter, NotFound, QueryMemoryLimit, QueryTimeout, UnsafeQuery
from app.graph.saved_spec import (
    ParamError,
    QueryPolicy,
    SavedQuerySpec,
    SpecError,
    build_spec,
    check_cypher_text,
    check_plan,
    load_shipped,
    params_json_schema,
    validate_params,
)
from app.graph.search import looks_like_id, lookup_ref, resolve_ref
from app.schemas import (
    Graph,
    GraphEdge,
    GraphNode,
    ParamSpec,
    RunResponse,
    SavedQueryDetail,
    SavedQueryIn,
    SavedQueryInfo,
)
from app.settings import Settings, get_settings
from importers.cypher_files import CYPHER_ROOT
from importers.generation import bump_in_tx

# Neo4j's answers when a transaction needs more memory than allowed: the per-transaction limit
# (db.memory.transaction.max), the pool of all transactions (dbms.memory.transaction.total.max) and
# the JVM heap itself. All are "transient" (a driver would retry them); a saved query never is.
_MEMORY_CODES = ("MemoryPoolOutOfMemoryError", "TransactionMemoryLimit", "General.OutOfMemoryError")
# How long past its own timeout a saved query may keep the caller waiting (see _Deadline).
DEADLINE_GRACE_S = 0.5


class _Deadline:
    """Stop waiting for a query that the server does not stop at its timeout.

    Neo4j checks a transaction's timeout (and its memory limit) in its operators, not inside the
    evaluation of one expression: `RETURN [x IN range(1, 100000000) | x]` runs on past the timeout
    until the JVM heap is exhausted (72 s measured with a 512 MB heap). At `seconds` this shuts the
    session's socket: the thread waiting for the answer gets a driver error at once (the caller a
    504), the connection is discarded instead of going back to the pool, and Neo4j, seeing the
    client gone, marks the transaction terminated. The session is only touched under the lock and
    only before `__exit__`, so a connection that finished in time is never shut.
    """

    def __init__(self, session: Session, seconds: float) -> None:
        self._session = session
        self._lock = threading.Lock()
        self._done = False
        self.fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        with self._lock:
            self._done = True
        self._timer.cancel()

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            # The driver has no public way to abandon a running query; its private attributes are
            # read defensively (a driver without them leaves the wait to Neo4j, as before).
            connection = getattr(self._session, "_connection", None)
            bolt_socket = getattr(connection, "socket", None)
            raw = getattr(bolt_socket, "_socket", None)
            if isinstance(raw, socket.socket):
                with contextlib.suppress(OSError):
                    raw.shutdown(socket.SHUT_RDWR)


def policy_from(settings: Settings | None = None) -> QueryPolicy:
    """The allow-lists of INTELGRAPH_SAVED_QUERY_PROCEDURES and INTELGRAPH_SAVED_QUERY_FUNCTIONS, and
    INTELGRAPH_SAVED_QUERY_MAX_RANGE."""
    settings = settings or get_settings()
    return QueryPolicy.parse(
        settings.saved_query_procedures, settings.saved_query_functions, settings.saved_query_max_range
    )


@lru_cache(maxsize=4)
def shipped(directory: Path = CYPHER_ROOT / "saved") -> dict[str, SavedQuerySpec]:
    return load_shipped(directory)


def _user_spec(row: dict[str, Any], versions: list[int]) -> SavedQuerySpec:
    params = {k: ParamSpec.model_validate(v) for k, v in json.loads(row.get("parameters") or "{}").items()}
    return SavedQuerySpec(
        name=row["name"],
        description=row.get("description") or "",
        cypher=row["cypher"],
        parameters=params,
        columns=list(row.get("columns") or []),
        graph=bool(row.get("graph")),
        origin="user",
        version=int(row["version"]),
        versions=sorted(versions),
        created_by=row.get("created_by"),
        created_at=jsonable(row.get("created_at")),
    )


def _info(spec: SavedQuerySpec) -> SavedQueryInfo:
    return SavedQueryInfo(
        name=spec.name,
        origin=spec.origin,
        version=spec.version,
        description=spec.description,
        parameters=spec.json_schema(),
        columns=spec.columns,
        graph=spec.graph,
    )


def detail(spec: SavedQuerySpec) -> SavedQueryDetail:
    return SavedQueryDetail(
        **_info(spec).model_dump(),
        cypher=spec.cypher,
        versions=spec.versions or [spec.version],
        created_by=spec.created_by,
        created_at=spec.created_at,
    )


def list_queries(driver: Driver, database: str) -> list[SavedQueryInfo]:
    items = [_info(s) for s in shipped().values()]
    for row in read(driver, database, "saved_query_list", {}):
        items.append(_info(_user_spec(row["query"], row["version_numbers"])))
    return sorted(items, key=lambda i: (i.origin != "shipped", i.name))


def get_query(driver: Driver, database: str, name: str, version: int | None = None) -> SavedQuerySpec:
    if name in shipped():
        return shipped()[name]
    rows = read(driver, database, "saved_query_get", {"name": name, "version": version})
    if not rows or rows[0]["query"] is None:
        raise NotFound(f"no saved query named {name!r}" + (f" with version {version}" if version else ""))
    return _user_spec(rows[0]["query"], rows[0]["version_numbers"])


def _text(spec: SavedQuerySpec, prefix: str = "") -> LiteralString:
    # The one place a saved query's text becomes a LiteralString: a saved query *is* Cypher chosen
    # by an analyst, screened and EXPLAIN-checked as read-only; its values still travel as $params.
    return cast(LiteralString, prefix + spec.cypher)  # type: ignore[redundant-cast]  # mypy: LiteralString is str


def _as_query(spec: SavedQuerySpec, timeout: float, prefix: str = "") -> Query:
    return Query(_text(spec, prefix), metadata={"query": f"saved/{spec.name}"}, timeout=timeout)


def _explain_verdict(query_type: str, plan: dict[str, Any] | None, spec: SavedQuerySpec,
                     policy: QueryPolicy) -> None:
    if query_type != "r":
        kinds = {"rw": "reads and writes", "w": "writes", "s": "changes the schema"}
        does = kinds.get(query_type, "is " + query_type)
        raise UnsafeQuery(
            f"saved queries must be read-only (EXPLAIN query type 'r'); this one {does}"
            f" (query type '{query_type}')"
        )
    try:
        check_plan(plan, source=f"query {spec.name!r}", policy=policy)
    except SpecError as exc:
        raise UnsafeQuery(str(exc)) from None


def explain_check(
    driver: Driver, database: str, spec: SavedQuerySpec, timeout: float, policy: QueryPolicy | None = None
) -> None:
    """Refuse anything that is not a read-only query by its plan (UnsafeQuery), or not valid Cypher."""
    policy = policy or policy_from()
    try:
        check_cypher_text(spec.cypher, source=f"query {spec.name!r}", policy=policy)
    except SpecError as exc:
        raise UnsafeQuery(str(exc)) from None
    params = {name: p.default for name, p in spec.parameters.items()}

    def explain() -> tuple[str, dict[str, Any] | None]:
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            summary = session.run(_as_query(spec, timeout, "EXPLAIN "), params).consume()
            return str(summary.query_type), summary.plan

    try:
        query_type, plan = run_guarded(f"saved/{spec.name}", explain)
    except CypherSyntaxError as exc:
        raise UnsafeQuery(f"not valid Cypher: {_first_line(exc.message)}") from None
    except Neo4jError as exc:
        if exc.code and "ClientError" not in exc.code:
            raise  # the server is unwell (unavailable, busy): 503 by app/errors.py, not a verdict
        raise UnsafeQuery(f"refused by the server: {_first_line(exc.message)}") from None
    _explain_verdict(query_type, plan, spec, policy)
    _passed(_verdict_key(database, spec.cypher, policy, params))


# ---- verdicts, judged once ------------------------------------------------------------------------
# A query's verdict depends only on its text, the allow-lists and the server (what EXPLAIN says about
# the text); the parameters only by their types. So the screen and the EXPLAIN run once per
# (database, text, policy, parameter types) in this process - at save, or at the first run after a
# start - and later runs skip both (profiled: 44% of a saved query's API CPU and one round trip).
# Only passes are remembered: a refused text is judged again each time. Every run still happens in
# a READ transaction, which the server itself refuses to let write.
VERDICT_CACHE_SIZE = 1024
_PASSED: dict[tuple[str, str, QueryPolicy, tuple[tuple[str, str], ...]], None] = {}
_PASSED_LOCK = threading.Lock()


def _verdict_key(
    database: str, cypher: str, policy: QueryPolicy, params: dict[str, Any]
) -> tuple[str, str, QueryPolicy, tuple[tuple[str, str], ...]]:
    return database, cypher, policy, tuple(sorted((k, type(v).__name__) for k, v in params.items()))


def _passed(key: tuple[str, str, QueryPolicy, tuple[tuple[str, str], ...]]) -> None:
    with _PASSED_LOCK:
        if len(_PASSED) >= VERDICT_CACHE_SIZE:
            _PASSED.pop(next(iter(_PASSED)))  # the oldest
        _PASSED[key] = None


def forget_verdicts() -> None:
    """Judge every query again at its next run (a changed allow-list needs no call: it is in the key)."""
    with _PASSED_LOCK:
        _PASSED.clear()


def _first_line(message: str | None) -> str:
    return (message or "").strip().splitlines()[0][:300] if message else "error"


# ---- running -------------------------------------------------------------------------------------


class _GraphCollector:
    def __init__(self) -> None:
        self.nodes: dict[str, GraphNode] = {}
        self.edges: dict[str, GraphEdge] = {}

    def node(self, n: Node) -> dict[str, Any]:
        props = dict(n.items())
        nid = str(props.get("id") or n.element_id)
        kind = node_type(list(n.labels))
        label = label_of(kind, {**props, "id": nid})
        if nid not in self.nodes:
            shown = {
                k: jsonable(v)
                for k, v in props.items()
                if k not in {"id", "search_text", "text"} and v is not None and not isinstance(v, list)
            }
            self.nodes[nid] = GraphNode(id=nid, label=label, type=kind, properties=shown)
        return {"id": nid, "type": kind, "label": label}

    def rel(self, r: Relationship) -> dict[str, Any]:
        rid = str(r.get("id") or r.element_id)
        start, end = r.start_node, r.end_node
        source = str((start.get("id") if start is not None else None) or (start.element_id if start else ""))
        target = str((end.get("id") if end is not None else None) or (end.element_id if end else ""))
        if rid not in self.edges:
            props = {
                k: jsonable(v)
                for k, v in r.items()
                if k not in {"id", "first_seen", "last_seen"} and v is not None
            }
            self.edges[rid] = GraphEdge(id=rid, source=source, target=target, type=r.type, properties=props)
        return {"id": rid, "type": r.type, "source": source, "target": target}

    def value(self, v: Any) -> Any:
        if isinstance(v, Node):
            return self.node(v)
        if isinstance(v, Relationship):
            return self.rel(v)
        if isinstance(v, GraphPath):
            return {"nodes": [self.node(n) for n in v.nodes], "edges": [self.rel(r) for r in v.relationships]}
        if isinstance(v, list):
            return [self.value(x) for x in v]
        if isinstance(v, dict):
            return {k: self.value(x) for k, x in v.items()}
        return jsonable(v)

    def graph(self) -> Graph | None:
        if not self.nodes and not self.edges:
            return None
        # Edges whose ends were not returned as nodes still draw: add bare end nodes.
        for e in list(self.edges.values()):
            for end in (e.source, e.target):
                if end not in self.nodes:
                    self.nodes[end] = GraphNode(id=end, label=end, type="Unknown")
        return Graph(nodes=list(self.nodes.values()), edges=list(self.edges.values()))


def run_query(
    driver: Driver,
    database: str,
    spec: SavedQuerySpec,
    given: dict[str, Any],
    *,
    max_rows: int,
    timeout: float,
    from_text: bool = False,
    policy: QueryPolicy | None = None,
) -> RunResponse:
    """Run a saved query in one explicit READ transaction, judged by its plan first (once: `_PASSED`).

    Not `execute_read`: its retry loop would repeat a query that ran out of memory (a transient
    error) for up to 30 s. One attempt; a memory failure is QueryMemoryLimit (422), a timeout
    QueryTimeout (504).
    """
    policy = policy or policy_from()
    try:
        params = validate_params(spec, given, from_text=from_text)
    except ParamError as exc:
        raise InvalidParameter(f"params.{exc.field}", exc.message) from None
    params = resolve_params(driver, database, spec, params)
    verdict = _verdict_key(database, spec.cypher, policy, params)
    judged = verdict in _PASSED
    if not judged:
        try:
            check_cypher_text(spec.cypher, source=f"saved query {spec.name!r}", policy=policy)
        except SpecError as exc:
            raise UnsafeQuery(str(exc)) from None
    text = _text(spec)
    explain_text = _text(spec, "EXPLAIN ")
    collector = _GraphCollector()
    deadlines: list[_Deadline] = []

    def execute() -> tuple[list[str], list[dict[str, Any]], bool]:
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            deadline = _Deadline(session, timeout + DEADLINE_GRACE_S)
            deadlines.append(deadline)
            with (
                deadline,
                session.begin_transaction(timeout=timeout, metadata={"query": f"saved/{spec.name}"}) as tx,
            ):
                return _rows(tx)

    def _rows(tx: Any) -> tuple[list[str], list[dict[str, Any]], bool]:
        if not judged:  # screened and EXPLAINed once per text, policy and parameter types
            summary = tx.run(explain_text, params).consume()
            _explain_verdict(str(summary.query_type), summary.plan, spec, policy)
            _passed(verdict)
        result = tx.run(text, params)
        keys = list(result.keys())
        rows: list[dict[str, Any]] = []
        for record in result:
            if len(rows) == max_rows:
                return keys, rows, True
            rows.append({k: collector.value(record[k]) for k in keys})
        return keys, rows, False  # the transaction is rolled back on close: it wrote nothing

    started = time.perf_counter()
    try:
        keys, rows, truncated = run_guarded(f"saved/{spec.name}", execute)
    except (QueryTimeout, UnsafeQuery):
        raise
    except Exception as exc:
        if deadlines and deadlines[0].fired:
            raise QueryTimeout(
                f"query saved/{spec.name} took longer than its timeout", query=f"saved/{spec.name}"
            ) from None
        if isinstance(exc, Neo4jError):
            _raise_run_error(spec, exc)
        raise
    elapsed = (time.perf_counter() - started) * 1000
    return RunResponse(
        name=spec.name,
        version=spec.version,
        columns=keys,
        rows=rows,
        row_count=len(rows),
        truncated=truncated,
        elapsed_ms=round(elapsed, 2),
        graph=collector.graph(),
    )


_PLURAL = {"entity": "entities", "country": "countries"}


def _candidates(rows: list[Any]) -> str:
    return ", ".join(f"{r['id']} ({label_of(node_type(r['labels']), dict(r))})" for r in rows)


def resolve_params(
    driver: Driver, database: str, spec: SavedQuerySpec, params: dict[str, Any]
) -> dict[str, Any]:
    """`params` with every name given where an id is expected (`refers_to` in the query's header)
    replaced by that id: an entity by its id, name or alias, a country also by its ISO code.

    A name that fits several entities, or none, is an InvalidParameter (422) naming the candidates:
    a query given a name it cannot use must not quietly return no rows. A value that looks like an
    id (`kind:key`) and matches nothing is passed on as it is (the query finds nothing for it).
    """
    resolved = dict(params)
    for name, pspec in spec.parameters.items():
        value = resolved.get(name)
        if pspec.refers_to is None or not isinstance(value, str) or not value.strip():
            continue
        ref = value.strip()
        types = ["Country"] if pspec.refers_to == "country" else None
        rows = lookup_ref(driver, database, "resolve_param", ref, types)
        if rows and rows[0]["is_id"]:
            resolved[name] = rows[0]["id"]
            continue
        if len(rows) == 1:
            resolved[name] = rows[0]["id"]
            continue
        if rows:
            raise InvalidParameter(
                f"params.{name}",
                f"{ref!r} fits {len(rows)} {_PLURAL[pspec.refers_to]}: {_candidates(rows)}; give one id",
            )
        if looks_like_id(ref):
            continue
        try:
            near = resolve_ref(driver, database, ref, field=name, types=types)
            hint = f"; did you mean {near.id} ({near.label})?"
        except NotFound:
            hint = ""
        raise InvalidParameter(f"params.{name}", f"no {pspec.refers_to} is named {ref!r}{hint}")
    return resolved


def _raise_run_error(spec: SavedQuerySpec, exc: Neo4jError) -> None:
    """Turn the server's refusal of a saved query into the domain error (others propagate)."""
    code = exc.code or ""
    if isinstance(exc, CypherSyntaxError):
        raise UnsafeQuery(
            f"saved query {spec.name!r} is not valid Cypher: {_first_line(exc.message)}"
        ) from None
    # The last line of defence: a READ transaction refuses writes on the server.
    if "AccessMode" in code:
        raise UnsafeQuery(f"saved query {spec.name!r} tried to write in a read transaction") from None
    if "General.OutOfMemoryError" in code:
        raise QueryMemoryLimit(
            f"Neo4j ran out of heap memory while running saved query {spec.name!r} (this query, or"
            " one running at the same time, used it up); narrow the query, or try again if it is small",
            query=f"saved/{spec.name}",
        ) from None
    if any(marker in code for marker in _MEMORY_CODES):
        raise QueryMemoryLimit(
            f"saved query {spec.name!r} needed more memory than Neo4j allows one transaction"
            " (db.memory.transaction.max) or all transactions together; narrow the query",
            query=f"saved/{spec.name}",
        ) from None
    raise exc


# ---- saving --------------------------------------------------------------------------------------


def save_query(
    driver: Driver,
    database: str,
    body: SavedQueryIn,
    *,
    created_by: str,
    timeout: float,
    policy: QueryPolicy | None = None,
) -> SavedQuerySpec:
    if body.name in shipped():
        raise Conflict(f"{body.name!r} is a shipped query; choose another name")
    try:
        spec = build_spec(
            {
                "name": body.name,
                "description": body.description,
                "parameters": body.parameters,
                "columns": body.columns,
                "graph": body.graph,
            },
            body.cypher.strip().rstrip(";").strip(),
            source=f"query {body.name!r}",
            origin="user",
            policy=policy or policy_from(),
        )
    except SpecError as exc:
        raise UnsafeQuery(str(exc)) from None
    explain_check(driver, database, spec, timeout, policy)
    parameters = json.dumps(
        {k: v.model_dump(exclude_none=True) for k, v in spec.parameters.items()}, sort_keys=True
    )
    digest = hashlib.sha256(
        "\x1f".join(
            [spec.description, spec.cypher, parameters, json.dumps(spec.columns), str(spec.graph)]
        ).encode()
    ).hexdigest()[:16]
    cypher = runner(driver, database)
    params = {
        "name": spec.name,
        "digest": digest,
        "description": spec.description,
        "cypher": spec.cypher,
        "parameters": parameters,
        "columns": spec.columns,
        "graph": spec.graph,
        "created_by": created_by,
    }

    def save(tx: ManagedTransaction) -> None:
        cypher.run(tx, "api/saved_query_save", **params).consume()
        bump_in_tx(cypher, tx)  # a changed query list: cached answers are stale (app/cache)

    run_guarded("api/saved_query_save", lambda: cypher.write_transaction(save))
    return get_query(driver, database, spec.name)


def delete_query(driver: Driver, database: str, name: str) -> int:
    if name in shipped():
        raise Conflict(f"{name!r} is a shipped query and cannot be deleted")
    cypher = runner(driver, database)

    def delete(tx: ManagedTransaction) -> int:
        record = cypher.run(tx, "api/saved_query_delete", name=name).single()
        deleted = int(record["deleted"]) if record else 0
        if deleted:
            bump_in_tx(cypher, tx)
        return deleted

    deleted = run_guarded("api/saved_query_delete", lambda: cypher.write_transaction(delete))
    if deleted == 0:
        raise NotFound(f"no saved query named {name!r}")
    return deleted


def check_shipped_params_schema() -> dict[str, dict[str, Any]]:
    """Every shipped query's parameter schema (used by tests and `GET /api/queries`)."""
    return {name: params_json_schema(spec.parameters) for name, spec in shipped().items()}
