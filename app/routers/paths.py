"""GET /api/paths: trace connections between two actors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.auth import ReadAccess
from app.deps import DatabaseDep, DriverDep, offload
from app.graph import actors as graph_actors
from app.graph import paths as graph_paths
from app.graph.common import in_one_read_transaction
from app.graph.search import resolve_ref
from app.routers._params import split_list
from app.schemas import EDGE_TYPES, PathMode, PathsResponse, View

router = APIRouter(prefix="/api", tags=["paths"])


@router.get(
    "/paths",
    summary="Shortest, k shortest or all paths between two entities, with evidence",
    response_model_by_alias=True,
)
async def paths(
    driver: DriverDep,
    database: DatabaseDep,
    _caller: ReadAccess,
    source: Annotated[
        str,
        Query(
            alias="from",
            min_length=1,
            max_length=300,
            description="entity id or name",
            examples=["Padrino Lopez"],
        ),
    ],
    target: Annotated[
        str,
        Query(
            alias="to", min_length=1, max_length=300, description="entity id or name", examples=["Velasquez"]
        ),
    ],
    mode: PathMode = "shortest",
    k: Annotated[int, Query(ge=1, le=20)] = 5,
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    exclude: Annotated[list[str] | None, Query(description="entity ids not to pass through")] = None,
    types: Annotated[list[str] | None, Query(description="relationship types to traverse")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    view: Annotated[
        View,
        Query(
            description="`actors`: paths between actors, each hop the links (met, said_about, ...) "
            "between two actors; `max_hops` counts actor hops and `types` does not apply"
        ),
    ] = "facts",
) -> PathsResponse:
    excluded = split_list(exclude, None, "exclude", max_items=100) or []
    rel_types = split_list(types, EDGE_TYPES, "types")

    def work() -> PathsResponse:
        a = resolve_ref(driver, database, source, field="from")
        b = resolve_ref(driver, database, target, field="to")
        if view == "actors":
            return graph_actors.paths(
                driver, database, a, b, mode=mode, k=k, max_hops=max_hops, exclude=excluded, limit=limit
            )
        return graph_paths.paths(
            driver,
            database,
            a,
            b,
            mode=mode,
            k=k,
            max_hops=max_hops,
            exclude=excluded,
            types=rel_types,
            limit=limit,
        )

    return await offload(in_one_read_transaction, driver, database, work)  # 3 queries, 1 transaction
