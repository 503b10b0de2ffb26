"""Loading extractions into Neo4j (the graph described in docs/graph-model.md).

Several whole documents are written per write transaction (`session.execute_write`, which the
driver retries on transient errors), each query `UNWIND`ing the rows of all of them, so a crash
leaves a document absent, never half-present. Every write is a MERGE on a deterministic id under a
uniqueness constraint: a retried, repeated or concurrent load creates no duplicates.

Per document, inside the transaction:
- the same text with the same extraction already loaded: skipped (re-import changes nothing);
- the same text from a different extraction (a new extractor version): its old facts are retracted
  and the new ones loaded;
- a new text whose url (or path) matches an older document: the older one is retracted
  (reason 'replaced') and the new one loaded.

Errors: a document that fails validation (spans that do not reproduce its text, dangling entity
references) is rejected before anything is written and reported; a transaction that fails for a
reason other than a lost connection is split into one transaction per document so that only the
bad document fails; a lost or unreachable server raises `LoadAbortedError` (what was committed stays,
whole; re-running the import completes it).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from neo4j import ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from importers.contract import Extraction
from importers.cypher_runner import CypherRunner
from importers.generation import bump_in_tx
from importers.load_rows import (
    BatchRows,
    DocumentRejectedError,
    DocumentRows,
    combine,
    document_rows,
    extraction_hash,
)
from importers.resolution import Resolver, known_from_rows
from importers.resolution import Settings as ResolutionSettings
from importers.retraction import RetractionResult, retract_in_tx

_DIR = "load"  # the load queries are cypher/load/<name>.cypher
DEFAULT_BATCH_DOCUMENTS = 50
DEFAULT_RESOLUTION = ResolutionSettings()

# The order matters: every query MATCHes nodes an earlier one merged (evidence cites entities,
# statements and events, so the document trees come last).
_WRITE_STEPS: tuple[tuple[str, str], ...] = (
    ("merge_entities", "entities"),
    ("merge_fact_relations", "fact_relations"),
    ("merge_statements", "statements"),
    ("merge_statement_links", "statement_links"),
    ("merge_events", "events"),
    ("merge_participants", "participants"),
    ("create_document_tree", "documents"),
    # Each source's value on its evidence, then the facts' contested state (needs that evidence).
    ("merge_claims", "claims"),
    ("merge_contested", "contested"),
    # Entity resolution: the mention records, then lone-name people absorbed by full names (needs
    # every node and evidence above).
    ("merge_resolutions", "resolutions"),
    ("resolve_absorb", "absorbed"),
)

_CONSTRAINT_RACE_RETRIES = 3


class LoadAbortedError(RuntimeError):
    """The server cannot be reached (or refused the credentials): loading cannot go on.

    Everything committed before stays (whole documents only); re-running the import completes it.
    """


@dataclass
class FailedDocument:
    where: str  # file (and line), url or id: what the user can find
    doc_id: str | None
    message: str


@dataclass
class BatchResult:
    loaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    retracted: list[RetractionResult] = field(default_factory=list)
    failed: list[FailedDocument] = field(default_factory=list)
    facts: int = 0
    evidence: int = 0
    documents_seen: int = 0


@dataclass
class LoadReport:
    """Totals of one import run (what the CLI prints and `--json` emits)."""

    loaded: int = 0
    skipped: int = 0
    replaced: int = 0
    failed: list[FailedDocument] = field(default_factory=list)
    facts: int = 0
    evidence: int = 0
    seconds: float = 0.0

    def add(self, batch: BatchResult) -> None:
        self.loaded += len(batch.loaded)
        self.skipped += len(batch.skipped)
        self.replaced += sum(1 for r in batch.retracted if r.reason == "replaced")
        self.failed.extend(batch.failed)
        self.facts += batch.facts
        self.evidence += batch.evidence

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents_loaded": self.loaded,
            "documents_skipped": self.skipped,
            "documents_replaced": self.replaced,
            "documents_failed": len(self.failed),
            "facts": self.facts,
            "evidence": self.evidence,
            "seconds": round(self.seconds, 3),
            "failures": [{"where": f.where, "doc_id": f.doc_id, "error": f.message} for f in self.failed],
        }


@dataclass
class _Prepared:
    seen: int
    rows: list[DocumentRows]
    rejected: list[FailedDocument]


def _prepare(extractions: Sequence[Extraction], resolver: Resolver | None = None) -> _Prepared:
    """Resolve people, verify and build rows (pure Python, no database: safe in the helper thread;
    documents are resolved in order, each against everything resolved before it)."""
    prepared = _Prepared(seen=len(extractions), rows=[], rejected=[])
    for extraction in extractions:
        try:
            if resolver is None or extraction.text is None:
                prepared.rows.append(document_rows(extraction))
                continue
            resolved = resolver.resolve(extraction)
            rows = document_rows(resolved.extraction)
            # The fingerprint of what the extractor said: re-importing an unchanged document is
            # skipped whatever resolution would now decide.
            rows.extraction_hash = extraction_hash(extraction)
            rows.document["extraction_hash"] = rows.extraction_hash
            # Records of what resolution changed or left open; a person kept under the id its
            # document gave needs none (its mention evidence is the record), so the graph of a
            # corpus does not depend on what was loaded before.
            decided = [d for d in resolved.decisions if d.written_id != d.entity_id or d.decision == "review"]
            rows.resolutions = [d.row() for d in [*decided, *resolved.absorbed]]
            rows.absorbed = [{"from": d.written_id, "to": d.entity_id} for d in resolved.absorbed]
            prepared.rows.append(rows)
        except DocumentRejectedError as exc:
            prepared.rejected.append(FailedDocument(exc.where, extraction.document.id, str(exc)))
    return prepared


@dataclass
class _Planned:
    loaded: list[DocumentRows]
    skipped: list[str]
    retracted: list[RetractionResult]


class Loader:
    """Writes extractions through `runner` (its driver and database are owned by the caller)."""

    def __init__(
        self,
        runner: CypherRunner,
        *,
        batch_size: int = DEFAULT_BATCH_DOCUMENTS,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        resolution: ResolutionSettings | None = DEFAULT_RESOLUTION,
    ) -> None:
        """`resolution`: entity resolution's thresholds; None loads every person under the id its
        document gives (no cross-document resolution)."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.runner = runner
        self.batch_size = batch_size
        self.clock = clock
        self.resolution = resolution

    def resolver(self) -> Resolver | None:
        """A resolver over the people the graph holds now (None when resolution is off)."""
        if self.resolution is None:
            return None
        try:
            # One read transaction, bounded like a load batch (the index grows with the graph).
            rows, judged = self.runner.read_transaction(_read_resolution_index, self.runner)
        except (ServiceUnavailable, SessionExpired, AuthError) as exc:
            raise _aborted(exc) from exc
        judgements = [(j["a"], j["b"], j["verdict"]) for j in judged]
        return Resolver(known_from_rows(rows), self.resolution, judgements)

    def load(
        self,
        extractions: Iterable[Extraction],
        *,
        on_batch: Callable[[BatchResult], None] | None = None,
    ) -> LoadReport:
        """Load every extraction, `batch_size` documents per transaction.

        The next batch's rows are built (and its spans verified) in a helper thread while the
        server writes the current one: the two overlap instead of taking turns.
        """
        report = LoadReport()
        started = time.perf_counter()
        resolver = self.resolver()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="loader-rows") as helper:
            upcoming: Future[_Prepared] | None = None
            for batch in _chunks(extractions, self.batch_size):
                following = helper.submit(_prepare, batch, resolver)
                if upcoming is not None:
                    result = self._load_prepared(upcoming.result())
                    report.add(result)
                    if on_batch is not None:
                        on_batch(result)
                upcoming = following
            if upcoming is not None:
                result = self._load_prepared(upcoming.result())
                report.add(result)
                if on_batch is not None:
                    on_batch(result)
        report.seconds = time.perf_counter() - started
        return report

    def load_batch(self, extractions: Sequence[Extraction]) -> BatchResult:
        """Load several documents in one transaction (falling back to one each if it fails)."""
        return self._load_prepared(_prepare(extractions, self.resolver()))

    def _load_prepared(self, prepared: _Prepared) -> BatchResult:
        result = BatchResult(documents_seen=prepared.seen, failed=list(prepared.rejected))
        unique, duplicates = _deduplicate(prepared.rows)
        result.skipped.extend(duplicates)
        if not unique:
            return result
        try:
            self._write(unique, result)
        except (LoadAbortedError, ServiceUnavailable, SessionExpired, AuthError) as exc:
            raise _aborted(exc) from exc
        except Neo4jError as exc:
            if _is_query_bug(exc):
                raise LoadAbortedError(f"the loader's Cypher is broken: {_neo4j_message(exc)}") from exc
            if len(unique) == 1:
                doc = unique[0]
                result.failed.append(FailedDocument(doc.where, doc.doc_id, _neo4j_message(exc)))
                return result
            for doc in unique:  # isolate the document the server refused
                try:
                    self._write([doc], result)
                except (ServiceUnavailable, SessionExpired, AuthError) as inner:
                    raise _aborted(inner) from inner
                except Neo4jError as inner:
                    result.failed.append(FailedDocument(doc.where, doc.doc_id, _neo4j_message(inner)))
        except DriverError as exc:
            raise _aborted(exc) from exc
        return result

    def _write(self, docs: list[DocumentRows], result: BatchResult) -> None:
        now = self.clock()
        for attempt in range(_CONSTRAINT_RACE_RETRIES + 1):
            try:
                planned = self.runner.write_transaction(_write_documents, self.runner, docs, now)
                break
            except ConstraintError:
                # Two importers creating the same node at the same instant: the loser's MERGE can
                # fail on the constraint instead of matching; run again, it now matches.
                if attempt == _CONSTRAINT_RACE_RETRIES:
                    raise
        result.loaded.extend(d.doc_id for d in planned.loaded)
        result.skipped.extend(planned.skipped)
        result.retracted.extend(planned.retracted)
        result.facts += sum(d.facts for d in planned.loaded)
        result.evidence += sum(len(d.evidence) for d in planned.loaded)


