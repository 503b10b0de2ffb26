"""The explorer's static side, without a browser or a database: the page and every asset it loads
are served by the app (nothing from the network), the page carries its security headers, the
vendored files match their recorded checksums, and no module writes data as HTML."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.routers import ui

WEB = Path(ui.__file__).resolve().parent.parent / "web"
JS = sorted((WEB / "static" / "js").rglob("*.js"))


def make_app() -> FastAPI:
    app = FastAPI()
    app.include_router(ui.router)
    return app


@pytest.mark.anyio
async def test_page_and_every_asset_it_references_are_served_locally() -> None:
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        page = await client.get("/")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert page.headers["x-content-type-options"] == "nosniff"
        refs = re.findall(r'(?:src|href)="([^"#]+)"', page.text)
        assert "/vendor/cytoscape.min.js" in refs and "/static/js/main.js" in refs
        assert all(ref.startswith("/") for ref in refs), refs
        imports = {
            "/static/js/" + str(path.relative_to(WEB / "static" / "js")) for path in JS
        }
        for ref in [*refs, *sorted(imports)]:
            response = await client.get(ref)
            assert response.status_code == 200, ref
        assert (await client.get("/static/../routers/ui.py")).status_code == 404


def test_no_asset_of_ours_loads_anything_from_the_network() -> None:
    # A URL with a host; the SVG namespace is an identifier, never fetched.
    external = re.compile(r"https?://(?!www\.w3\.org/2000/svg)[\w-]+(\.[\w-]+)+")
    for path in [*JS, WEB / "static" / "index.html", WEB / "static" / "app.css"]:
        assert not external.search(path.read_text(encoding="utf-8")), path
    for path in JS:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""import\s*\(?\s*["'](?!\.)""", text), f"{path}: bare or absolute import"


def test_modules_never_write_html() -> None:
    forbidden = re.compile(
        r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(")
    offenders = [str(p) for p in JS if forbidden.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_vendored_files_match_their_recorded_checksums() -> None:
    table = (WEB / "vendor" / "VENDORED.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+\.js)` \|.*\| `([0-9a-f]{64})` \|$", table, flags=re.MULTILINE)
    assert {name for name, _ in rows} == {p.name for p in (WEB / "vendor").glob("*.js")}
    for name, digest in rows:
        assert hashlib.sha256((WEB / "vendor" / name).read_bytes()).hexdigest() == digest, name
        assert (WEB / "vendor" / name.replace(".min.js", ".js").replace(".js", ".LICENSE")).exists(), name
