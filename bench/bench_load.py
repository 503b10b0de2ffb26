"""Loading speed: the batched loader against a naive one and against Neo4j's offline importer.

On one deterministic synthetic corpus of extractions (bench/synth_extractions.py: news-like
documents whose entities recur with Zipf-like popularity), in a throwaway Neo4j with the project's
schema (constraints and indexes, as in production):

1. same work: the naive loader (one transaction per item, bench/naive_loader.py) and the batched
   one build the identical graph (checksum over every node and relationship) from the first
   `--check-docs` documents.
2. batched: importers.loader.Loader (`--batch` documents per transaction, UNWIND) over the whole
   corpus from an empty database, with the elapsed time recorded as it passes each corpus size
   (500, 1,000, 2,000, 5,000, 10,000 documents): loading the first N documents is exactly that
   prefix of the run. Time per document across sizes (and the log-log slope of time against
   size, 1.0 = linear) shows whether loading slows as the graph grows (an unindexed MERGE would be
   quadratic). Facts/s on 2,000 documents is taken twice: "cold" (the first 2,000, fresh server:
   query planning as statistics change, JIT warm-up) and "warm" (the last 2,000).
   Then naive: `--naive-docs` further documents of the same corpus, one transaction per item, into
   the graph the batched run left (same warm server and graph size as "warm"). One transaction
   per item is too slow for a whole corpus, so it runs on that subset and is compared as a
   per-fact rate (said in the output).
3. ceiling: `neo4j-admin database import full` (org.neo4j.cli.AdminTool, same jars) building the
   same graph (same node and relationship counts, checked) from CSV into a fresh database.

Results: printed, and written to bench/results/load.json. Facts = the extraction contract's facts
(relations + statements + events); each also brings its evidence, links and mentions.

Usage: python bench/bench_load.py [--sizes 500,1000,2000,5000,10000] [--batch 100] [--naive-docs 20]
       [--compare-docs 2000] [--check-docs 5] [--no-admin]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bench_server import throwaway_neo4j
from bench.naive_loader import naive_load
from bench.synth_extractions import corpus_facts, generate_extractions
from importers.bulk import build_graph, prepare, run_import, write_csvs
from importers.cypher_runner import CypherRunner
from importers.graph_checksum import graph_lines, graph_totals
from importers.loader import DEFAULT_RESOLUTION, BatchResult, Loader

RESULTS = Path(__file__).resolve().parent / "results" / "load.json"
TARGET_NAIVE_RATIO = 100.0


def _loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) against log(size): 1.0 is linear, 2.0 quadratic."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="500,1000,2000,5000,10000")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--naive-docs", type=int, default=20)
    parser.add_argument("--check-docs", type=int, default=5, help="Documents for the same-graph check.")
    parser.add_argument("--compare-docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-admin", action="store_true", help="Skip the neo4j-admin import ceiling.")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    total = max(sizes[-1], args.compare_docs)  # the batched corpus; the naive one follows it
    began = time.perf_counter()
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "loadavg_start": _loadavg()},
        "corpus": {"generator": "bench/synth_extractions.py", "seed": args.seed, "documents": total},
        "batch_documents": args.batch,
    }

    t = time.perf_counter()
    corpus = generate_extractions(total + args.naive_docs, args.seed)
    results["corpus"]["facts"] = corpus_facts(corpus[:total])
    results["corpus"]["generate_seconds"] = round(time.perf_counter() - t, 2)
    print(f"corpus: {total} documents, {results['corpus']['facts']} facts (seed {args.seed})", flush=True)

    with throwaway_neo4j("load") as bench:
        # Warm-up (not timed): the server compiles every query once; neither loader should pay that
        # inside its measurement.
        warmup = generate_extractions(20, args.seed + 1000)
        naive_load(bench.driver, bench.database, warmup[:3])
        bench.clear()
        Loader(CypherRunner(bench.driver, bench.database), batch_size=args.batch).load(warmup)
        bench.clear()
        # 1. Same work: the naive loader and the batched one build the identical graph from the
        #    same few documents (checksum over every node and relationship).
        check = corpus[: args.check_docs]
        bench.clear()
        naive_load(bench.driver, bench.database, check)
        naive_graph = graph_lines(bench.driver, bench.database)
        bench.clear()
        Loader(CypherRunner(bench.driver, bench.database), batch_size=args.batch).load(check)
        same_graph = graph_lines(bench.driver, bench.database) == naive_graph
        print(f"same graph from naive and batched loaders ({len(check)} docs): {same_graph}", flush=True)

        # 2. Batched, the whole corpus from empty, timing each prefix size.
        bench.clear()
        checkpoints = sorted(set(sizes) | {args.compare_docs, total - args.compare_docs})
        marks: dict[int, tuple[float, int]] = {0: (0.0, 0)}
        state = {"docs": 0, "facts": 0}
        loader = Loader(CypherRunner(bench.driver, bench.database), batch_size=args.batch)
        t0 = time.perf_counter()

        def on_batch(result: BatchResult) -> None:
            state["docs"] += len(result.loaded)
            state["facts"] += result.facts
            for size in checkpoints:
                if size not in marks and state["docs"] >= size:
                    marks[size] = (time.perf_counter() - t0, state["facts"])
                    print(f"  batched: {size} docs in {marks[size][0]:.1f} s", flush=True)

        report = loader.load(corpus[:total], on_batch=on_batch)
        assert not report.failed, report.failed[:3]
        nodes, relationships = graph_totals(bench.driver, bench.database)

        # 3. Naive, on further documents of the same corpus, into the graph the batched run left:
        #    the same warm server and graph size as the batched run's last documents.
        extra = corpus[total:]
        t = time.perf_counter()
        transactions = naive_load(bench.driver, bench.database, extra)
        naive_seconds = time.perf_counter() - t
        naive_facts = corpus_facts(extra)
        naive_rate = naive_facts / naive_seconds
        results["naive"] = {
            "documents": len(extra),
            "facts": naive_facts,
            "transactions": transactions,
            "seconds": round(naive_seconds, 2),
            "facts_per_second": round(naive_rate, 2),
            "ms_per_transaction": round(naive_seconds / transactions * 1000, 2),
            "same_graph_as_batched": same_graph,
            "note": f"one transaction per item, measured on {len(extra)} documents loaded after the "
            f"{total}-document batched run (one transaction per item is too slow for a whole corpus); "
            "compared as a per-fact rate",
        }
        print(
            f"naive: {len(extra)} docs, {transactions} transactions, {naive_seconds:.1f} s, "
            f"{naive_rate:.1f} facts/s",
            flush=True,
        )

        curve = []
        for size in sizes:
            seconds, facts = marks[size]
            curve.append(
                {
                    "documents": size,
                    "seconds": round(seconds, 2),
                    "facts": facts,
                    "facts_per_second": round(facts / seconds, 1),
                    "ms_per_document": round(seconds / size * 1000, 2),
                }
            )
        segments = []
        for lo, hi in itertools.pairwise([0, *sizes]):
            seconds = marks[hi][0] - marks[lo][0]
            segments.append({"from": lo, "to": hi, "ms_per_document": round(seconds / (hi - lo) * 1000, 2)})
        per_doc = [c["ms_per_document"] for c in curve]

        def window(lo: int, hi: int) -> dict[str, Any]:
            seconds = marks[hi][0] - marks[lo][0]
            facts = marks[hi][1] - marks[lo][1]
            rate = facts / seconds
            return {
                "documents": f"{lo}-{hi}",
                "facts": facts,
                "seconds": round(seconds, 2),
                "facts_per_second": round(rate, 1),
                "ratio_to_naive": round(rate / naive_rate, 1),
            }

        cold = window(0, args.compare_docs)
        warm = window(total - args.compare_docs, total)
        results["batched"] = {
            "cold": {
                **cold,
                "note": "the first documents into an empty graph on a fresh server: includes "
                "query (re)planning as statistics change and JIT warm-up",
            },
            "warm": {
                **warm,
                "note": "the last documents of the run, same server state and graph size as "
                "the naive measurement",
            },
            "graph_after_full_corpus": {
                "documents": total,
                "nodes": nodes,
                "relationships": relationships,
                "seconds": round(report.seconds, 2),
            },
        }
        results["batched_vs_naive"] = {
            "ratio_warm": warm["ratio_to_naive"],
            "ratio_cold": cold["ratio_to_naive"],
            "target": TARGET_NAIVE_RATIO,
        }
        results["curve"] = {
            "points": curve,
            "segments": segments,
            "ms_per_document_last_over_first": round(per_doc[-1] / per_doc[0], 2),
            "loglog_slope": round(_slope([(c["documents"], c["seconds"]) for c in curve]), 3),
            "note": "time to load the first N documents into an empty graph (prefixes of one run); "
            "linear growth means a log-log slope near 1 (above 1: slower as the graph grows); segments "
            "give the cost per document between sizes",
        }
        print(
            f"batched {args.compare_docs} docs: cold {cold['facts_per_second']} facts/s "
            f"({cold['ratio_to_naive']}x naive), warm {warm['facts_per_second']} facts/s "
            f"({warm['ratio_to_naive']}x naive)",
            flush=True,
        )

        # 3. The ceiling: neo4j-admin import of the same graph.
        if not args.no_admin:
            docs = prepare(corpus[:total], DEFAULT_RESOLUTION).docs  # as the Loaders above resolve
            with tempfile.TemporaryDirectory(prefix="ig-bench-admin-") as tmp:
                t = time.perf_counter()
                graph = build_graph(docs, dt.datetime.now(dt.UTC))
                node_files, rel_files = write_csvs(graph, Path(tmp) / "csv")
                csv_seconds = time.perf_counter() - t
                home = Path(tmp) / "home"
                imported = run_import(bench.config.jars_dir, home / "data", home, node_files, rel_files)
            results["admin_import"] = {
                "documents": total,
                "csv_write_seconds": round(csv_seconds, 2),
                "wall_seconds": round(imported.wall_seconds, 2),
                "tool_reported_seconds": imported.tool_seconds,
                "nodes": imported.nodes,
                "relationships": imported.relationships,
                "same_counts_as_loader": (imported.nodes, imported.relationships) == (nodes, relationships),
                "batched_over_admin_wall": round(report.seconds / imported.wall_seconds, 2),
                "batched_over_admin_tool": round(report.seconds / imported.tool_seconds, 2)
                if imported.tool_seconds
                else None,
                "note": "offline, into a fresh database, no indexes or constraints built (the online loader "
                "maintains them); wall time includes the JVM start",
            }
            print(
                f"admin import: {total} docs in {imported.wall_seconds:.1f} s wall "
                f"({imported.tool_seconds} s by its own count); batched took "
                f"{results['admin_import']['batched_over_admin_wall']}x that",
                flush=True,
            )

    results["machine"]["loadavg_end"] = _loadavg()
    results["total_seconds"] = round(time.perf_counter() - began, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    _print_table(results)
    print(f"written to {RESULTS}")


def _print_table(results: dict[str, Any]) -> None:
    print()
    print(f"{'documents':>10} {'seconds':>9} {'facts/s':>9} {'ms/doc':>8}")
    for point in results["curve"]["points"]:
        print(
            f"{point['documents']:>10} {point['seconds']:>9} {point['facts_per_second']:>9} "
            f"{point['ms_per_document']:>8}"
        )
    curve = results["curve"]
    print(
        f"linearity: log-log slope {curve['loglog_slope']} (1 = linear), ms/doc last/first "
        f"{curve['ms_per_document_last_over_first']}; ms/doc per segment: "
        + ", ".join(f"{seg['from']}-{seg['to']}: {seg['ms_per_document']}" for seg in curve["segments"])
    )
    ratio = results["batched_vs_naive"]
    naive, batched = results["naive"], results["batched"]
    print(
        f"batched vs naive (per fact): warm {ratio['ratio_warm']}x, cold {ratio['ratio_cold']}x "
        f"(target >= {ratio['target']:.0f}x); naive {naive['facts_per_second']} facts/s on "
        f"{naive['documents']} docs; batched {batched['warm']['facts_per_second']} facts/s warm, "
        f"{batched['cold']['facts_per_second']} cold, on {batched['warm']['facts']} facts each"
    )
    if "admin_import" in results:
        admin = results["admin_import"]
        print(
            f"ceiling: neo4j-admin import is {admin['batched_over_admin_wall']}x faster than the loader "
            f"(wall, {admin['batched_over_admin_tool']}x by the tool's own time); same counts: "
            f"{admin['same_counts_as_loader']}"
        )
    print(
        f"machine load average {results['machine']['loadavg_start']} -> {results['machine']['loadavg_end']}"
        f" on {results['machine']['cpus']} cpus; bench took {results['total_seconds']} s"
    )


if __name__ == "__main__":
    main()
