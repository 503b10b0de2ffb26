"""GET /api/entities/{id} and its neighbourhood."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.auth import ReadAccess
from app.deps import DatabaseDep, DriverDep, offload
from app.graph import actors as graph_actors
from app.graph import entities as graph_entities
from app.routers._params import DateFrom, DateTo, split_list
from app.schemas import EDGE_TYPES, ENTITY_TYPES, NODE_TYPES, EntityDetail, Neighbourhood, View

router = APIRouter(prefix="/api/entities", tags=["entities"])

EntityId = Annotated[
    str,
    Path(
        max_length=300, description="entity id, e.g. person:gustavo-petro", examples=["person:gustavo-petro"]
    ),
]


@router.get("/{entity_id}", summary="Everything about one entity")
async def get_entity(
    entity_id: EntityId, driver: DriverDep, database: DatabaseDep, _caller: ReadAccess
) -> EntityDetail:
    return await offload(graph_entities.entity, driver, database, entity_id)


@router.get("/{entity_id}/neighbourhood", summary="Ego network as {nodes, edges}")
async def neighbourhood(
    entity_id: EntityId,
    driver: DriverDep,
    database: DatabaseDep,
    _caller: ReadAccess,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    rel_types: Annotated[list[str] | None, Query(description="edge types to follow")] = None,
    entity_types: Annotated[list[str] | None, Query(description="node types to include")] = None,
    limit: Annotated[int, Query(ge=1, le=2000, description="max nodes")] = 500,
    view: Annotated[
        View,
        Query(
            description="`actors`: events and statements collapsed into links between the actors "
            "(with counts of events and independent sources, and the evidence); `rel_types` does "
            "not apply there"
        ),
    ] = "facts",
) -> Neighbourhood:
    if view == "actors":
        # The same node types as the default view are valid; only actors are drawn here, so event
        # and statement types select nothing (a schema-valid request is never refused).
        types = split_list(entity_types, NODE_TYPES, "entity_types")
        return await offload(
            graph_actors.neighbourhood,
            driver,
            database,
            entity_id,
            depth=depth,
            entity_types=None if types is None else [t for t in types if t in ENTITY_TYPES],
            node_types=list(ENTITY_TYPES),
            date_from=date_from,
            date_to=date_to,
            limit=limit,
        )
    return await offload(
        graph_entities.neighbourhood,
        driver,
        database,
        entity_id,
        depth=depth,
        rel_types=split_list(rel_types, EDGE_TYPES, "rel_types"),
        entity_types=split_list(entity_types, NODE_TYPES, "entity_types"),
        date_from=date_from,
        date_to=date_to,
        limit=limit,
    )
