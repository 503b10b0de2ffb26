"""What cross-document entity resolution adds to load time (issue 11).

On the synthetic corpus of bench/synth_extractions.py (news-like documents whose people recur with
Zipf-like popularity), with people named the way news names them: in every `--surname-every`-th
document each person is written by surname alone (id `person:<surname>`, as the extractor would
give), in every `--extended-every`-th by a longer form ("<name> <surname>"). The corpus is loaded
from an empty throwaway Neo4j (project schema) by importers.loader.Loader twice per repetition:
resolution off (`resolution=None`, every written id its own node) and on (default thresholds),
alternating, the fastest of `--repeat` runs kept. Reported: seconds each way, the ratio on/off,
and how many Person nodes each leaves and what resolution decided.

Results: printed, and written to bench/results/resolution.json.

Usage: python bench/bench_resolution.py [--docs 1000] [--batch 100] [--repeat 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from bench.bench_server import BenchServer, throwaway_neo4j
from bench.synth_extractions import corpus_facts, generate_extractions
from importers import ids
from importers.contract import Extraction
from importers.cypher_runner import CypherRunner
from importers.loader import Loader
from importers.resolution import Known, _rewrite
from importers.resolution import Settings as ResolutionSettings

RESULTS = Path(__file__).resolve().parent / "results" / "resolution.json"


def renamed(extraction: Extraction, form: str) -> Extraction:
    """The extraction with each person written another way: 'surname' or 'extended'."""
    mapping: dict[str, str] = {}
    known: dict[str, Known] = {}
    for person in (e for e in extraction.entities if e.type == "Person"):
        parts = person.name.split()
        name = parts[-1] if form == "surname" else f"{person.name} {parts[-1]}a"
        mapping[person.id] = ids.person_id(name)
        known[mapping[person.id]] = Known(mapping[person.id], name)
    rewritten = _rewrite(extraction, mapping, known)
    entities = [e.model_copy(update={"aliases": []}) if e.type == "Person" else e for e in rewritten.entities]
    return rewritten.model_copy(update={"entities": entities})


def corpus(n: int, seed: int, surname_every: int, extended_every: int) -> list[Extraction]:
    out: list[Extraction] = []
    for i, extraction in enumerate(generate_extractions(n, seed)):
        if surname_every and i % surname_every == surname_every - 1:
            extraction = renamed(extraction, "surname")
        elif extended_every and i % extended_every == extended_every - 1:
            extraction = renamed(extraction, "extended")
        out.append(extraction)
    return out


def _count(bench: BenchServer, query: str) -> list[dict[str, Any]]:
    records, _, _ = bench.driver.execute_query(query, database_=bench.database)
    return [r.data() for r in records]


def run(
    bench: BenchServer, docs: list[Extraction], batch: int, resolution: ResolutionSettings | None
) -> float:
    bench.clear()
    started = time.perf_counter()
    report = Loader(CypherRunner(bench.driver, bench.database), batch_size=batch, resolution=resolution).load(
        docs
    )
    elapsed = time.perf_counter() - started
    assert not report.failed, report.failed[:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--surname-every", type=int, default=4)
    parser.add_argument("--extended-every", type=int, default=7)
    args = parser.parse_args()
    docs = corpus(args.docs, args.seed, args.surname_every, args.extended_every)
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "loadavg": os.getloadavg()},
        "corpus": {
            "generator": "bench/synth_extractions.py",
            "seed": args.seed,
            "documents": len(docs),
            "facts": corpus_facts(docs),
            "surname_every": args.surname_every,
            "extended_every": args.extended_every,
        },
        "batch_documents": args.batch,
    }
    with throwaway_neo4j("resolution") as bench:
        warm = corpus(40, args.seed + 1000, args.surname_every, args.extended_every)
        run(bench, warm, args.batch, None)
        run(bench, warm, args.batch, ResolutionSettings())
        off: list[float] = []
        on: list[float] = []
        for _ in range(args.repeat):
            off.append(run(bench, docs, args.batch, None))
            people_off = _count(bench, "MATCH (p:Person) RETURN count(p) AS n")[0]["n"]
            on.append(run(bench, docs, args.batch, ResolutionSettings()))
            people_on = _count(bench, "MATCH (p:Person) RETURN count(p) AS n")[0]["n"]
            print(f"  off {off[-1]:.1f} s, on {on[-1]:.1f} s", flush=True)
        decided = _count(
            bench, "MATCH (r:Resolution) RETURN r.decision AS decision, count(*) AS n ORDER BY decision"
        )
    results["seconds_off"] = round(min(off), 2)
    results["seconds_on"] = round(min(on), 2)
    results["ratio_on_off"] = round(min(on) / min(off), 3)
    results["runs"] = {"off": [round(t, 2) for t in off], "on": [round(t, 2) for t in on]}
    results["people"] = {"off": people_off, "on": people_on}
    results["decisions"] = {r["decision"]: r["n"] for r in decided}
    print(json.dumps(results, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
