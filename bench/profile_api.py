"""Where the API's per-request time goes: bench_api's load at 16 clients, sampled with py-spy.

Reuses bench/bench_api.py (the cached synthetic graph, its inputs, its uvicorn process, its HTTP
load generator). For each operation it attaches `py-spy record --format raw` to the API process,
drives `--requests` requests at `--concurrency` clients, stops py-spy, and reads the process's
CPU time from /proc before and after. The collapsed stacks are then sorted into categories (the
leaf-most frame that matches a rule decides, see CATEGORIES) and reported as a share of the API's
samples holding the GIL (`py-spy --gil`: Python CPU, threads waiting on sockets or locks are not
counted) and as CPU ms per request (the process's CPU time per request, from /proc).

py-spy is a dev tool not in the locks: `.venv/bin/uv pip install py-spy` (it needs ptrace on the
API process; it runs as a child of this script, so the default Yama setting allows it).

Usage: python -m bench.profile_api [--docs 1000] [--seed 0] [--requests 300] [--concurrency 16]
       [--rate 200] [--out bench/results/profile] [--only search,entity]
       python -m bench.profile_api --analyse-only [--out bench/results/profile]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from app.neo4j_server import LocalNeo4j, ServerConfig, free_port
from app.settings import Settings
from bench import bench_api

OUT = bench_api.ROOT / "bench" / "results" / "profile"
OPERATIONS = ("search", "entity", "neighbourhood", "paths", "ties", "saved_query")

# (category, regex on "function (file:line)" frames). Checked leaf first: the first frame of a
# stack (from the leaf upwards) that matches any rule decides; within one frame, rules in order.
CATEGORIES: list[tuple[str, str]] = [
    ("logging", r"/logging/"),
    ("JSON encoding", r"/json/(encoder|__init__)\.py|orjson|starlette/responses\.py:.*render"),
    ("fastapi jsonable_encoder", r"fastapi/encoders\.py"),
    ("pydantic validation/serialisation", r"pydantic|fastapi/_compat"),
    (
        "neo4j record hydration",
        r"neo4j/_codec|neo4j/_data\.py|neo4j/(_sync|_async)/work/result",
    ),
    ("neo4j driver: bolt I/O, pool, sessions", r"neo4j/|/(socket|ssl|selectors)\.py"),
    (
        "thread-pool hops (anyio to_thread)",
        r"anyio/|starlette/concurrency|/(threading|queue)\.py|concurrent/futures",
    ),
    ("our middlewares (request_limits, headers, errors)", r"/app/(request_limits|headers|errors)\.py"),
    ("FastAPI routing, dependencies, params", r"fastapi/|starlette/"),
    ("our graph layer and routers", r"/app/"),
    ("uvicorn / HTTP parsing", r"uvicorn|h11|httptools"),
    ("asyncio event loop", r"asyncio/|uvloop"),
]
_RULES = [(name, re.compile(rx)) for name, rx in CATEGORIES]
_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")


def _key(frame: str) -> str:
    """`/file:function` of a py-spy frame `function (file:line)`."""
    m = _FRAME.match(frame)
    return f"/{m['file']}:{m['func']}" if m else frame


def classify(frames: list[str]) -> str:
    for frame in reversed(frames):
        key = _key(frame)
        for name, rule in _RULES:
            if rule.search(key):
                return name
    return "other (interpreter, GC, unattributed)"


def read_raw(path: Path) -> Counter[tuple[str, ...]]:
    """py-spy --format raw: `frame;frame;...;leaf count` per line (root first)."""
    stacks: Counter[tuple[str, ...]] = Counter()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks[tuple(stack.split(";"))] += int(count)
    return stacks


def _short(frame: str) -> str:
    key = _key(frame)
    for marker in ("/site-packages/", "/lib/python3.11/", str(bench_api.ROOT) + "/"):
        if marker in key:
            return key.split(marker, 1)[1]
    return key.lstrip("/")


def analyse(stacks: Counter[tuple[str, ...]]) -> dict[str, Any]:
    total = sum(stacks.values())
    by_category: Counter[str] = Counter()
    own: Counter[str] = Counter()  # leaf function (self time)
    inclusive: Counter[str] = Counter()  # any frame on the stack (total time)
    for stack, n in stacks.items():
        frames = [f for f in stack if not f.startswith(("process ", "thread "))]
        by_category[classify(frames)] += n
        if frames:
            own[_short(frames[-1])] += n
        for f in {_short(f) for f in frames}:
            inclusive[f] += n
    return {
        "samples": total,
        "categories": {k: round(v / total, 4) for k, v in by_category.most_common()} if total else {},
        "top_self": [(k, round(v / total, 4)) for k, v in own.most_common(25)] if total else [],
        "top_inclusive": [(k, round(v / total, 4)) for k, v in inclusive.most_common(60)] if total else [],
    }


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu_s() -> float:
    times = os.times()
    return times.user + times.system


def _runqueue_s(pid: int) -> float:
    """Time the API's threads spent runnable but waiting for a CPU (/proc/<pid>/task/*/schedstat)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue  # a thread that ended meanwhile
    return total / 1e9