def _read_resolution_index(
    tx: ManagedTransaction, runner: CypherRunner
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    people = [r.data() for r in runner.run(tx, f"{_DIR}/resolve_index")]
    judged = [r.data() for r in runner.run(tx, f"{_DIR}/resolve_judgements")]
    return people, judged


def _write_documents(
    tx: ManagedTransaction, runner: CypherRunner, docs: list[DocumentRows], now: dt.datetime
) -> _Planned:
    """The transaction function (the driver may run it more than once: it only reads its inputs)."""
    existing = {
        record["id"]: (record["existing_hash"], list(record["older"]))
        for record in runner.run(
            tx,
            f"{_DIR}/find_existing",
            docs=[{"id": d.doc_id, "url": d.document["url"], "path": d.document["path"]} for d in docs],
        )
    }
    planned = _Planned(loaded=[], skipped=[], retracted=[])
    for doc in docs:
        existing_hash, older = existing.get(doc.doc_id, (None, []))
        if existing_hash == doc.extraction_hash:
            planned.skipped.append(doc.doc_id)
            continue
        if existing_hash is not None:
            retracted = retract_in_tx(
                runner, tx, doc.doc_id, now=now, reason="reloaded", replaced_by=doc.doc_id
            )
            if retracted is not None:
                planned.retracted.append(retracted)
        for old_id in older:
            retracted = retract_in_tx(runner, tx, old_id, now=now, reason="replaced", replaced_by=doc.doc_id)
            if retracted is not None:
                planned.retracted.append(retracted)
        planned.loaded.append(doc)
    if planned.loaded:
        rows = combine(planned.loaded)
        # Absorptions decided while resolving a skipped document still apply.
        rows.absorbed = [r for d in docs for r in d.absorbed]
        write_rows(runner, tx, rows, now)
    if planned.loaded or planned.retracted:
        bump_in_tx(runner, tx)  # last: readers that see this batch see a new generation
    return planned


def write_rows(runner: CypherRunner, tx: ManagedTransaction, rows: BatchRows, now: dt.datetime) -> None:
    """Run every load query over `rows` (skipping empty ones) inside `tx`."""
    for query, attr in _WRITE_STEPS:
        batch: list[dict[str, Any]] = getattr(rows, attr)
        if batch:
            runner.run(tx, f"{_DIR}/{query}", rows=batch, now=now).consume()


def load_extractions(
    runner: CypherRunner,
    extractions: Iterable[Extraction],
    *,
    batch_size: int = DEFAULT_BATCH_DOCUMENTS,
    on_batch: Callable[[BatchResult], None] | None = None,
    resolution: ResolutionSettings | None = DEFAULT_RESOLUTION,
) -> LoadReport:
    """Load `extractions` through `runner`; see `Loader`."""
    return Loader(runner, batch_size=batch_size, resolution=resolution).load(extractions, on_batch=on_batch)


def _deduplicate(docs: list[DocumentRows]) -> tuple[list[DocumentRows], list[str]]:
    """One entry per text and per source: a repeated text is loaded once, and of two versions of
    one url/path in the same batch only the later one (as a later batch would replace it anyway)."""
    by_id: dict[str, DocumentRows] = {}
    dropped: list[str] = []
    for doc in docs:
        if doc.doc_id in by_id:
            dropped.append(doc.doc_id)
        else:
            by_id[doc.doc_id] = doc
    by_source: dict[str, DocumentRows] = {}
    kept: list[DocumentRows] = []
    for doc in by_id.values():
        if doc.source_key is None:
            kept.append(doc)
            continue
        previous = by_source.get(doc.source_key)
        if previous is not None:
            dropped.append(previous.doc_id)
            kept.remove(previous)
        by_source[doc.source_key] = doc
        kept.append(doc)
    return kept, dropped


def _chunks(items: Iterable[Extraction], size: int) -> Iterator[list[Extraction]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


_QUERY_BUGS = (
    "Neo.ClientError.Statement.SyntaxError",
    "Neo.ClientError.Statement.SemanticError",
    "Neo.ClientError.Statement.ParameterMissing",
)


def _is_query_bug(exc: Neo4jError) -> bool:
    """An error in the loader's own Cypher: every document would fail the same way."""
    return getattr(exc, "code", None) in _QUERY_BUGS


def _neo4j_message(exc: Neo4jError) -> str:
    code = getattr(exc, "code", None)
    message = getattr(exc, "message", None) or str(exc)
    return f"Neo4j refused the write ({code}): {message}" if code else f"Neo4j refused the write: {message}"


def _aborted(exc: Exception) -> LoadAbortedError:
    if isinstance(exc, LoadAbortedError):
        return exc
    if isinstance(exc, AuthError):
        return LoadAbortedError(f"Neo4j refused the credentials: {exc}")
    if isinstance(exc, ClientError):
        return LoadAbortedError(f"Neo4j refused the import: {_neo4j_message(exc)}")
    return LoadAbortedError(
        f"Neo4j is unavailable ({exc.__class__.__name__}: {exc}); nothing of the current "
        "batch was written, re-run the import to complete it"
    )
