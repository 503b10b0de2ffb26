"""GET /api/ties/{a}/{b}: bilateral ties between two countries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.auth import ReadAccess
from app.deps import DatabaseDep, DriverDep, offload
from app.graph import ties as graph_ties
from app.graph.common import in_one_read_transaction
from app.routers._params import API_DATE_RE, DateFrom, DateTo
from app.schemas import TiesResponse

router = APIRouter(prefix="/api", tags=["ties"])

Country = Annotated[
    str,
    Path(min_length=2, max_length=100, description="ISO3/ISO2 code, country id or name", examples=["VEN"]),
]


@router.get("/ties/{a}/{b}", summary="Timeline, borders and tie states between two countries")
async def ties(
    a: Country,
    b: Country,
    driver: DriverDep,
    database: DatabaseDep,
    _caller: ReadAccess,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    as_of: Annotated[
        str | None,
        Query(pattern=API_DATE_RE, description="state of each tie on this date", examples=["2022-08-10"]),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> TiesResponse:
    def work() -> TiesResponse:
        return graph_ties.ties(
            driver, database, a, b, as_of=as_of, date_from=date_from, date_to=date_to, limit=limit
        )

    return await offload(in_one_read_transaction, driver, database, work)  # 3 queries, 1 transaction
