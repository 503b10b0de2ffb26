"""The API docs render offline under their Content-Security-Policy, and the explorer links a
document's `url` only when it is http(s) (Debian's Chromium, the live server of conftest.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.e2e.conftest import Site


def record_requests(page: Any, site: Site) -> list[str]:
    """Every URL the page asks for outside the site (each is aborted: the test machine may be online)."""
    origin = urlsplit(site.url).netloc
    outside: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != origin:
            outside.append(url)
            request_route.abort()
        else:
            request_route.continue_()

    page.route("**/*", route)
    return outside


def test_swagger_ui_renders_every_operation_offline(page: Any, site: Site) -> None:
    outside = record_requests(page, site)
    page.goto(f"{site.url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("intelgraph")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() >= 15
    assert outside == []
    refused = [m for m in page.probe.console_errors if "Content Security Policy" in m]
    assert refused == []


def test_redoc_renders_offline(page: Any, site: Site) -> None:
    outside = record_requests(page, site)
    page.goto(f"{site.url}/redoc")
    expect(page.locator("h1").first).to_contain_text("intelgraph")
    expect(page.get_by_text("Everything about one entity").first).to_be_attached()
    assert outside == []
    # The only thing the policy refuses is ReDoc's footer logo on its CDN (never fetched).
    refused = [m for m in page.probe.console_errors if "Content Security Policy" in m]
    assert all("cdn.redoc.ly" in m for m in refused), refused


def test_only_http_urls_become_links(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/")
    rendered = page.evaluate(
        """async (urls) => {
            const { originalLink } = await import("/static/js/dom.js");
            return urls.map((url) => {
              const el = originalLink(url);
              return [el.tagName, el.getAttribute("href"), el.textContent];
            });
        }""",
        ["https://example.org/news/1", "http://example.org/a?b=c", "javascript:alert(document.domain)",
         " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
         "/relative/path", "example.org", "", "file:///etc/passwd"],
    )
    assert rendered[0] == ["A", "https://example.org/news/1", "original"]
    assert rendered[1] == ["A", "http://example.org/a?b=c", "original"]
    for tag, href, text in rendered[2:]:
        assert (tag, href, text) == ("SPAN", None, "original"), rendered
    assert page.probe.dialogs == []
