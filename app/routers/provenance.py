"""GET /api/provenance/{fact_id}: the evidence behind any node or relationship fact."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app.auth import ReadAccess
from app.deps import DatabaseDep, DriverDep, offload
from app.graph import provenance as graph_provenance
from app.schemas import ProvenanceResponse

router = APIRouter(prefix="/api", tags=["provenance"])


@router.get("/provenance/{fact_id}", summary="Every piece of evidence for a node or relationship fact")
async def provenance(
    fact_id: Annotated[str, Path(max_length=300, examples=["person:gustavo-petro"])],
    driver: DriverDep,
    database: DatabaseDep,
    _caller: ReadAccess,
) -> ProvenanceResponse:
    return await offload(graph_provenance.provenance, driver, database, fact_id)
