"""Compile the API's query plans before the first user asks.

Neo4j plans a query on its first execution and caches the plan (keyed by the text and the
parameter types). The API's larger queries (entity, neighbourhood, ties, paths) take seconds to
plan on a busy machine, and just after a server start the planner itself is cold: without a
warm-up the first request after a restart could run past the query timeout (504). `warm_up` runs
every read query of cypher/api once, with parameters of the types the API sends and ids that match
nothing (so each run is a few index lookups), and EXPLAINs every shipped saved query, in a
background thread started by the app's lifespan. Failures are logged, never raised: a warm-up is
an optimisation, and Neo4j may simply be down (the API then answers 503 as usual).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import neo4j
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from app.graph.db import runner
from app.graph.saved_queries import explain_check, shipped
from app.graph.saved_spec import SavedQuerySpec
from app.schemas import EDGE_TYPES, ENTITY_TYPES, NODE_TYPES
from importers.vocabulary import ENTITY_FACT_TYPES

log = logging.getLogger("intelgraph.warmup")


def _ensure_output() -> None:
    # One line for operators (and bench/bench_api.py, which waits for it) whatever the server's
    # logging config: uvicorn's default config does not print application INFO records.
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


_NONE = "warmup:none"
# The same type lists the API validates against (derived from importers/vocabulary.yaml), so a
# warm-up plans exactly the queries users run.
_EDGES = list(EDGE_TYPES)
_NODES = list(NODE_TYPES)
_PATHS = {
    "from": _NONE,
    "to": _NONE,
    "types": _EDGES,
    "exclude": [],
    "max_hops": 4,
    "limit": 25,
    "k": 5,
    "scan_cap": 100,
}

# Parameters per query, typed as the graph layer sends them (null where it usually sends null).
WARM_PARAMS: dict[str, dict[str, Any]] = {
    "search": {
        "index": "fulltext_search",
        "lucene": "zzznomatchzzz*",
        "types": None,
        "fetch": 30,
        "limit": 20,
    },
    "resolve_entity": {"ref": _NONE, "lucene": "zzznomatchzzz", "index": "fulltext_search", "types": None},
    "resolve_country": {"ref": "ZZZ"},
    "fulltext_stopwords": {"analyzer": "standard-folding"},
    "resolve_param": {"ref": _NONE, "lucene": "zzznomatchzzz", "index": "fulltext_search", "types": None},
    "entity": {"id": _NONE, "cap": 100},
    "neighbourhood": {
        "id": _NONE,
        "depth": 2,
        "rel_types": _EDGES,
        "node_types": _NODES,
        "from": None,
        "to": None,
        "limit": 500,
        "edge_cap": 10000,
    },
    "paths_shortest": _PATHS,
    "paths_k_shortest": _PATHS,
    "paths_all": _PATHS,
    "hop_evidence": {"hops": [{"fact_id": _NONE, "node_id": None}], "per_hop": 5},
    "ties": {"a": _NONE, "b": _NONE},
    "provenance_fact": {"id": _NONE},
    "provenance_evidence": {"id": _NONE, "limit": 1000},
    "statements": {
        "speaker": None,
        "about": None,
        "kind": None,
        "from": None,
        "to": None,
        "q": None,
        "after": None,
        "limit": 51,
    },
    "documents_list": {"after": None, "limit": 51, "source": None, "fact_types": ["Statement"]},
    "documents_find": {"prefix": "doc:warmup"},
    "document": {"id": _NONE},
    "document_facts": {"id": _NONE, "relationship_ids": [_NONE], "node_ids": [_NONE]},
    "saved_query_list": {},
    "saved_query_get": {"name": "warmup_none", "version": None},
    # The actor view (app/graph/actors.py).
    "actor_links": {
        "ids": [_NONE, _NONE + "2"],
        "direct_types": list(ENTITY_FACT_TYPES),
        "from": None,
        "to": None,
        "per_carrier": 3,
        "row_cap": 20000,
    },
    "actor_step": {
        "frontier": [_NONE],
        "seen": [_NONE],
        "direct_types": list(ENTITY_FACT_TYPES),
        "node_types": list(ENTITY_TYPES),
        "from": None,
        "to": None,
        "limit": 500,
    },
    "actor_nodes": {"ids": [_NONE]},
    "paths_actors": {
        "from": _NONE,
        "to": _NONE,
        "direct_types": list(ENTITY_FACT_TYPES),
        "exclude": [],
        "max_hops": 8,
        "limit": 100,
    },
}


def warm_up(
    driver: neo4j.Driver, database: str, *, stop: threading.Event | None = None, timeout_s: float = 120.0
) -> dict[str, float]:
    """Run every warm-up query once; returns seconds per query (failures are logged and skipped).

    Auto-commit transactions, not managed ones: a warm-up query that fails is not worth retrying.
    `stop` is checked between queries so that shutdown never waits for more than one of them.
    """
    stop = stop or threading.Event()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    jobs: list[tuple[str, Callable[[], object]]] = []
    graph = runner(driver, database)
    for name, params in WARM_PARAMS.items():

        def run_api(name: str = name, params: dict[str, Any] = params) -> object:
            return graph.run_once(f"api/{name}", **params)

        jobs.append((f"api/{name}", run_api))
    for name, spec in shipped().items():

        def run_saved(spec: SavedQuerySpec = spec) -> object:
            explain_check(driver, database, spec, timeout_s)
            return None

        jobs.append((f"saved/{name}", run_saved))
    for label, job in jobs:
        if stop.is_set() or time.perf_counter() - started > timeout_s:
            break
        t = time.perf_counter()
        try:
            job()
        except (ServiceUnavailable, SessionExpired) as exc:  # Neo4j is not there: the rest would wait too
            log.info("warm-up stopped at %s: %s", label, type(exc).__name__)
            break
        except Exception as exc:  # an optimisation must never take the API down
            log.info("warm-up of %s skipped: %s", label, type(exc).__name__)
            continue
        timings[label] = round(time.perf_counter() - t, 3)
    _ensure_output()
    log.info("warm-up: %d query plans in %.1f s", len(timings), time.perf_counter() - started)
    return timings


class WarmUp:
    """The background warm-up of one app: `stop()` before the driver is closed."""

    def __init__(self, get_driver: Callable[[], neo4j.Driver], database: str) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(get_driver, database), name="intelgraph-warmup", daemon=True
        )

    def _run(self, get_driver: Callable[[], neo4j.Driver], database: str) -> None:
        try:
            warm_up(get_driver(), database, stop=self._stop)
        except Exception as exc:  # Neo4j down or not configured: the API answers 503 as usual
            log.info("warm-up skipped: %s", type(exc).__name__)

    def start(self) -> WarmUp:
        self._thread.start()
        return self

    def wait(self, timeout: float) -> bool:
        """Wait for the warm-up to finish (at most `timeout` seconds); True when it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the thread to stop and wait for the query in flight (at most `timeout` seconds)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)


def start_warm_up(get_driver: Callable[[], neo4j.Driver], database: str) -> WarmUp:
    """Warm up in a daemon thread (the API serves meanwhile; a request may compile a plan first)."""
    return WarmUp(get_driver, database).start()
