"""Bulk first load (`intelgraph import --bulk`, importers/bulk.py) against the online loader.

The same synthetic corpus (bench/synth_extractions.py, extractions: no spaCy) is loaded online
(importers.loader.Loader, with entity resolution, into a fresh throwaway server with the schema) and
in bulk into another fresh server: rows and resolution in memory, CSV files, the server stopped,
neo4j-admin, the server started, the schema applied and `finish` run: every step
`import --bulk` takes after extraction, timed end to end. Both graphs' content checksums must match.

    .venv/bin/python bench/bench_bulk.py --docs 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from pathlib import Path

from app.graph.db import apply_schema, runner
from bench.bench_server import throwaway_neo4j
from bench.synth_extractions import generate_extractions
from importers.bulk import build_graph, finish, prepare, run_import, write_csvs
from importers.graph_checksum import graph_checksum
from importers.loader import DEFAULT_RESOLUTION, Loader


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    corpus = generate_extractions(args.docs, args.seed)

    with throwaway_neo4j("online") as online:
        started = time.perf_counter()
        report = Loader(runner(online.driver, online.database), batch_size=args.batch).load(corpus)
        online_seconds = time.perf_counter() - started
        online_sum = graph_checksum(online.driver, online.database)

    with throwaway_neo4j("bulk") as bulk, tempfile.TemporaryDirectory(prefix="ig-bench-bulk-") as tmp:
        bulk.server.stop()
        started = time.perf_counter()
        prepared = prepare(corpus, DEFAULT_RESOLUTION)
        graph = build_graph(prepared.docs, dt.datetime.now(dt.UTC))
        nodes, rels = write_csvs(graph, Path(tmp) / "csv")
        rows_seconds = time.perf_counter() - started
        imported = run_import(bulk.config.jars_dir, bulk.config.data_dir, Path(tmp) / "work", nodes, rels)
        restart = time.perf_counter()
        bulk.server.start()
        restart_seconds = time.perf_counter() - restart
        with bulk.server.driver() as driver:
            schema = time.perf_counter()
            apply_schema(driver, bulk.database)
            finish(runner(driver, bulk.database))
            schema_seconds = time.perf_counter() - schema
            bulk_seconds = time.perf_counter() - started
            bulk_sum = graph_checksum(driver, bulk.database)

    result = {
        "documents": args.docs,
        "facts": report.facts,
        "online_seconds": round(online_seconds, 2),
        "bulk_seconds": round(bulk_seconds, 2),
        "bulk_rows_and_csv_seconds": round(rows_seconds, 2),
        "bulk_neo4j_admin_seconds": round(imported.wall_seconds, 2),
        "bulk_server_start_seconds": round(restart_seconds, 2),
        "bulk_schema_and_finish_seconds": round(schema_seconds, 2),
        "online_over_bulk": round(online_seconds / bulk_seconds, 2),
        "same_checksum": online_sum.checksum == bulk_sum.checksum,
        "nodes": sum(bulk_sum.nodes.values()),
        "relationships": sum(bulk_sum.relationships.values()),
    }
    print(json.dumps(result, indent=2))
    print(
        f"bulk first load of {args.docs} documents: {result['online_over_bulk']}x faster than online "
        f"({bulk_seconds:.1f} s vs {online_seconds:.1f} s, restart and schema included); "
        f"same checksum: {result['same_checksum']}"
    )
    if not result["same_checksum"]:
        raise SystemExit("the bulk graph differs from the online one")


if __name__ == "__main__":
    main()
