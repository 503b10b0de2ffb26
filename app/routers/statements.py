"""GET /api/statements: who said what about whom, filtered."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from app.auth import ReadAccess
from app.deps import DatabaseDep, DriverDep, offload
from app.graph import statements as graph_statements
from app.graph.search import resolve
from app.routers._params import DateFrom, DateTo
from app.schemas import StatementPage

router = APIRouter(prefix="/api", tags=["statements"])


@router.get("/statements", summary="Statements by speaker, subject, kind and date")
async def statements(
    driver: DriverDep,
    database: DatabaseDep,
    _caller: ReadAccess,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    speaker: Annotated[str | None, Query(max_length=300, description="entity id or name")] = None,
    about: Annotated[str | None, Query(max_length=300, description="entity id or name")] = None,
    kind: Literal["direct", "indirect"] | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, description="text contains")] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> StatementPage:
    def work() -> StatementPage:
        speaker_id = resolve(driver, database, speaker, field="speaker") if speaker else None
        about_id = resolve(driver, database, about, field="about") if about else None
        return graph_statements.statements(
            driver,
            database,
            speaker=speaker_id,
            about=about_id,
            kind=kind,
            date_from=date_from,
            date_to=date_to,
            q=q,
            cursor=cursor,
            limit=limit,
        )

    return await offload(work)
