"""The web explorer: `/` serves the single page, `/static` its modules and styles, `/vendor` the
vendored Cytoscape.js. Every asset comes from the package (app/web), so the UI works with no network.

The page is served with a strict Content-Security-Policy: scripts only from this origin, no inline
scripts or event-handler attributes. The UI renders data with DOM text APIs; the policy is a second
line of defence should a string from an article ever reach markup.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"
VENDOR_DIR = WEB_DIR / "vendor"

CONTENT_SECURITY_POLICY = "; ".join(
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
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # The page is tiny and changes with every release; modules are revalidated by ETag.
    "Cache-Control": "no-cache",
}

router = APIRouter(include_in_schema=False)
router.mount("/static", StaticFiles(directory=STATIC_DIR), name="ui-static")
router.mount("/vendor", StaticFiles(directory=VENDOR_DIR), name="ui-vendor")


@router.get("/", response_class=FileResponse)
def index() -> FileResponse:
    """The explorer's single page; views live in the URL hash (`/#/entity?id=...`)."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html", headers=PAGE_HEADERS)
