"""Ingest and retract through the same pipeline as the CLI (`intelgraph import`, `documents delete`).

The API extracts in its worker processes (app/extract_workers.py); this module checks the document
limit before that, and turns the workers' results into a loaded batch and its response.
"""

from __future__ import annotations

from neo4j import Driver

from app.graph.db import runner
from app.graph.errors import ExtractionFailed, NotFound, PayloadTooLarge, Unavailable
from app.schemas import AddedCounts, AddedDocument, DocumentIn, IngestError, IngestResponse, RetractResponse
from importers.contract import Extraction
from importers.loader import LoadAbortedError, Loader
from importers.readers import SourceDocument
from importers.retraction import retract_document


def check_sizes(docs: list[DocumentIn], max_bytes: int, field: str = "documents") -> None:
    """Refuse (413, naming the document) any text over the document limit, before any work is done."""
    for i, doc in enumerate(docs):
        size = len(doc.text.encode("utf-8"))
        if size > max_bytes:
            where = f"{field}.{i}.text" if field else "text"
            raise PayloadTooLarge(
                f"{where}: {size:,} bytes, more than the {max_bytes:,} allowed "
                "(INTELGRAPH_MAX_DOCUMENT_BYTES)"
            )


def source(doc: DocumentIn) -> SourceDocument:
    return SourceDocument(
        body=doc.text,
        title=doc.title,
        published=doc.published,
        source=doc.source,
        url=doc.url,
        metadata=dict(doc.metadata),
    )


def finish(doc: DocumentIn, outcome: Extraction | str) -> Extraction:
    """The extraction of a posted document, with its reliability and text; ExtractionFailed if it failed."""
    if isinstance(outcome, str):
        raise ExtractionFailed(outcome)
    outcome.document.reliability = doc.reliability
    if outcome.text is None:
        outcome.text = doc.text
    return outcome


def load(
    driver: Driver, database: str, docs: list[DocumentIn], outcomes: list[Extraction | str]
) -> IngestResponse:
    """Load the extracted documents (extraction ran in the workers, app/extract_workers.py)."""
    extractions: list[tuple[int, Extraction]] = []
    errors: list[IngestError] = []
    for i, (doc, outcome) in enumerate(zip(docs, outcomes, strict=True)):
        try:
            extractions.append((i, finish(doc, outcome)))
        except ExtractionFailed as exc:
            errors.append(IngestError(index=i, title=doc.title, detail=exc.detail))
    added: list[AddedDocument] = []
    if extractions:
        try:
            result = Loader(runner(driver, database)).load_batch([e for _, e in extractions])
        except LoadAbortedError as exc:
            raise Unavailable(f"nothing was loaded: {exc}") from None
        failed = {f.doc_id: f.message for f in result.failed}
        loaded = set(result.loaded)
        for i, extraction in extractions:
            doc_id = extraction.document.id
            if doc_id in failed:
                errors.append(IngestError(index=i, title=docs[i].title, detail=failed[doc_id]))
                continue
            added.append(
                AddedDocument(
                    id=doc_id,
                    title=extraction.document.title,
                    created=doc_id in loaded,
                    counts=AddedCounts(
                        sentences=len(extraction.sentences),
                        entities=len(extraction.entities),
                        relations=len(extraction.relations),
                        statements=len(extraction.statements),
                        events=len(extraction.events),
                    ),
                )
            )
    if not added:
        raise ExtractionFailed(
            "no document could be loaded: " + "; ".join(f"#{e.index}: {e.detail}" for e in errors),
            errors=[e.model_dump() for e in errors],
        )
    return IngestResponse(added=added, errors=sorted(errors, key=lambda e: e.index))


def retract(driver: Driver, database: str, doc_id: str) -> RetractResponse:
    result = retract_document(runner(driver, database), doc_id)
    if result is None:
        raise NotFound(f"no document with id {doc_id!r}")
    return RetractResponse(
        doc_id=doc_id, retracted_at=result.retracted_at.isoformat(), facts_removed=len(result.facts_removed)
    )
