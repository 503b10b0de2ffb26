"""Request-scoped helpers for the API routers that cost no thread-pool hop.

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
from typing import Annotated, ParamSpec, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Request

from app.settings import Settings, get_settings

GRAPH_WORKERS = 4
"""Threads running graph work at once. More only adds GIL contention in this one process: the
database does the heavy lifting, and requests beyond this wait their turn in FIFO order."""

P = ParamSpec("P")
T = TypeVar("T")


async def current_settings(request: Request) -> Settings:
    """`get_settings()`, honouring `app.dependency_overrides[get_settings]` as tests set it."""
    provider = request.app.dependency_overrides.get(get_settings, get_settings)
    settings: Settings = provider()
    return settings


ConfigDep = Annotated[Settings, Depends(current_settings)]


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
