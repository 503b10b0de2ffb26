"""The web explorer and the API docs: `/` serves the explorer's single page, `/static` its modules
and styles, `/vendor` the vendored Cytoscape.js, Swagger UI and ReDoc; `/docs` (Swagger UI) and
`/redoc` (ReDoc) show the OpenAPI. Every asset comes from the package (app/web), so the UI and the
docs work with no network (FastAPI's "self-hosting JavaScript and CSS for docs" recipe).

Pages get a strict Content-Security-Policy from app/headers.py: scripts only from this origin, no
inline scripts or event-handler attributes. The UI renders data with DOM text APIs; the policy is a
second line of defence should a string from an article ever reach markup. The docs pages carry
their own policy (`docs_policy`: their one inline script by hash, inline styles, blob: workers).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from app.headers import docs_policy

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"
VENDOR_DIR = WEB_DIR / "vendor"

# The page is tiny and changes with every release; modules are revalidated by ETag. Its security
# headers (CSP, nosniff, frame-ancestors) come from app/headers.py, like every other response's.
PAGE_HEADERS = {"Cache-Control": "no-cache"}

router = APIRouter(include_in_schema=False)
router.mount("/static", StaticFiles(directory=STATIC_DIR), name="ui-static")
router.mount("/vendor", StaticFiles(directory=VENDOR_DIR), name="ui-vendor")


@router.get("/", response_class=FileResponse)
def index() -> FileResponse:
    """The explorer's single page; views live in the URL hash (`/#/entity?id=...`)."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html", headers=PAGE_HEADERS)


DOCS_FAVICON = "/vendor/swagger-ui-favicon-32x32.png"


def _docs_page(page: HTMLResponse) -> HTMLResponse:
    html = bytes(page.body).decode("utf-8")
    return HTMLResponse(html, headers={"Content-Security-Policy": docs_policy(html), **PAGE_HEADERS})


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over /openapi.json, from the vendored swagger-ui-dist."""
    return _docs_page(get_swagger_ui_html(
        openapi_url=request.app.openapi_url or "/openapi.json",
        title=f"{request.app.title} - API",
        swagger_js_url="/vendor/swagger-ui-bundle.js",
        swagger_css_url="/vendor/swagger-ui.css",
        swagger_favicon_url=DOCS_FAVICON,
        # The validator badge would send the schema to validator.swagger.io.
        swagger_ui_parameters={"validatorUrl": None},
    ))


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    """ReDoc over /openapi.json, from the vendored standalone bundle (no Google Fonts)."""
    return _docs_page(get_redoc_html(
        openapi_url=request.app.openapi_url or "/openapi.json",
        title=f"{request.app.title} - API reference",
        redoc_js_url="/vendor/redoc.standalone.js",
        redoc_favicon_url=DOCS_FAVICON,
        with_google_fonts=False,
    ))
