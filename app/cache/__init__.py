"""Reads that cost nothing when nothing changed: ETags, 304s and an in-process response cache.

The graph has a generation number, kept in Neo4j and bumped in the same transaction as every write
(importers/generation.py: document import, retraction, saved-query save/delete). For every
`GET /api/...` (but `/api/health`, which never touches Neo4j) this pure ASGI middleware:

1. runs the route's read check (`require_read`) itself; a caller it refuses goes on to the route,
   which answers the 401 as before;
2. reads the generation (one index lookup; no staleness window, so an answer is never older than
   the last committed write: correct by construction, also with several workers; concurrent
   requests share a read that started after they arrived, `GenerationReader`);
3. derives the ETag from the generation and the request: method, path, query string, the caller's
   role, `Accept`, and today's date (a tie's state defaults to today);
4. answers `304 Not Modified` when `If-None-Match` names that ETag; otherwise the stored answer for
   that ETag if there is one; otherwise runs the route and stores a `200` answer (exact bytes,
   exact headers: a cached answer is byte-identical to a fresh one).
Every `200` it passes on carries `ETag` and `Cache-Control: no-cache` (a client may keep it, but must
revalidate). The cache holds at most `INTELGRAPH_RESPONSE_CACHE_BYTES` of bodies (least recently
used go first; 0 turns storing off, ETags and 304s stay). A new generation empties it.

If the generation cannot be read (Neo4j down), the request goes to the route unchanged (its 503).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, cast

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.auth import require_read
from app.deps import offload
from app.errors import IntelgraphError
from app.graph.db import GraphConnection, runner
from app.settings import Settings
from importers.generation import Generation, read_generation

CACHED_PREFIX = "/api/"
UNCACHED_PATHS = frozenset({"/api/health"})
CACHE_CONTROL = b"no-cache"
VARY = b"Accept, Authorization"


@dataclass(frozen=True)
class Stored:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """Answers by ETag, for one generation at a time, at most `max_bytes` of bodies (LRU)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.generation: str | None = None
        self._entries: OrderedDict[str, Stored] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def see(self, generation: str) -> None:
        """A generation was read: a new one makes every stored answer unreachable, so drop them."""
        if generation != self.generation:
            with self._lock:
                if generation != self.generation:
                    self._entries.clear()
                    self._bytes = 0
                    self.generation = generation

    def clear(self) -> None:
        """Forget everything (a write went through this process)."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self.generation = None

    def get(self, etag: str) -> Stored | None:
        with self._lock:
            stored = self._entries.get(etag)
            if stored is None:
                self.misses += 1
                return None
            self._entries.move_to_end(etag)
            self.hits += 1
            return stored

    def put(self, generation: str, etag: str, stored: Stored) -> None:
        size = len(stored.body)
        if size > self.max_bytes // 8:  # one answer may not crowd out the rest
            return
        with self._lock:
            if generation != self.generation or etag in self._entries:
                return  # read under a generation already replaced: not worth keeping
            self._entries[etag] = stored
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, old = self._entries.popitem(last=False)
                self._bytes -= len(old.body)


def etag_for(generation: Generation, scope: Scope, role: str, accept: str, today: str) -> str:
    """A weak validator: the same for the same request at the same generation (and day)."""
    parts = (
        generation.token,
        scope["method"],
        scope["path"],
        scope.get("query_string", b"").decode("latin-1"),
        role,
        accept,
        today,
    )
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f'W/"{digest}"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2), as If-None-Match uses."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


class GenerationReader:
    """Reads the generation for many concurrent requests with few queries, never too early.

    A request may use a read only if that read *started after the request arrived*: it then sees
    every write committed before the request (what "no staleness" means). So a request that finds
    no read in flight starts one; one that finds a read in flight (started before it arrived)
    waits for the *next* read, which starts as soon as the current one ends and serves everyone
    who arrived meanwhile. Under load, 16 waiting requests share one or two queries instead of
    running 16; alone, a request runs exactly one.
    """

    def __init__(self, read: Callable[[], Awaitable[Generation | None]]) -> None:
        self._read = read
        self._running: asyncio.Future[Generation | None] | None = None
        self._next: asyncio.Future[Generation | None] | None = None

    async def get(self) -> Generation | None:
        if self._running is None:
            self._running = self._start()
            return await asyncio.shield(self._running)
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
        return await asyncio.shield(self._next)

    def _start(self) -> asyncio.Future[Generation | None]:
        task: asyncio.Future[Generation | None] = asyncio.ensure_future(self._read())
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Future[Generation | None]) -> None:
        waiting, self._next = self._next, None
        self._running = None
        if waiting is None:
            return
        self._running = self._start()

        def hand_over(done: asyncio.Future[Generation | None]) -> None:
            if waiting.done():
                return
            if done.cancelled() or done.exception() is not None:
                waiting.set_result(None)
            else:
                waiting.set_result(done.result())

        self._running.add_done_callback(hand_over)


class ResponseCacheMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings, cache: ResponseCache) -> None:
        self.app = app
        self.settings = settings
        self.cache = cache
        self._readers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, GenerationReader] = (
            weakref.WeakKeyDictionary()
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(CACHED_PREFIX):
            await self.app(scope, receive, send)
            return
        if scope["method"] != "GET":
            try:
                await self.app(scope, receive, send)
            finally:
                if scope["method"] in {"POST", "PUT", "PATCH", "DELETE"}:
                    self.cache.clear()  # a write through this process: no need to wait for the generation
            return
        if scope["path"] in UNCACHED_PATHS:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            caller = await require_read(request, self.settings)
        except IntelgraphError:
            await self.app(scope, receive, send)  # the route answers the 401 itself
            return
        loop = asyncio.get_running_loop()
        reader = self._readers.get(loop)
        if reader is None:
            reader = self._readers[loop] = GenerationReader(lambda: self._generation(scope["app"]))
        generation = await reader.get()
        if generation is None:
            await self.app(scope, receive, send)
            return
        self.cache.see(generation.token)
        headers = Headers(scope=scope)
        etag = etag_for(generation, scope, caller.role or "anonymous", headers.get("accept", ""),
                        dt.date.today().isoformat())
        validators = [(b"etag", etag.encode("latin-1")), (b"cache-control", CACHE_CONTROL), (b"vary", VARY)]
        if _matches(headers.get("if-none-match"), etag):
            await send({"type": "http.response.start", "status": 304, "headers": validators})
            await send({"type": "http.response.body", "body": b""})
            return
        stored = self.cache.get(etag) if self.cache.max_bytes > 0 else None
        if stored is not None:
            await send({"type": "http.response.start", "status": stored.status, "headers": stored.headers})
            await send({"type": "http.response.body", "body": stored.body})
            return
        await self._run_and_store(scope, receive, send, generation.token, etag, validators)

    async def _generation(self, app: Any) -> Generation | None:
        graph = cast(GraphConnection | None, getattr(app.state, "graph", None))
        if graph is None:
            return None
        try:
            graph_runner = runner(graph.driver(), graph.database, self.settings)
            return await offload(read_generation, graph_runner)
        except Exception:
            return None

    async def _run_and_store(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        generation: str,
        etag: str,
        validators: list[tuple[bytes, bytes]],
    ) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        storable = False

        async def capture(message: Message) -> None:
            nonlocal start, storable
            if message["type"] == "http.response.start":
                start = message
                response_headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in response_headers}
                storable = message["status"] == 200 and b"cache-control" not in names
                if storable:
                    response_headers += validators
                    message = {**message, "headers": response_headers}
                    start = message
            elif message["type"] == "http.response.body" and storable:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start is not None and self.cache.max_bytes > 0:
                    self.cache.put(generation, etag, Stored(200, list(start["headers"]), b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)


def install_response_cache(app: ASGIApp, settings: Settings) -> ResponseCache:
    """Add the middleware to a FastAPI app; returns its cache (kept on `app.state.response_cache`)."""
    from fastapi import FastAPI

    fastapi_app = cast(FastAPI, app)
    cache = ResponseCache(settings.response_cache_bytes)
    fastapi_app.state.response_cache = cache
    fastapi_app.add_middleware(ResponseCacheMiddleware, settings=settings, cache=cache)
    return cache
