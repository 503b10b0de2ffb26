"""FastAPI dependencies as `Annotated` aliases: declare `driver: DriverDep` in a route, nothing more.

Settings come from the cached `get_settings()` / `get_neo4j_settings()`, so tests replace them with
`app.dependency_overrides`. The driver and database come from the app's `GraphConnection`
(opened by the lifespan in app/main.py); `DriverDep` raises `Unavailable` (503 + Retry-After)
while Neo4j cannot be reached, and recovers on its own once it can.
"""

from __future__ import annotations

from typing import Annotated, cast

import neo4j
from fastapi import Depends, Request

from app.db import GraphConnection
from app.settings import Neo4jSettings, Settings, get_neo4j_settings, get_settings


# Async although they do no I/O worth awaiting: FastAPI runs a *sync* dependency in the thread
# pool, and those hops (several per request) were most of the API's overhead on a busy machine
# (bench/bench_api.py). `graph.driver()` only builds a driver object the first time; it never waits
# on the network.
async def get_graph(request: Request) -> GraphConnection:
    return cast(GraphConnection, request.app.state.graph)


async def get_driver(graph: Annotated[GraphConnection, Depends(get_graph)]) -> neo4j.Driver:
    return graph.driver()


async def get_database(graph: Annotated[GraphConnection, Depends(get_graph)]) -> str:
    return graph.database


SettingsDep = Annotated[Settings, Depends(get_settings)]
Neo4jSettingsDep = Annotated[Neo4jSettings, Depends(get_neo4j_settings)]
GraphDep = Annotated[GraphConnection, Depends(get_graph)]
DriverDep = Annotated[neo4j.Driver, Depends(get_driver)]
DatabaseDep = Annotated[str, Depends(get_database)]
