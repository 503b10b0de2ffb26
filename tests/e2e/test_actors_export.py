"""The explorer's actor view, full-size path nodes and graph export (issue 12), in headless Chromium.

Each check compares the page with the API (the actor view's links, a path's nodes) or with the
exported file's own content (PNG signature, SVG elements per drawn node and edge).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, Site, shot
from tests.e2e.test_explorer import api, wait_graph

pytestmark = pytest.mark.e2e

COLOMBIA = "country:COL"
VENEZUELA = "country:VEN"
PADRINO = "person:vladimir-padrino-lopez"
VELASQUEZ = "person:ivan-velasquez"
GRAPH = "window.intelgraph.graph.cy"


def test_actor_view_toggle(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/#/entity?id={quote(COLOMBIA, safe='')}")
    wait_graph(page)
    # Default view: events are nodes, labelled with their participants and date.
    facts = api(page, site, f"/api/entities/{quote(COLOMBIA, safe='')}/neighbourhood")
    dated = next(
        n
        for n in facts["nodes"]
        if n["type"] == "Event"
        and n["properties"].get("date")
        and len(n["properties"].get("participants", [])) >= 2
    )
    label = page.evaluate(f"{GRAPH}.$id('{dated['id']}').data('display')")
    assert dated["properties"]["date"] in label
    assert dated["properties"]["participants"][0] in label
    assert page.evaluate(f"{GRAPH}.nodes('[type = \"Event\"]').length") > 0

    actors = api(page, site, f"/api/entities/{quote(COLOMBIA, safe='')}/neighbourhood", view="actors")
    page.click("#btn-actors")
    expect(page.locator("#btn-actors")).to_have_attribute("aria-pressed", "true")
    assert "view=actors" in page.url
    page.wait_for_function(
        f"() => {GRAPH}.edges().length === {len(actors['links'])}"
        f" && {GRAPH}.nodes().length === {len(actors['nodes'])}"
        f" && {GRAPH}.nodes('[type = \"Event\"]').length === 0"
    )
    drawn_nodes = set(page.evaluate(f"{GRAPH}.nodes().map((n) => n.id())"))
    drawn_edges = set(page.evaluate(f"{GRAPH}.edges().map((e) => e.id())"))
    assert drawn_nodes == {n["id"] for n in actors["nodes"]}
    assert drawn_edges == {lk["id"] for lk in actors["links"]}
    assert page.evaluate(f'{GRAPH}.nodes(\'[type = "Event"], [type = "Statement"]\').length') == 0
    link = next(
        lk
        for lk in actors["links"]
        if lk["kind"] == "co_participated" and {lk["source"], lk["target"]} == {COLOMBIA, VENEZUELA}
    )
    assert (
        page.evaluate(f"{GRAPH}.$id('{link['id']}').data('display')") == f"co participated ×{link['events']}"
    )
    shot(page, "actor-view")

    # The link's panel: kind, counts and one evidence card per event/statement behind it.
    page.goto(
        f"{site.url}/#/entity?id={quote(COLOMBIA, safe='')}&view=actors&sel={quote(link['id'], safe='')}"
    )
    panel = page.locator("#link-panel")
    expect(panel).to_contain_text(f"{link['events']} events")
    expect(panel).to_contain_text(f"{link['sources']} independent source")
    expect(panel.locator(".link-evidence > li")).to_have_count(len(link["evidence"]))

    page.click("#btn-actors")  # back to the stored graph
    page.wait_for_function(f"() => {GRAPH}.nodes('[type = \"Event\"]').length > 0")
    assert "view=actors" not in page.url


def test_a_path_is_drawn_with_full_size_nodes(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/#/paths?from={quote(PADRINO, safe='')}&to={quote(VELASQUEZ, safe='')}")
    wait_graph(page, "#paths-graph")
    data = api(page, site, "/api/paths", **{"from": PADRINO, "to": VELASQUEZ})
    first = data["paths"][0]
    assert len(first["nodes"]) == 3  # through the statement: an intermediate node to check
    page.wait_for_function(f"() => {GRAPH}.nodes('.path').length === {len(first['nodes'])}")
    widths = page.evaluate(f"{GRAPH}.nodes('.path').map((n) => [n.id(), n.width(), n.height()])")
    ends = {PADRINO, VELASQUEZ}
    # The style sheet's sizes: 28 px for a node, 40 px for a path's ends (before the fix, the
    # `.path` rule's edge width of 4 px applied to nodes too).
    for node_id, width, height in widths:
        expected = 40 if node_id in ends else 28
        assert (width, height) == (expected, expected), (node_id, width, height)
    middle = first["nodes"][1]["id"]
    assert {i: w for i, w, _ in widths}[middle] == 28  # the plain node size, not a 4-px sliver
    assert page.evaluate(f"{GRAPH}.edges('.path').map((e) => parseFloat(e.style('width')))") == [4.0] * len(
        first["hops"]
    )
    shot(page, "path-full-size")

    # The actor view of the same ends: one hop, said_about, between the two actors only.
    page.check("#path-actors")
    page.click("#find-paths")
    page.wait_for_function(f"() => {GRAPH}.nodes().length === 2 && {GRAPH}.edges('.path').length === 1")
    assert "view=actors" in page.url
    assert page.evaluate(f"{GRAPH}.edges()[0].data('type')") == "said_about"
    expect(page.locator("#paths-list .hop")).to_have_count(1)


def test_export_png_and_svg(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/#/entity?id={quote(COLOMBIA, safe='')}&view=actors")
    wait_graph(page)
    with page.expect_download() as info:
        page.click("#btn-export-png")
    png = info.value
    assert png.suggested_filename == "intelgraph-country_COL-actors.png"
    target = ARTIFACTS / png.suggested_filename
    png.save_as(str(target))
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 200 and height > 200, (width, height)

    with page.expect_download() as info:
        page.click("#btn-export-svg")
    svg = info.value
    assert svg.suggested_filename == "intelgraph-country_COL-actors.svg"
    target = ARTIFACTS / svg.suggested_filename
    svg.save_as(str(target))
    root = ET.parse(target).getroot()  # noqa: S314 (the file this test just exported)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    nodes = root.findall(".//svg:g[@class='node']", ns)
    edges = root.findall(".//svg:g[@class='edge']", ns)
    assert {g.get("data-id") for g in nodes} == set(
        page.evaluate(f"{GRAPH}.nodes(':visible').map((n) => n.id())")
    )
    assert {g.get("data-id") for g in edges} == set(
        page.evaluate(f"{GRAPH}.edges(':visible').map((e) => e.id())")
    )
    labels = {g.get("data-id"): g.find("svg:text", ns).text for g in nodes}
    assert labels[COLOMBIA] == "Colombia"
    assert not page.probe.errors and not page.probe.console_errors
