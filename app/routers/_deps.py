"""Request-scoped helpers for the API routers that cost no thread-pool hop.

FastAPI runs every *sync* dependency and endpoint in the thread pool; on a busy machine each hop
waits for a CPU, and a request that needed a dozen of them paid more for hopping than for its
query (bench/bench_api.py). So the routers are `async def`, their dependencies are async, and
the graph work - blocking driver calls - runs in exactly one hop, through `offload`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, ParamSpec, TypeVar

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from app.settings import Settings, get_settings

P = ParamSpec("P")
T = TypeVar("T")


async def current_settings(request: Request) -> Settings:
    """`get_settings()`, honouring `app.dependency_overrides[get_settings]` as tests set it."""
    provider = request.app.dependency_overrides.get(get_settings, get_settings)
    settings: Settings = provider()
    return settings


ConfigDep = Annotated[Settings, Depends(current_settings)]


async def offload(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run blocking graph work in the thread pool (one hop per request)."""
    return await run_in_threadpool(fn, *args, **kwargs)
