"""Request limits enforced before and while a body is read (a pure ASGI middleware).

FastAPI reads and parses a route's JSON body *before* it runs the route's dependencies, so the API
key check (app/auth.py) alone would come after a 50 MB body had been read into memory. This
middleware runs in front of the router and, for every request that carries a body:

1. refuses a declared `Content-Length` over the limit with 413 at once, without reading a byte;
2. when the route first asks for the body (routing is done, nothing read yet), runs the route's own
   access check (`require_read` / `require_write`, found among the route's dependencies, so the role
   model stays in app/auth.py): 401/403 without reading a byte;
3. counts the bytes as the route reads them (chunked bodies declare no length) and answers 413 the
   moment the count passes the limit.
After a refusal the route sees a client disconnect, and whatever it answers to that is dropped.

The limit is `Settings.request_body_limit` (INTELGRAPH_MAX_REQUEST_BYTES, by default derived from
INTELGRAPH_MAX_DOCUMENT_BYTES). Responses are problem+json, built by app/errors.py.

Not Starlette's own `max_body_size`: it answers some 413s in plain text, and the key check has to
happen in the same place anyway.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.auth import require_read, require_write
from app.errors import IntelgraphError, PayloadTooLarge, error_response
from app.settings import Settings

AccessCheck = Callable[..., Awaitable[Any]]
_ACCESS_CHECKS: tuple[AccessCheck, ...] = (require_write, require_read)  # strongest first


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length itself
    return None


def _has_body(scope: Scope) -> bool:
    length = _content_length(scope)
    if length is not None:
        return length > 0
    return any(name == b"transfer-encoding" for name, _ in scope.get("headers", ()))


def _access_check(dependant: Dependant) -> AccessCheck | None:
    """The access dependency a route declares (directly or through a sub-dependency), if any."""
    found: set[Any] = set()
    stack = [dependant]
    while stack:
        current = stack.pop()
        found.add(current.call)
        stack.extend(current.dependencies)
    return next((check for check in _ACCESS_CHECKS if check in found), None)


def too_large(size: int | None, limit: int) -> PayloadTooLarge:
    setting = "INTELGRAPH_MAX_REQUEST_BYTES"
    if size is None:
        detail = f"request body: more than the {limit:,} bytes allowed ({setting})"
    else:
        detail = f"request body: {size:,} bytes, more than the {limit:,} allowed ({setting})"
    return PayloadTooLarge(detail, limit=limit)


class RequestLimitsMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.limit = settings.request_body_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_body(scope):
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            await self._refuse(too_large(declared, self.limit), scope, receive, send)
            return
        await self._run_guarded(scope, receive, send)

    async def _access_error(self, scope: Scope, receive: Receive) -> IntelgraphError | None:
        """The route's access check, run when it first asks for the body (routing is done by then)."""
        route = scope.get("route")
        if not isinstance(route, APIRoute):
            return None
        check = _access_check(route.dependant)  # a walk over a dozen nodes: not worth a cache
        if check is None:
            return None
        try:
            await check(Request(scope, receive), self.settings)
        except IntelgraphError as exc:
            return exc
        return None

    async def _run_guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        received = 0
        asked = False
        app_started = False
        refused = False

        async def refuse(exc: IntelgraphError, *, close: bool) -> Message:
            nonlocal refused
            refused = True
            if not app_started:
                await self._refuse(exc, scope, receive, send, close=close)
            return {"type": "http.disconnect"}  # the route stops reading; what it answers is dropped

        async def guarded_receive() -> Message:
            nonlocal received, asked
            if refused:
                return {"type": "http.disconnect"}
            if not asked:
                asked = True
                error = await self._access_error(scope, receive)
                if error is not None:
                    return await refuse(error, close=False)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    return await refuse(too_large(None, self.limit), close=True)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal app_started
            if refused:
                return
            if message["type"] == "http.response.start":
                app_started = True
            await send(message)

        await self.app(scope, guarded_receive, guarded_send)

    @staticmethod
    async def _refuse(
        exc: IntelgraphError, scope: Scope, receive: Receive, send: Send, *, close: bool = False
    ) -> None:
        response = error_response(exc, scope.get("path"))
        if close:
            # The rest of an over-long body is not worth reading: the server closes after answering.
            response.headers["Connection"] = "close"
        await response(scope, receive, send)


def install_request_limits(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(RequestLimitsMiddleware, settings=settings)
