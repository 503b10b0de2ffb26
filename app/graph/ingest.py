"""Ingest and retract through the same pipeline as the CLI (`intelgraph import`, `documents delete`)."""

from __future__ import annotations

from functools import lru_cache

from neo4j import Driver

from app.errors import ExtractionFailed, NotFound, PayloadTooLarge, Unavailable
from app.schemas import AddedCounts, AddedDocument, DocumentIn, IngestError, IngestResponse, RetractResponse
from importers.contract import Extraction
from importers.loader import LoadAbortedError, Loader
from importers.pipeline import Extractor
from importers.readers import SourceDocument
from importers.retraction import retract_document


@lru_cache(maxsize=2)
def extractor(model_name: str) -> Extractor:
    """One extractor per process: loading the spaCy pipeline takes seconds."""
    return Extractor(model_name)


def _source(doc: DocumentIn) -> SourceDocument:
    return SourceDocument(
        body=doc.text,
        title=doc.title,
        published=doc.published,
        source=doc.source,
        url=doc.url,
        metadata=dict(doc.metadata),
    )


def extract(doc: DocumentIn, model_name: str, max_bytes: int) -> Extraction:
    """Run the extractor on one posted document (no database). Raises ExtractionFailed on bad input."""
    size = len(doc.text.encode("utf-8"))
    if size > max_bytes:
        raise PayloadTooLarge(
            f"text: {size} bytes, more than the {max_bytes} allowed (INTELGRAPH_MAX_DOCUMENT_BYTES)"
        )
    try:
        extraction = extractor(model_name).extract(_source(doc))
    except (ValueError, KeyError, IndexError) as exc:
        raise ExtractionFailed(f"the document could not be extracted: {exc}") from None
    extraction.document.reliability = doc.reliability
    if extraction.text is None:
        extraction.text = doc.text
    return extraction


def ingest(
    driver: Driver, database: str, docs: list[DocumentIn], model_name: str, max_bytes: int
) -> IngestResponse:
    extractions: list[tuple[int, Extraction]] = []
    errors: list[IngestError] = []
    for i, doc in enumerate(docs):
        try:
            extractions.append((i, extract(doc, model_name, max_bytes)))
        except ExtractionFailed as exc:
            errors.append(IngestError(index=i, title=doc.title, detail=exc.detail))
    added: list[AddedDocument] = []
    if extractions:
        try:
            result = Loader(driver, database).load_batch([e for _, e in extractions])
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
    result = retract_document(driver, database, doc_id)
    if result is None:
        raise NotFound(f"no document with id {doc_id!r}")
    return RetractResponse(
        doc_id=doc_id, retracted_at=result.retracted_at.isoformat(), facts_removed=len(result.facts_removed)
    )
