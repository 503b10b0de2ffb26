"""Liveness and readiness: `/health` (the process answers) and `/ready` (the graph can serve)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from app.deps import DatabaseDep, GraphDep
from app.errors import problem_responses
from app.graph.db import SCHEMA_VERSION, check_ready

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Ready(BaseModel):
    status: Literal["ready"] = "ready"
    database: str
    schema_version: int
    schema_checksum: str
    schema_applied_at: str | None


@router.get("/health", summary="The API process is alive (does not touch Neo4j)")
def health() -> Health:
    return Health()


@router.get(
    "/ready",
    summary="Neo4j is reachable and its schema is the version this code expects",
    responses=problem_responses(503),
)
def ready(graph: GraphDep, database: DatabaseDep) -> Ready:
    # Sync on purpose: the driver is the blocking one, so FastAPI runs this in its thread pool.
    state = check_ready(graph.driver(), database)
    return Ready(
        database=database,
        schema_version=state.version or SCHEMA_VERSION,
        schema_checksum=state.checksum or "",
        schema_applied_at=state.applied_at,
    )
