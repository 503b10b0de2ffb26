"""Security headers, set in one place for every response (`SecurityHeadersMiddleware`).

- Every response: `X-Content-Type-Options: nosniff` (a browser never guesses a type, so a JSON body
  or a CSV export holding markup is never rendered as HTML).
- Every HTML (and SVG) response: a Content-Security-Policy, `frame-ancestors 'none'` (no framing,
  also as `X-Frame-Options: DENY` for old browsers) and `Referrer-Policy: no-referrer`.

The default policy is the explorer's: scripts, styles, fonts and fetches only from this origin, no
inline scripts or event-handler attributes. A route that needs another policy sets its own
`Content-Security-Policy` header and the middleware keeps it (the API docs pages do, see
`docs_policy`): the override can only come from our code, never from a request.

A pure ASGI middleware rather than Starlette's `BaseHTTPMiddleware`: it only edits the response
start message, so static files and streamed bodies pass through untouched.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The explorer's policy (app/web/static): everything from this origin, nothing inline.
DEFAULT_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def docs_policy(html: str) -> str:
    """The policy for a Swagger UI / ReDoc page: the explorer's, plus exactly the page's own inline
    scripts (by hash, so no other inline script runs), inline styles (both UIs set styles at run
    time; styles cannot run code) and blob: workers (ReDoc's search index). Images stay 'self' and
    data: only, so ReDoc's "powered by" logo on a CDN is not fetched."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in _INLINE_SCRIPT.findall(html)
    ]
    return "; ".join(
        (
            "default-src 'self'",
            " ".join(["script-src 'self'", *hashes]),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self' data:",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def _is_document(content_type: str) -> bool:
    """Content a browser renders as a document (and could run scripts in)."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media in ("text/html", "application/xhtml+xml", "image/svg+xml")


class SecurityHeadersMiddleware:
    """Adds the headers above to every HTTP response (errors included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                if _is_document(headers.get("content-type", "")):
                    headers.setdefault("Content-Security-Policy", DEFAULT_POLICY)
                    headers.setdefault("X-Frame-Options", "DENY")
                    headers.setdefault("Referrer-Policy", "no-referrer")
            await send(message)

        await self.app(scope, receive, send_with_headers)
