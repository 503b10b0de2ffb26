"""Evidence as Evidence nodes (design R, the model) or as lists on the fact relationship (design P)?

Both designs are loaded with the same facts and spans from one synthetic corpus (relationship facts
only: HOLDS_OFFICE, MEMBER_OF, OFFICE_OF, BORDER_OF; statements, events and mentions left out so
the two graphs differ only in where evidence lives), in a throwaway Neo4j with the project schema.
Measured (median of repeated runs, warm):
- load time of the corpus (batched, same batch size);
- "how many independent sources back this fact" for one fact (by id);
- "which facts have two or more independent sources" over the whole graph;
- the evidence of one fact with its sentences;
- retracting one document (median of 7, each in a transaction that is rolled back, so every run
  sees the same graph).
The reasons recorded in docs/graph-model.md come from bench/results/evidence_model.json.

Usage: python bench/bench_evidence_model.py [--docs 2000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j

from bench.bench_server import BenchServer, throwaway_neo4j
from bench.synth_extractions import generate_extractions
from importers.contract import Extraction
from importers.cypher_files import read_cypher
from importers.cypher_runner import CypherRunner
from importers.load_rows import combine, document_rows, document_tree
from importers.loader import Loader
from importers.retraction import retract_in_tx

RESULTS = Path(__file__).resolve().parent / "results" / "evidence_model.json"
FACT_TYPES = ("HOLDS_OFFICE", "MEMBER_OF", "OFFICE_OF", "BORDER_OF")


def relationship_facts_only(extraction: Extraction) -> Extraction:
    """The extraction without statements, events and mentions (so OFFICE_OF/BORDER_OF cite facts)."""
    stripped = extraction.model_copy(deep=True)
    stripped.statements, stripped.events = [], []
    for entity in stripped.entities:
        entity.mentions = []
    return stripped


def load_props(driver: neo4j.Driver, database: str, corpus: list[Extraction], batch: int) -> float:
    """Design P: documents, sentences and entities as in the model; evidence as lists on the facts."""
    started = time.perf_counter()
    for i in range(0, len(corpus), batch):
        docs = [document_rows(e) for e in corpus[i : i + batch]]
        shared = combine(docs)
        trees = []
        for doc in docs:
            tree = document_tree(doc)
            for sentence in tree["sentences"]:
                for group in ("mention_evidence", "statement_evidence", "event_evidence", "fact_evidence"):
                    sentence[group] = []
            trees.append(tree)
        facts: dict[str, dict[str, Any]] = {}
        relations = {r["id"]: r for r in shared.fact_relations}
        for doc in docs:
            for ev in doc.evidence:
                if ev["fact_type"] not in FACT_TYPES:
                    continue
                rel = relations[ev["fact_id"]]
                row = facts.setdefault(
                    ev["fact_id"],
                    {
                        "id": rel["id"],
                        "type": rel["type"],
                        "source": rel["source"],
                        "target": rel["target"],
                        "doc_ids": [],
                        "sentence_ids": [],
                        "starts": [],
                        "ends": [],
                        "texts": [],
                    },
                )
                for key, value in (
                    ("doc_ids", ev["doc_id"]),
                    ("sentence_ids", ev["sentence_id"]),
                    ("starts", ev["start"]),
                    ("ends", ev["end"]),
                    ("texts", ev["text"]),
                ):
                    row[key].append(value)
        with driver.session(database=database) as session:
            session.execute_write(_write_props, shared.entities, [facts[k] for k in sorted(facts)], trees)
    return time.perf_counter() - started


def _write_props(
    tx: neo4j.ManagedTransaction, entities: list[Any], facts: list[Any], trees: list[Any]
) -> None:
    now = dt.datetime.now(dt.UTC)
    tx.run(read_cypher("load", "merge_entities"), rows=entities, now=now).consume()
    tx.run(read_cypher("bench", "props_merge_facts"), rows=facts).consume()
    tx.run(read_cypher("load", "create_document_tree"), rows=trees, now=now).consume()


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm: plan cached, pages in
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def read_query(bench: BenchServer, name: str, **params: Any) -> Callable[[], Any]:
    query = read_cypher("bench", name)

    def run() -> Any:
        records, _, _ = bench.driver.execute_query(
            query, params, routing_=neo4j.RoutingControl.READ, database_=bench.database
        )
        return records

    return run


def rolled_back(bench: BenchServer, body: Callable[[neo4j.Transaction], Any]) -> Callable[[], Any]:
    def run() -> Any:
        with bench.driver.session(database=bench.database) as session:
            tx = session.begin_transaction()
            try:
                return body(tx)
            finally:
                tx.rollback()

    return run


def measure(
    bench: BenchServer,
    design: str,
    corpus: list[Extraction],
    fact_ids: list[str],
    doc_ids: list[str],
    batch: int,
    repeat: int,
) -> dict[str, Any]:
    bench.clear()
    if design == "reified":
        seconds = Loader(CypherRunner(bench.driver, bench.database), batch_size=batch).load(corpus).seconds
    else:
        seconds = load_props(bench.driver, bench.database, corpus, batch)
    totals, _, _ = bench.driver.execute_query(read_cypher("load", "graph_totals"), database_=bench.database)
    facts = iter(fact_ids * 1000)
    docs = iter(doc_ids * 1000)

    def one_source() -> Any:
        return read_query(bench, f"{design}_sources", fact_id=next(facts))()

    def one_evidence() -> Any:
        return read_query(bench, f"{design}_evidence", fact_id=next(facts))()

    now = dt.datetime.now(dt.UTC)
    props_retract = read_cypher("bench", "props_retract")

    def retract_one(tx: neo4j.Transaction) -> Any:
        if design == "reified":
            return retract_in_tx(CypherRunner(bench.driver, bench.database), tx, next(docs), now=now)  # type: ignore[arg-type]
        return tx.run(props_retract, doc_id=next(docs)).consume()

    return {
        "load_seconds": round(seconds, 2),
        "nodes": totals[0]["nodes"],
        "relationships": totals[0]["relationships"],
        "sources_of_one_fact_ms": median_ms(one_source, repeat),
        "facts_with_2plus_sources_ms": median_ms(read_query(bench, f"{design}_multi_source"), 5),
        "evidence_of_one_fact_ms": median_ms(one_evidence, repeat),
        "retract_one_document_ms": median_ms(rolled_back(bench, retract_one), min(repeat, 7)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    corpus = [relationship_facts_only(e) for e in generate_extractions(args.docs, args.seed)]
    rng = random.Random(0)
    holds = [r.id for e in corpus for r in e.relations if r.type == "HOLDS_OFFICE"]
    fact_ids = rng.sample(sorted(set(holds)), min(args.repeat, len(set(holds))))
    doc_ids = [e.document.id for e in rng.sample(corpus, min(args.repeat, len(corpus)))]
    results: dict[str, Any] = {
        "documents": args.docs,
        "repeat": args.repeat,
        "loadavg_start": os.getloadavg(),
    }
    began = time.perf_counter()

    with throwaway_neo4j("evidence") as bench:
        # Warm-up, not measured: both designs' queries planned and the JVM warm before timing.
        warm = corpus[:50]
        for design in ("reified", "props"):
            measure(bench, design, warm, fact_ids[:2], doc_ids[:2], args.batch, 2)
        designs: dict[str, dict[str, Any]] = {}
        for design in ("reified", "props"):
            designs[design] = measure(bench, design, corpus, fact_ids, doc_ids, args.batch, args.repeat)
            print(design, designs[design], flush=True)
        results["designs"] = designs
        r, p = designs["reified"], designs["props"]
        results["ratios_props_over_reified"] = {
            key: round(p[key] / r[key], 2) if r[key] else None
            for key in (
                "load_seconds",
                "sources_of_one_fact_ms",
                "facts_with_2plus_sources_ms",
                "evidence_of_one_fact_ms",
                "retract_one_document_ms",
            )
        }
    results["loadavg_end"] = os.getloadavg()
    results["seconds"] = round(time.perf_counter() - began, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results["ratios_props_over_reified"], indent=2))
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
