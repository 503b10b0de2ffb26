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

from app.graph.common import read

log = logging.getLogger("intelgraph.warmup")

_NONE = "warmup:none"
_EDGES = [
    "HOLDS_OFFICE",
    "OFFICE_OF",
    "BORDER_OF",
    "SAID",
    "ABOUT",
    "PARTICIPATED_IN",
    "MEMBER_OF",
    "PART_OF",
    "ALLIED_WITH",
]
_NODES = ["Person", "Organization", "Country", "Office", "Border", "Statement", "Event"]
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
    "documents_list": {"after": None, "limit": 51, "source": None},
    "document": {"id": _NONE},
    "saved_query_list": {},
    "saved_query_get": {"name": "warmup_none", "version": None},
}


def warm_up(driver: neo4j.Driver, database: str, *, timeout_s: float = 120.0) -> dict[str, float]:
    """Run every warm-up query once; returns seconds per query (failures are logged and skipped)."""
    from app.graph.saved_queries import explain_check, shipped

    timings: dict[str, float] = {}
    started = time.perf_counter()
    for name, params in WARM_PARAMS.items():
        if time.perf_counter() - started > timeout_s:
            log.info("warm-up stopped after %.0f s", timeout_s)
            break
        t = time.perf_counter()
        try:
            read(driver, database, name, params)
        except Exception as exc:  # an optimisation must never take the API down
            log.info("warm-up of api/%s skipped: %s", name, type(exc).__name__)
            continue
        timings[f"api/{name}"] = round(time.perf_counter() - t, 3)
    for name, spec in shipped().items():
        t = time.perf_counter()
        try:
            explain_check(driver, database, spec, timeout_s)
        except Exception as exc:
            log.info("warm-up of saved/%s skipped: %s", name, type(exc).__name__)
            continue
        timings[f"saved/{name}"] = round(time.perf_counter() - t, 3)
    log.info("warm-up: %d query plans in %.1f s", len(timings), time.perf_counter() - started)
    return timings


def start_warm_up(get_driver: Callable[[], neo4j.Driver], database: str) -> threading.Thread:
    """Warm up in a daemon thread (the API serves meanwhile; a request may compile a plan first)."""

    def run() -> None:
        try:
            warm_up(get_driver(), database)
        except Exception as exc:
            log.info("warm-up skipped: %s", type(exc).__name__)

    thread = threading.Thread(target=run, name="intelgraph-warmup", daemon=True)
    thread.start()
    return thread
