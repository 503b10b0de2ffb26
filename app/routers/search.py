"""GET /api/search: full-text search over entities and statements."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.auth import ReadAccess
from app.deps import DatabaseDep, DriverDep, offload
from app.graph import search as graph_search
from app.routers._params import split_list
from app.schemas import SEARCH_TYPES, SearchResponse

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", summary="Search people, organizations, countries, offices, borders and statements")
async def search(
    driver: DriverDep,
    database: DatabaseDep,
    _caller: ReadAccess,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="words, partial names allowed",
            examples=["padrino", "Guaidó"],
        ),
    ],
    type: Annotated[
        list[str] | None,
        Query(description="restrict to these types (repeat or comma-separate)", examples=["Person"]),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchResponse:
    types = split_list(type, SEARCH_TYPES, "type")
    return await offload(graph_search.search, driver, database, q, types, limit)
