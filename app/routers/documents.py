"""Documents: list, read with spans, ingest (POST), retract (DELETE), and the extraction preview."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from app.auth import ReadAccess, WriteAccess, audit
from app.deps import ConfigDep, DatabaseDep, DriverDep, offload, offload_long
from app.extract_workers import workers_for
from app.graph import documents as graph_documents
from app.graph import ingest as graph_ingest
from app.schemas import (
    DocumentDetail,
    DocumentIn,
    DocumentPage,
    DocumentsIn,
    IngestResponse,
    RetractResponse,
)
from importers.contract import Extraction

router = APIRouter(prefix="/api", tags=["documents"])

DocId = Annotated[str, Path(max_length=300, description="document id (doc:...)")]


@router.get("/documents", summary="Documents in id order, one page at a time")
async def list_documents(
    driver: DriverDep,
    database: DatabaseDep,
    _caller: ReadAccess,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    source: Annotated[str | None, Query(max_length=1000)] = None,
) -> DocumentPage:
    return await offload(
        graph_documents.list_documents, driver, database, cursor=cursor, limit=limit, source=source
    )


@router.get("/documents/{doc_id}", summary="One document: text, mentions and facts as spans")
async def get_document(
    doc_id: DocId, driver: DriverDep, database: DatabaseDep, _caller: ReadAccess
) -> DocumentDetail:
    return await offload(graph_documents.document, driver, database, doc_id)


@router.post(
    "/documents",
    status_code=status.HTTP_201_CREATED,
    summary="Extract and load documents (same pipeline as `intelgraph import`)",
)
async def ingest(
    body: DocumentsIn, driver: DriverDep, database: DatabaseDep, settings: ConfigDep, caller: WriteAccess
) -> IngestResponse:
    try:
        graph_ingest.check_sizes(body.documents, settings.max_document_bytes)
        outcomes = await workers_for(settings).extract([graph_ingest.source(d) for d in body.documents])
        result = await offload_long(graph_ingest.load, driver, database, body.documents, outcomes)
    except Exception:
        audit(caller, "ingest", f"{len(body.documents)} document(s)", "failed")
        raise
    audit(
        caller,
        "ingest",
        ",".join(d.id for d in result.added),
        f"added {len(result.added)}, errors {len(result.errors)}",
    )
    return result


@router.delete("/documents/{doc_id}", summary="Retract a source and what only it supported")
async def retract(
    doc_id: DocId, driver: DriverDep, database: DatabaseDep, caller: WriteAccess
) -> RetractResponse:
    try:
        result = await offload(graph_ingest.retract, driver, database, doc_id)
    except Exception:
        audit(caller, "retract", doc_id, "failed")
        raise
    audit(caller, "retract", doc_id, f"facts_removed={result.facts_removed}")
    return result


@router.post("/extract", summary="Preview: the extraction of a text, not loaded", response_model=Extraction)
async def extract(
    body: DocumentIn, settings: ConfigDep, _caller: ReadAccess, response: Response
) -> Extraction:
    response.headers["Cache-Control"] = "no-store"
    graph_ingest.check_sizes([body], settings.max_document_bytes, field="")
    (outcome,) = await workers_for(settings).extract([graph_ingest.source(body)])
    return graph_ingest.finish(body, outcome)
