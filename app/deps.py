"""The API's one dependencies module: `Annotated` aliases (declare `driver: DriverDep` in a route,
nothing more) and `offload`, the one thread-pool hop a request's graph work takes.

Settings come from the cached `get_settings()`, honouring `app.dependency_overrides` as tests set it
(`ConfigDep`). The driver and database come from the app's `GraphConnection` (opened by the lifespan
in app/main.py); `DriverDep` raises `Unavailable` (503 + Retry-After) while Neo4j cannot be reached,
and recovers on its own once it can.

FastAPI runs every *sync* dependency and endpoint in the thread pool; on a busy machine each hop
waits for a CPU, and a request that needed a dozen of them paid more for hopping than for its
query (bench/bench_api.py). So the routers are `async def`, their dependencies are async, and
the graph work - blocking driver calls - runs in exactly one hop, through `offload`.
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections.abc import Callable
from typing import Annotated, ParamSpec, TypeVar, cast

import anyio
import anyio.to_thread
import neo4j
from fastapi import Depends, Request

from app.graph.db import GraphConnection
from app.settings import Settings, get_settings


# Async although they do no I/O worth awaiting: FastAPI runs a *sync* dependency in the thread
# pool, and those hops (several per request) were most of the API's overhead on a busy machine
# (bench/bench_api.py). `graph.driver()` only builds a driver object the first time; it never waits
# on the network.
async def get_graph(request: Request) -> GraphConnection:
    return cast(GraphConnection, request.app.state.graph)


# Straight from the request, not through `get_graph`: every sub-dependency is one more step of
# FastAPI's dependency solving per request (4-14% of the API's CPU in the profile, docs/api.md).
async def get_driver(request: Request) -> neo4j.Driver:
    return cast(GraphConnection, request.app.state.graph).driver()


async def get_database(request: Request) -> str:
    return cast(GraphConnection, request.app.state.graph).database


GraphDep = Annotated[GraphConnection, Depends(get_graph)]
DriverDep = Annotated[neo4j.Driver, Depends(get_driver)]
DatabaseDep = Annotated[str, Depends(get_database)]


async def current_settings(request: Request) -> Settings:
    """`get_settings()`, honouring `app.dependency_overrides[get_settings]` as tests set it."""
    provider = request.app.dependency_overrides.get(get_settings, get_settings)
    settings: Settings = provider()
    return settings


ConfigDep = Annotated[Settings, Depends(current_settings)]


P = ParamSpec("P")
T = TypeVar("T")

GRAPH_WORKERS = 4
"""Threads running graph work at once. More only adds GIL contention in this one process: the
database does the heavy lifting, and requests beyond this wait their turn in FIFO order."""

# One limiter per event loop (a CapacityLimiter belongs to the loop it is used in; tests run
# several apps, each in its own loop).
_LIMITERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


def _limiter() -> anyio.CapacityLimiter:
    loop = asyncio.get_running_loop()
    limiter = _LIMITERS.get(loop)
    if limiter is None:
        limiter = _LIMITERS[loop] = anyio.CapacityLimiter(GRAPH_WORKERS)
    return limiter


async def offload(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run blocking graph work in a worker thread (one hop per request), at most GRAPH_WORKERS at once."""
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=_limiter())


async def offload_long(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run long work (extraction, loading: seconds) in the general thread pool, outside the limit
    that keeps reads flowing."""
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))
