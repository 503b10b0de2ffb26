"""The explorer's static side, without a browser or a database: the page and every asset it loads
are served by the app (nothing from the network), the page carries its security headers, the
vendored files match their recorded checksums, and no module writes data as HTML."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.headers import DEFAULT_POLICY
from app.main import create_app
from app.routers import ui
from app.settings import Neo4jSettings, Settings

WEB = Path(ui.__file__).resolve().parent.parent / "web"
JS = sorted((WEB / "static" / "js").rglob("*.js"))


def make_app() -> FastAPI:
    # The real app (its middleware sets the security headers); no request here touches Neo4j, and
    # ASGITransport does not run the lifespan that would connect.
    return create_app(settings=Settings(), neo4j_settings=Neo4jSettings(uri="bolt://127.0.0.1:9"))


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
    rows = re.findall(r"^\| `([^`]+\.(?:js|css|png))` \|.*\| `([0-9a-f]{64})` \|$", table, flags=re.MULTILINE)
    assert {name for name, _ in rows} == {
        p.name for p in (WEB / "vendor").iterdir() if p.suffix in (".js", ".css", ".png")}
    for name, digest in rows:
        assert hashlib.sha256((WEB / "vendor" / name).read_bytes()).hexdigest() == digest, name
        if name.endswith(".js"):
            assert (WEB / "vendor" / name.replace(".min.js", ".js").replace(".js", ".LICENSE")).exists(), name


@pytest.mark.anyio
async def test_every_html_response_carries_the_security_headers() -> None:
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        for path in ("/", "/static/index.html", "/static/favicon.svg"):
            response = await client.get(path)
            assert response.status_code == 200, path
            assert response.headers["content-security-policy"] == DEFAULT_POLICY, path
            assert response.headers["x-content-type-options"] == "nosniff", path
            assert response.headers["x-frame-options"] == "DENY", path
            assert response.headers["referrer-policy"] == "no-referrer", path
        # Everything else is at least never sniffed: scripts, JSON, problems, unknown routes.
        for path in ("/static/js/main.js", "/vendor/cytoscape.min.js", "/openapi.json", "/health",
                     "/no-such-page", "/static/no-such-file.js"):
            response = await client.get(path)
            assert response.headers["x-content-type-options"] == "nosniff", path
        assert "content-security-policy" not in (await client.get("/health")).headers


@pytest.mark.anyio
@pytest.mark.parametrize("path", ["/docs", "/redoc"])
async def test_api_docs_are_served_offline(path: str) -> None:
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        page = await client.get(path)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        # No external URL at all in the page (no CDN, no Google Fonts, no validator badge).
        assert not re.search(r"(?:https?:)?//", page.text), page.text
        refs = re.findall(r'(?:src|href|spec-url)="([^"]+)"', page.text)
        assert refs and all(ref.startswith("/") for ref in refs), refs
        for ref in refs:
            asset = await client.get(ref)
            assert asset.status_code == 200, ref
            assert asset.headers["x-content-type-options"] == "nosniff", ref
        assert "/openapi.json" in page.text
        csp = page.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        # Inline scripts only by hash (Swagger UI's one initialiser), never 'unsafe-inline' scripts.
        script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        inline = re.findall(r"<script>(.*?)</script>", page.text, flags=re.DOTALL)
        assert len(inline) == (1 if path == "/docs" else 0)
        for body in inline:
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in script_src


def test_document_links_are_only_rendered_for_http_urls() -> None:
    # A document's `url` reaches an <a href> only through dom.js's originalLink (which checks the
    # scheme); no module builds a link from a document url directly.
    for path in JS:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"href:\s*(?:d|doc|document)\.url", text), path
    dom = (WEB / "static" / "js" / "dom.js").read_text(encoding="utf-8")
    assert 'url.protocol === "http:" || url.protocol === "https:"' in dom
