"""API latency and throughput against the same Cypher run directly through the driver.

On a graph of >= 5,000 synthetic documents (bench/synth.py articles, extracted by the real
pipeline and loaded by the real loader), for six operations - search, entity, neighbourhood (depth
2), paths (shortest), ties, and a saved query (tie_timeline) - at concurrency 1 and 16:

- api: HTTP requests to the API served by uvicorn in its own process (one worker, as
  `intelgraph serve` runs it), response bodies read in full;
- direct: the very queries the API runs for that request (recorded by calling the graph layer
  once with a recording driver), replayed through the neo4j driver from this process with the
  same parameters, records fetched in full.

Both sides cycle through the same inputs (entities, pairs, countries picked from the graph), and
the API is measured once its background warm-up (query plans) has finished. `--api-workers 2`
runs uvicorn with two processes (one per core here) for comparison; the default is one, as
`intelgraph serve` runs it.
Reported per operation and concurrency: p50/p95/p99 latency (ms), throughput (ops/s), and the API
overhead at p95 (`api_p95 / direct_p95 - 1`; target <= 0.30).

The graph is built once and kept in a cached Neo4j home (default
$XDG_CACHE_HOME/intelgraph/bench-api-neo4j-<docs>-<seed>, reused while it holds the same corpus;
`--fresh` rebuilds). The server is stopped at the end either way. Results: bench/results/api.json.

Usage: python -m bench.bench_api [--docs 5000] [--seed 0] [--requests 200] [--inputs 40] [--fresh]
       [--home DIR] [--api-workers 1] [--out bench/results/api.json] [--build-only]
       [--baseline-tree DIR] [--no-cached]

The API is measured with its response cache off (`api`: every request runs its queries; the
target's figure), and, unless `--no-cached`, a second API process with the cache on
(`api_cached`: every input requested once first, so the measured requests are repeats answered
from the cache). `--baseline-tree DIR` also serves the API of another source tree (e.g. main's
commit, `git archive <commit> | tar -x -C DIR`) against the same graph, measured right after, so
before and after share the machine's state.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import neo4j
from neo4j import RoutingControl

from app.graph import entities as g_entities
from app.graph import paths as g_paths
from app.graph import saved_queries as g_saved
from app.graph import search as g_search
from app.graph import ties as g_ties
from app.graph.db import apply_schema, load_query
from app.graph.saved_spec import validate_params
from app.neo4j_server import LocalNeo4j, ServerConfig, free_port
from app.settings import Settings, get_settings

# Query plans are compiled on first use, which on a busy machine can take seconds for the larger API
# queries: the bench allows 60 s per query (the API process gets the same setting below).
os.environ.setdefault("INTELGRAPH_QUERY_TIMEOUT_S", "60")

# Server notifications ("label does not exist" before the first build) are noise here.
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "api.json"
TARGET_OVERHEAD_P95 = 0.30
CONCURRENCY = (1, 16)
CORPUS_MARK = "bench_api_corpus"


# ---- the graph ----------------------------------------------------------------------------------


def _cache_home(docs: int, seed: int) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "intelgraph"
    return base / f"bench-api-neo4j-{docs}-{seed}"


def _read(driver: neo4j.Driver, database: str, name: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        load_query(f"bench/{name}", timeout=600), params, routing_=RoutingControl.READ, database_=database
    )
    return [r.data() for r in records]


def _corpus_loaded(driver: neo4j.Driver, database: str, signature: str) -> bool:
    rows = _read(driver, database, "api_corpus_get", id=CORPUS_MARK)
    return bool(rows) and rows[0]["signature"] == signature


def build_graph(driver: neo4j.Driver, database: str, docs: int, seed: int) -> dict[str, Any]:
    """Generate, extract and load the synthetic corpus; returns timings."""
    from bench.synth import generate
    from importers.cypher_runner import CypherRunner
    from importers.loader import Loader
    from importers.pipeline import Extractor

    started = time.perf_counter()
    sources = generate(docs, seed)
    extractor = Extractor(get_settings().spacy_model)
    loader = Loader(CypherRunner(driver, database), batch_size=100)
    loaded = 0
    extract_s = load_s = 0.0
    batch: list[Any] = []

    def flush() -> None:
        nonlocal loaded, load_s, batch
        t = time.perf_counter()
        result = loader.load_batch(batch)
        load_s += time.perf_counter() - t
        loaded += len(result.loaded) + len(result.skipped)
        batch = []

    t = time.perf_counter()
    for extraction, source in zip(extractor.extract_many(sources, batch_size=32), sources, strict=True):
        if extraction.text is None:
            extraction.text = source.body
        batch.append(extraction)
        if len(batch) == 100:
            extract_s += time.perf_counter() - t
            flush()
            t = time.perf_counter()
            print(
                f"  built {loaded}/{docs} documents ({time.perf_counter() - started:.0f} s)", file=sys.stderr
            )
    extract_s += time.perf_counter() - t
    if batch:
        flush()
    return {
        "documents": loaded,
        "extract_s": round(extract_s, 1),
        "load_s": round(load_s, 1),
        "total_s": round(time.perf_counter() - started, 1),
    }


def graph_counts(driver: neo4j.Driver, database: str) -> dict[str, int]:
    return _read(driver, database, "api_counts")[0]


# ---- inputs ---------------------------------------------------------------------------------------


def pick_inputs(driver: neo4j.Driver, database: str, n: int, rng: random.Random) -> dict[str, list[Any]]:
    """Entities, person pairs and country pairs drawn from the graph (the same for both sides)."""

    row = _read(driver, database, "api_inputs")[0]
    people: list[str] = sorted(row["people"])
    names: list[str] = list(row["names"])
    country_pairs = [tuple(p) for p in row["country_pairs"]]
    rng.shuffle(people)
    rng.shuffle(names)
    rng.shuffle(country_pairs)
    pairs = [(people[i], people[-1 - i]) for i in range(min(n, len(people) // 2))]
    return {
        "search": [name.split()[-1][:5].lower() for name in names[:n]],
        "entity": people[:n],
        "neighbourhood": people[:n],
        "paths": pairs,
        "ties": country_pairs[:n],
    }


# ---- recording the Cypher the API runs -----------------------------------------------------------


class RecordingDriver:
    """Passes execute_query through to the real driver and records (query, params) of each call."""

    def __init__(self, driver: neo4j.Driver) -> None:
        self._driver = driver
        self.calls: list[tuple[Any, dict[str, Any]]] = []

    def execute_query(self, query: Any, parameters: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        self.calls.append((query, dict(parameters or {})))
        return self._driver.execute_query(query, parameters, **kwargs)

    def session(self, **kwargs: Any) -> Any:
        return self._driver.session(**kwargs)


Op = Callable[[], None]
QUERIES_PER_REQUEST: dict[str, float] = {}
QUERY_COUNTS: list[int] = []  # queries per recorded request, in recording order (for the report)


def direct_ops(driver: neo4j.Driver, database: str, inputs: dict[str, list[Any]]) -> dict[str, list[Op]]:
    """For every input, the recorded query sequence the API runs, as a replay function."""

    def replay(calls: list[tuple[Any, dict[str, Any]]]) -> Op:
        def run() -> None:
            for query, params in calls:
                records, _, _ = driver.execute_query(
                    query, params, routing_=RoutingControl.READ, database_=database
                )
                len(records)

        return run

    def recorded(call: Callable[[Any], Any]) -> Op:
        recorder = RecordingDriver(driver)
        call(recorder)
        QUERY_COUNTS.append(len(recorder.calls))
        return replay(recorder.calls)

    ops: dict[str, list[Op]] = {
        name: [] for name in ("search", "entity", "neighbourhood", "paths", "ties", "saved_query")
    }
    starts: dict[str, int] = {}
    starts["search"] = len(QUERY_COUNTS)
    for q in inputs["search"]:
        ops["search"].append(recorded(lambda d, q=q: g_search.search(d, database, q, None, 20)))
    starts["entity"] = len(QUERY_COUNTS)
    for eid in inputs["entity"]:
        ops["entity"].append(recorded(lambda d, eid=eid: g_entities.entity(d, database, eid)))
    starts["neighbourhood"] = len(QUERY_COUNTS)
    for eid in inputs["neighbourhood"]:
        ops["neighbourhood"].append(
            recorded(
                lambda d, eid=eid: g_entities.neighbourhood(
                    d,
                    database,
                    eid,
                    depth=2,
                    rel_types=None,
                    entity_types=None,
                    date_from=None,
                    date_to=None,
                    limit=500,
                )
            )
        )
    starts["paths"] = len(QUERY_COUNTS)
    for a, b in inputs["paths"]:

        def path_call(d: Any, a: str = a, b: str = b) -> Any:
            ra = g_search.resolve_ref(d, database, a, field="from")
            rb = g_search.resolve_ref(d, database, b, field="to")
            return g_paths.paths(
                d, database, ra, rb, mode="shortest", k=5, max_hops=4, exclude=[], types=None, limit=25
            )

        ops["paths"].append(recorded(path_call))
    starts["ties"] = len(QUERY_COUNTS)
    for a, b in inputs["ties"]:
        ops["ties"].append(
            recorded(
                lambda d, a=a, b=b: g_ties.ties(
                    d, database, a, b, as_of="2024-01-01", date_from=None, date_to=None, limit=500
                )
            )
        )

    # The saved query runs in a read transaction (execute_read) with the same text and parameters.
    spec = g_saved.shipped()["tie_timeline"]
    settings = get_settings()
    for a, b in inputs["ties"]:
        params = validate_params(spec, {"a": f"country:{a}", "b": f"country:{b}"})

        def saved(params: dict[str, Any] = params) -> None:
            def work(tx: neo4j.ManagedTransaction) -> int:
                return len(list(tx.run(g_saved._text(spec), params)))

            with driver.session(database=database, default_access_mode="READ") as session:
                session.execute_read(neo4j.unit_of_work(timeout=settings.query_timeout_s)(work))

        ops["saved_query"].append(saved)
    ends = [*list(starts.values())[1:], len(QUERY_COUNTS)]
    for (name, start), end in zip(starts.items(), ends, strict=True):
        counts = QUERY_COUNTS[start:end]
        QUERIES_PER_REQUEST[name] = round(sum(counts) / len(counts), 2) if counts else 0
    QUERIES_PER_REQUEST["saved_query"] = 1
    return ops


def api_requests(inputs: dict[str, list[Any]]) -> dict[str, list[tuple[str, str, dict[str, Any] | None]]]:
    """(method, path, json body) per input, the HTTP twin of `direct_ops`."""
    from urllib.parse import quote

    return {
        "search": [("GET", f"/api/search?q={quote(q)}&limit=20", None) for q in inputs["search"]],
        "entity": [("GET", f"/api/entities/{quote(e, safe=':@')}", None) for e in inputs["entity"]],
        "neighbourhood": [
            ("GET", f"/api/entities/{quote(e, safe=':@')}/neighbourhood?depth=2", None)
            for e in inputs["neighbourhood"]
        ],
        "paths": [
            ("GET", f"/api/paths?from={quote(a)}&to={quote(b)}&max_hops=4", None) for a, b in inputs["paths"]
        ],
        "ties": [("GET", f"/api/ties/{a}/{b}?as_of=2024-01-01", None) for a, b in inputs["ties"]],
        "saved_query": [
            ("POST", "/api/queries/tie_timeline/run", {"params": {"a": f"country:{a}", "b": f"country:{b}"}})
            for a, b in inputs["ties"]
        ],
    }


# ---- measuring -----------------------------------------------------------------------------------


def measure(ops: list[Op], total: int, concurrency: int) -> dict[str, Any]:
    """Run `total` operations (cycling through `ops`) on `concurrency` threads."""
    for op in ops[: min(len(ops), 5)]:  # warm-up: plans cached, connections open
        op()
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            t = time.perf_counter()
            ops[i % len(ops)]()
            elapsed = time.perf_counter() - t
            with lock:
                latencies.append(elapsed)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
    wall = time.perf_counter() - started
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float:
        return round(ms[min(len(ms) - 1, round(p / 100 * (len(ms) - 1)))], 2)

    return {
        "requests": len(ms),
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "mean_ms": round(statistics.fmean(ms), 2),
        "throughput_per_s": round(len(ms) / wall, 1),
    }


def http_ops(
    base: str, requests: list[tuple[str, str, dict[str, Any] | None]], clients: threading.local
) -> list[Op]:
    def make(method: str, path: str, body: dict[str, Any] | None) -> Op:
        def run() -> None:
            client = getattr(clients, "client", None)
            if client is None:
                client = clients.client = httpx.Client(base_url=base, timeout=120)
            response = client.request(method, path, json=body)
            if response.status_code != 200:
                raise RuntimeError(f"{method} {path} -> {response.status_code}: {response.text[:300]}")
            len(response.content)

        return run

    return [make(*r) for r in requests]


# ---- the API server -------------------------------------------------------------------------------


def api_env(uri: str, password: str, database: str, *, cache_bytes: int | None = None) -> dict[str, str]:
    """The environment of a benchmarked API process: this Neo4j, a generous query timeout, and its
    response cache size (`None`: the default; 0: no answer stored, every request runs its queries)."""
    env = {
        **os.environ,
        "NEO4J_URI": uri,
        "NEO4J_USERNAME": "neo4j",
        "NEO4J_PASSWORD": password,
        "NEO4J_DATABASE": database,
        "INTELGRAPH_QUERY_TIMEOUT_S": "60",
        "PYTHONUNBUFFERED": "1",
    }
    if cache_bytes is not None:
        env["INTELGRAPH_RESPONSE_CACHE_BYTES"] = str(cache_bytes)
    return env


def stop_api(api: subprocess.Popen[bytes]) -> None:
    api.terminate()
    try:
        api.wait(timeout=20)
    except subprocess.TimeoutExpired:
        api.kill()


def start_api(
    uri: str,
    password: str,
    database: str,
    workers: int,
    *,
    cache_bytes: int | None = None,
    tree: Path = ROOT,
    label: str = "api",
) -> tuple[subprocess.Popen[bytes], str]:
    """Serve the API of the source tree `tree` (default this one; `--baseline-tree` another commit's)."""
    port = free_port()
    env = api_env(uri, password, database, cache_bytes=cache_bytes)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    server_log = RESULTS.parent / f"{label}-server.log"
    log = server_log.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "app.main:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            "--workers",
            str(workers),
        ],
        cwd=tree,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # a busy 2-core machine: importing the app can take a minute
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    else:
        process.terminate()
        raise RuntimeError("the API did not start within 300 s")
    # Measure the API as it runs once warm: its background warm-up (app/graph/warmup.py) compiles
    # the query plans and would otherwise compete with the first measurements.
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and server_log.read_bytes().count(b"warm-up:") < workers:
        time.sleep(1)
    return process, base


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--requests", type=int, default=200, help="requests per operation and concurrency")
    parser.add_argument("--inputs", type=int, default=40, help="distinct inputs per operation")
    parser.add_argument("--home", type=Path, default=None, help="Neo4j home to build/reuse the graph in")
    parser.add_argument("--fresh", action="store_true", help="rebuild the graph even if cached")
    parser.add_argument("--api-workers", type=int, default=1, help="uvicorn worker processes (serve uses 1)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument(
        "--baseline-tree",
        type=Path,
        default=None,
        help="also measure the API of this source tree (e.g. `git archive <commit>` unpacked), side by side",
    )
    parser.add_argument(
        "--no-cached",
        action="store_true",
        help="skip the run with the response cache on (by default: measured uncached and cached)",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build (or check) the cached graph, then stop"
    )
    args = parser.parse_args()

    home = args.home or _cache_home(args.docs, args.seed)
    if args.fresh and home.exists():
        shutil.rmtree(home)
    config = ServerConfig.from_settings(Settings()).beside(
        home, heap_size="1g", pagecache_size="512m", start_timeout_s=300.0
    )
    server = LocalNeo4j(config)
    signature = f"synth docs={args.docs} seed={args.seed}"
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        },
        "target_overhead_p95": TARGET_OVERHEAD_P95,
        "api_workers": args.api_workers,
        "requests_per_measurement": args.requests,
    }
    server.start()
    api: subprocess.Popen[bytes] | None = None
    extra: list[subprocess.Popen[bytes]] = []
    try:
        with server.driver() as driver:
            database = "neo4j"
            apply_schema(driver, database)
            if _corpus_loaded(driver, database, signature):
                results["graph_build"] = {"cached": True, "home": str(home)}
            else:
                print(
                    f"building the graph: {args.docs} synthetic documents (extract + load) ...",
                    file=sys.stderr,
                )
                build = build_graph(driver, database, args.docs, args.seed)
                driver.execute_query(
                    load_query("bench/api_corpus_set"),
                    {"id": CORPUS_MARK, "signature": signature},
                    database_=database,
                )
                results["graph_build"] = {"cached": False, "home": str(home), **build}
            results["graph"] = graph_counts(driver, database)
            if results["graph"]["documents"] < 5000 and args.docs >= 5000:
                raise SystemExit(f"graph has only {results['graph']['documents']} documents")

            if args.build_only:
                print(
                    json.dumps({"graph_build": results["graph_build"], "graph": results["graph"]}, indent=2)
                )
                return
            inputs = pick_inputs(driver, database, args.inputs, random.Random(args.seed))
            direct = direct_ops(driver, database, inputs)
            password = server.password() or ""
            # The API as measured against the target: every request runs its queries (no stored
            # answers; the ETag's generation read still happens).
            api, base = start_api(server.uri, password, database, args.api_workers, cache_bytes=0)
            others: dict[str, str] = {}
            if not args.no_cached:  # repeated reads answered from the response cache
                cached_api, others["api_cached"] = start_api(
                    server.uri, password, database, args.api_workers, label="api-cached"
                )
                extra.append(cached_api)
            if args.baseline_tree is not None:
                baseline_api, others["baseline"] = start_api(
                    server.uri, password, database, args.api_workers, tree=args.baseline_tree,
                    label="baseline",
                )
                extra.append(baseline_api)
            clients = threading.local()
            requests = api_requests(inputs)
            operations: dict[str, Any] = {}
            for name in direct:
                operations[name] = {}
                for c in CONCURRENCY:
                    d = measure(direct[name], args.requests, c)
                    a = measure(http_ops(base, requests[name], clients), args.requests, c)
                    overhead = round(a["p95_ms"] / d["p95_ms"] - 1, 3) if d["p95_ms"] else None
                    row: dict[str, Any] = {
                        "direct": d,
                        "api": a,
                        "overhead_p95": overhead,
                        "throughput_ratio": round(a["throughput_per_s"] / d["throughput_per_s"], 3),
                        "queries_per_request": QUERIES_PER_REQUEST.get(name),
                    }
                    line = (
                        f"{name:14s} c={c:<3d} direct p50 {d['p50_ms']:8.1f} p95 {d['p95_ms']:8.1f} "
                        f"{d['throughput_per_s']:7.1f}/s | api p50 {a['p50_ms']:8.1f} p95 {a['p95_ms']:8.1f} "
                        f"{a['throughput_per_s']:7.1f}/s | p95 x{a['p95_ms'] / d['p95_ms']:.2f}"
                    )
                    for label, other_base in others.items():
                        ops = http_ops(other_base, requests[name], clients)
                        if label == "api_cached":
                            for op in ops:  # every input once: the measured requests are repeats
                                op()
                        o = measure(ops, args.requests, c)
                        row[label] = o
                        row[f"{label}_p95_ratio"] = round(o["p95_ms"] / d["p95_ms"], 3)
                        row[f"{label}_throughput_ratio"] = round(
                            o["throughput_per_s"] / d["throughput_per_s"], 3
                        )
                        line += f" | {label} p95 {o['p95_ms']:8.1f} {o['throughput_per_s']:7.1f}/s"
                    operations[name][f"c{c}"] = row
                    print(line, file=sys.stderr, flush=True)
            results["operations"] = operations
            overheads = [
                v["overhead_p95"]
                for op in operations.values()
                for v in op.values()
                if v["overhead_p95"] is not None
            ]
            results["summary"] = {
                "max_overhead_p95": max(overheads),
                "median_overhead_p95": round(statistics.median(overheads), 3),
                "within_target": all(o <= TARGET_OVERHEAD_P95 for o in overheads),
            }
    finally:
        if api is not None:
            stop_api(api)
        for process in extra:
            stop_api(process)
        server.stop()
    results["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results["summary"], indent=2))
    print(f"written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
