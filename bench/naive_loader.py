"""The naive baseline: the same graph, one transaction per item.

What a first loader usually looks like: loop over the extraction and write each thing with its own
`session.execute_write` -- the document (with nothing else), each sentence, each entity, each fact
relationship, statement, statement link, event, participant and piece of evidence. Same row
builders and the same MERGE queries as the real loader (one row per call), plus three single-item
queries in cypher/bench/ for the lexical layer and evidence, so both produce the identical graph
(bench_load checks the checksums) and the difference is only the batching.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import neo4j

from importers.contract import Extraction
from importers.cypher_files import read_cypher
from importers.load_rows import combine, document_rows

_SHARED_STEPS = (
    ("merge_entities", "entities"),
    ("merge_fact_relations", "fact_relations"),
    ("merge_statements", "statements"),
    ("merge_statement_links", "statement_links"),
    ("merge_events", "events"),
    ("merge_participants", "participants"),
)


def naive_load(driver: neo4j.Driver, database: str, extractions: Iterable[Extraction]) -> int:
    """Load every extraction item by item; returns the number of transactions run."""
    transactions = 0
    with driver.session(database=database) as session:

        def write(directory: str, name: str, **params: Any) -> None:
            nonlocal transactions
            query = read_cypher(directory, name)
            session.execute_write(lambda tx: tx.run(query, params).consume())
            transactions += 1

        for extraction in extractions:
            doc = document_rows(extraction)
            rows = combine([doc])
            now = dt.datetime.now(dt.UTC)
            for name, attr in _SHARED_STEPS:
                for row in getattr(rows, attr):
                    write("load", name, rows=[row], now=now)
            write("bench", "naive_document", row=doc.document, now=now)
            previous = None
            for sentence in doc.sentences:
                write("bench", "naive_sentence", row=sentence, previous=previous, now=now)
                previous = sentence["id"]
            for evidence in doc.evidence:
                write("bench", "naive_evidence", row=evidence, now=now)
    return transactions