# uvicorn as bench_api starts it (one worker, no access log), with app.deps.GRAPH_WORKERS set first:
# an experiment on the process only, the app's code is not changed.
_LAUNCHER = """
import sys
import uvicorn
import app.deps
app.deps.GRAPH_WORKERS = int(sys.argv[2])
uvicorn.run("app.main:create_app", factory=True, host="127.0.0.1", port=int(sys.argv[1]),
            log_level="warning", access_log=False)
"""


def start_api(
    uri: str, password: str, database: str, graph_workers: int, log_path: Path
) -> tuple[subprocess.Popen[bytes], str]:
    """Like bench_api.start_api (one worker, warm before use), optionally with more graph threads."""
    port = free_port()
    env = bench_api.api_env(uri, password, database)
    process = subprocess.Popen(
        [sys.executable, "-c", _LAUNCHER, str(port), str(graph_workers)],
        cwd=bench_api.ROOT,
        env=env,
        stdout=log_path.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and b"warm-up:" not in log_path.read_bytes():
        if process.poll() is not None:
            raise RuntimeError(f"the API exited: {log_path.read_text()[-500:]}")
        time.sleep(1)
    return process, base


def profile(args: argparse.Namespace) -> dict[str, Any]:
    pyspy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if pyspy is None:
        raise SystemExit("py-spy not found: .venv/bin/uv pip install py-spy")
    home = bench_api._cache_home(args.docs, args.seed)
    config = ServerConfig.from_settings(Settings()).beside(
        home, heap_size="1g", pagecache_size="512m", start_timeout_s=300.0
    )
    server = LocalNeo4j(config)
    signature = f"synth docs={args.docs} seed={args.seed}"
    args.out.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "docs": args.docs,
        "requests": args.requests,
        "concurrency": args.concurrency,
        "rate_hz": args.rate,
        "graph_workers": args.graph_workers,
        "cpus": os.cpu_count(),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "operations": {},
    }
    server.start()
    api = None
    try:
        with server.driver() as driver:
            database = "neo4j"
            if not bench_api._corpus_loaded(driver, database, signature):
                raise SystemExit(
                    f"no cached graph: python -m bench.bench_api --docs {args.docs} --build-only"
                )
            neo4j_pid = server.pid()
            if neo4j_pid is None:
                raise SystemExit("Neo4j process not found")
            inputs = bench_api.pick_inputs(driver, database, args.inputs, random.Random(args.seed))
            if args.graph_workers is None:
                api, base = bench_api.start_api(server.uri, server.password() or "", database, 1)
            else:
                api, base = start_api(
                    server.uri, server.password() or "", database, args.graph_workers, args.out / "api.log"
                )
            direct = bench_api.direct_ops(driver, database, inputs)
            requests = bench_api.api_requests(inputs)
            clients = threading.local()
            for name in args.only:
                ops = bench_api.http_ops(base, requests[name], clients)
                for op in ops[:5]:
                    op()  # warm: connections open, plans cached
                raw = args.out / f"{name}.txt"
                spy = subprocess.Popen(
                    [
                        pyspy,
                        "record",
                        "--pid",
                        str(api.pid),
                        "--rate",
                        str(args.rate),
                        "--format",
                        "raw",
                        "--output",
                        str(raw),
                        "--nonblocking",
                        "--gil",  # only the thread holding the GIL: Python CPU, not threads waiting on I/O
                        "--full-filenames",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                time.sleep(1.0)  # py-spy attached
                cpu0, rq0, t0 = _cpu_s(api.pid), _runqueue_s(api.pid), time.perf_counter()
                neo_a0, me_a0 = _cpu_s(neo4j_pid), _own_cpu_s()
                measured = bench_api.measure(ops, args.requests, args.concurrency)
                cpu1, rq1, t1 = _cpu_s(api.pid), _runqueue_s(api.pid), time.perf_counter()
                neo_a1, me_a1 = _cpu_s(neo4j_pid), _own_cpu_s()
                spy.send_signal(signal.SIGINT)
                spy.wait(timeout=60)
                # measure() ran 5 more warm-up requests inside the window
                n = measured["requests"] + min(5, len(ops))
                # the same queries straight through the driver, from this process, same concurrency
                neo0, me0 = _cpu_s(neo4j_pid), _own_cpu_s()
                driver_side = bench_api.measure(direct[name], args.requests, args.concurrency)
                neo1, me1 = _cpu_s(neo4j_pid), _own_cpu_s()
                n_direct = driver_side["requests"] + min(5, len(direct[name]))
                report["operations"][name] = {
                    **measured,
                    "driver": {k: driver_side[k] for k in ("p50_ms", "p95_ms", "throughput_per_s")},
                    # CPU ms per request of each process, both sides (the load generator is this one)
                    "cpu_ms_per_request": {
                        "api": {
                            "client": round((me_a1 - me_a0) * 1000 / n, 2),
                            "api": round((cpu1 - cpu0) * 1000 / n, 2),
                            "neo4j": round((neo_a1 - neo_a0) * 1000 / n, 2),
                        },
                        "driver": {
                            "client": round((me1 - me0) * 1000 / n_direct, 2),
                            "neo4j": round((neo1 - neo0) * 1000 / n_direct, 2),
                        },
                    },
                    "api_cpu_ms_per_request": round((cpu1 - cpu0) * 1000 / n, 2),
                    "api_cpu_utilisation": round((cpu1 - cpu0) / (t1 - t0), 3),
                    "api_runqueue_ms_per_request": round((rq1 - rq0) * 1000 / n, 2),
                }
                print(f"{name}: {report['operations'][name]}", file=sys.stderr)
    finally:
        if api is not None:
            bench_api.stop_api(api)
        server.stop()
    report["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    (args.out / "run.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def summarise(out: Path) -> dict[str, Any]:
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    total: Counter[tuple[str, ...]] = Counter()
    for name, op in run["operations"].items():
        stacks = read_raw(out / f"{name}.txt")
        total.update(stacks)
        op["profile"] = analyse(stacks)
    run["all"] = analyse(total)
    (out / "summary.json").write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")
    return run


def print_table(run: dict[str, Any]) -> None:
    ops = run["operations"]
    cats = list(run["all"]["categories"])
    print("| category | " + " | ".join(ops) + " | all |")
    print("|---|" + "---|" * (len(ops) + 1))
    for cat in cats:
        cells = []
        for op in ops.values():
            share = op["profile"]["categories"].get(cat, 0.0)
            cells.append(f"{share:.0%} ({share * op['api_cpu_ms_per_request']:.1f} ms)")
        print(f"| {cat} | " + " | ".join(cells) + f" | {run['all']['categories'][cat]:.0%} |")
    print(
        "| **API CPU ms / request** | "
        + " | ".join(f"{o['api_cpu_ms_per_request']:.1f}" for o in ops.values())
        + " | |"
    )
    print(
        "| p50 / p95 ms (16 clients) | "
        + " | ".join(f"{o['p50_ms']:.0f} / {o['p95_ms']:.0f}" for o in ops.values())
        + " | |"
    )
    print("| throughput /s | " + " | ".join(f"{o['throughput_per_s']:.0f}" for o in ops.values()) + " | |")
    print(
        "| driver p50 / p95 ms, throughput /s | "
        + " | ".join(
            f"{d['p50_ms']:.0f} / {d['p95_ms']:.0f}, {d['throughput_per_s']:.0f}"
            for d in (o["driver"] for o in ops.values())
        )
        + " | |"
    )
    print(
        "| API threads waiting for a CPU, ms / request | "
        + " | ".join(f"{o.get('api_runqueue_ms_per_request', 0):.1f}" for o in ops.values())
        + " | |"
    )
    for side, procs in (("API", ("client", "api", "neo4j")), ("driver", ("client", "neo4j"))):
        if all("cpu_ms_per_request" in o for o in ops.values()):
            print(
                f"| CPU ms / request, {side} side ({' + '.join(procs)}) | "
                + " | ".join(
                    " + ".join(f"{o['cpu_ms_per_request'][side.lower()][p]:.1f}" for p in procs)
                    for o in ops.values()
                )
                + " | |"
            )
    print(
        "| API CPU busy (CPU s / wall s) | "
        + " | ".join(f"{o['api_cpu_utilisation']:.2f}" for o in ops.values())
        + " | |"
    )
    print("\ntop inclusive (all operations):")
    for k, v in run["all"]["top_inclusive"]:
        print(f"  {v:6.1%}  {k}")
    print("\ntop self (all operations):")
    for k, v in run["all"]["top_self"]:
        print(f"  {v:6.1%}  {k}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--requests", type=int, default=300, help="requests per operation")
    parser.add_argument("--inputs", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--only", type=lambda s: s.split(","), default=list(OPERATIONS))
    parser.add_argument(
        "--graph-workers",
        type=int,
        default=None,
        help="experiment: set app.deps.GRAPH_WORKERS in the API process (default: as shipped)",
    )
    parser.add_argument("--analyse-only", action="store_true", help="re-read the last run's samples")
    args = parser.parse_args()
    if not args.analyse_only:
        profile(args)
    print_table(summarise(args.out))


if __name__ == "__main__":
    main()
