"""The explorer, driven in headless Chromium against the real server with the seed loaded.

Every check compares what the page shows with what the API returns (or with the seed's exact
facts), so a test fails when the UI drops, mangles or mis-highlights data.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, Site, shot

pytestmark = pytest.mark.e2e

MADURO = "person:nicolas-maduro"


def api(page: Any, site: Site, path: str, **params: Any) -> Any:
    response = page.request.get(f"{site.url}{path}", params=params or None, timeout=60_000)
    assert response.ok, f"{path}: {response.status} {response.text()}"
    return response.json()


def wait_graph(page: Any, selector: str = "#graph") -> None:
    page.wait_for_function(
        "(sel) => Number((document.querySelector(sel) || {dataset: {}}).dataset.layoutDone || 0) > 0",
        arg=selector)


def pick(page: Any, input_selector: str, text: str, expected: str) -> None:
    """Type into a combobox and choose the suggestion whose label is `expected`."""
    field = page.locator(input_selector)
    field.fill("")
    field.type(text)
    option = page.locator(f"{input_selector} + .suggestions [role=option]", has_text=expected).first
    expect(option).to_be_visible()
    option.click()
    expect(field).to_have_value(expected)


def test_search_maduro_and_open_him(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/")
    page.keyboard.press("/")
    expect(page.locator("#search")).to_be_focused()
    page.keyboard.type("Maduro")
    first = page.locator("#search + .suggestions [role=option]").first
    expect(first).to_contain_text("Nicolas Maduro")
    page.keyboard.press("Enter")

    panel = page.locator(".entity-panel")
    expect(panel.locator("h2")).to_have_text("Nicolas Maduro")
    assert quote(MADURO, safe="") in page.url
    wait_graph(page)
    entity = api(page, site, f"/api/entities/{quote(MADURO, safe='')}")
    hood = api(page, site, f"/api/entities/{quote(MADURO, safe='')}/neighbourhood")
    assert page.evaluate("window.intelgraph.graph.size") == len(hood["nodes"])
    assert page.evaluate("window.intelgraph.graph.cy.$('node.center').id()") == MADURO
    # The panel lists exactly the entity's offices, aliases and sources count.
    expect(panel.locator(".office")).to_have_count(len(entity["offices"]))
    expect(panel.locator(".office", has_text="President")).to_contain_text("Venezuela")
    expect(panel.locator(".aliases .chip")).to_have_text(entity["aliases"])
    expect(panel.locator(".sources-count")).to_contain_text(str(entity["documents_count"]))
    expect(page.locator(".type-chip[data-type=Person]")).to_be_visible()
    # The first graph is marked for the benchmark.
    assert page.evaluate("performance.getEntriesByName('intelgraph:first-graph').length") == 1
    shot(page, "explore")


def test_office_provenance_shows_the_highlighted_sentence(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/#/entity?id={quote(MADURO, safe='')}")
    office = page.locator(".entity-panel .office", has_text="President")
    expect(office).to_contain_text("Venezuela")
    office.get_by_role("link", name="Evidence").click()

    prov = page.locator(".provenance-panel")
    expect(prov).to_be_visible()
    fact_id = prov.get_attribute("data-fact")
    assert fact_id and fact_id.startswith("rel:")
    data = api(page, site, f"/api/provenance/{quote(fact_id, safe='')}")
    assert data["type"] == "HOLDS_OFFICE"
    cards = prov.locator(".evidence")
    expect(cards).to_have_count(len(data["evidence"]))
    for i, ev in enumerate(data["evidence"]):
        card = cards.nth(i)
        expect(card.locator(".evidence-sentence")).to_have_text(ev["sentence"]["text"])
        expect(card.locator("mark.hl")).to_have_text(ev["marked"]["match"])
        expect(card.locator(".grade")).to_have_text(ev["document"]["reliability"])
    first_match = data["evidence"][0]["marked"]["match"]
    assert "Maduro" in first_match
    shot(page, "provenance")

    # Back returns to the entity panel; forward again to the provenance.
    page.go_back()
    expect(page.locator(".entity-panel h2")).to_have_text("Nicolas Maduro")
    page.go_forward()
    expect(prov).to_be_visible()

    # The whole document, with this fact's spans emphasised.
    cards.first.locator("a.doc-link").click()
    expect(page.locator(".doc-title")).to_have_text(data["evidence"][0]["document"]["title"])
    focus = page.locator("#doc-text .span.focus")
    expect(focus.first).to_be_visible()
    focused_text = "".join(focus.all_text_contents())
    assert first_match in focused_text
    doc = api(page, site, f"/api/documents/{quote(data['evidence'][0]['document']['id'], safe='')}")
    expect(page.locator("#doc-text")).to_have_text(doc["text"])
    shot(page, "document")


def test_find_a_path_between_two_actors(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/#/paths")
    pick(page, "#path-from", "Padrino", "Vladimir Padrino Lopez")
    pick(page, "#path-to", "Velasq", "Ivan Velasquez")
    page.click("#find-paths")

    paths = page.locator("#paths-list .path")
    ends = {"from": "person:vladimir-padrino-lopez", "to": "person:ivan-velasquez"}
    data = api(page, site, "/api/paths", **ends)
    assert data["paths"], "the seed connects the two defence ministers"
    expect(paths).to_have_count(len(data["paths"]))
    first = data["paths"][0]
    head = paths.first.locator(".path-head")
    expect(head).to_contain_text(f"{first['length']} hop")
    expect(head).to_contain_text("Vladimir Padrino Lopez")
    expect(head).to_contain_text("Ivan Velasquez")
    hops = paths.first.locator(".hop")
    expect(hops).to_have_count(len(first["hops"]))
    for i, hop in enumerate(first["hops"]):
        expect(hops.nth(i).locator(".rel")).to_contain_text(hop["type"].replace("_", " "))
        if hop["evidence"]:
            expect(hops.nth(i).locator("mark.hl").first).to_have_text(hop["evidence"][0]["text"])
    wait_graph(page, "#paths-graph")
    drawn = {n["id"] for p in data["paths"] for n in p["nodes"]}
    assert page.evaluate("window.intelgraph.graph.size") == len(drawn)
    assert page.evaluate("window.intelgraph.graph.cy.nodes('.path').length") == len(first["nodes"])
    shot(page, "paths")


def test_ven_col_ties_timeline(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/#/ties")
    pick(page, "#ties-a", "Venezuela", "Venezuela")
    pick(page, "#ties-b", "Colombia", "Colombia")
    page.fill("#ties-asof", "2022-08-10")
    page.click("#show-ties")

    data = api(page, site, "/api/ties/country%3AVEN/country%3ACOL", as_of="2022-08-10")
    svg = page.locator("svg.timeline")
    expect(svg).to_be_visible()
    expect(svg.locator(".marker")).to_have_count(len(data["timeline"]))
    expect(svg.locator(".interval")).to_have_count(sum(len(t["intervals"]) for t in data["ties"]))
    states = {t["tie"]: t["state_as_of"] for t in data["ties"]}
    assert states.get("diplomatic") == "restoring"
    for tie, state in states.items():
        expect(page.locator(f".tie-state[data-tie={tie}] strong")).to_have_text(state)
    expect(svg.locator(".asof-label")).to_have_text("as of 2022-08-10")
    expect(page.locator(".timeline-list > li")).to_have_count(len(data["timeline"]))
    shot(page, "ties")

    # Another as-of date: the states follow the API; Back restores the previous view.
    page.fill("#ties-asof", "2022-08-08")
    page.click("#show-ties")
    earlier = api(page, site, "/api/ties/country%3AVEN/country%3ACOL", as_of="2022-08-08")
    expect(svg.locator(".asof-label")).to_have_text("as of 2022-08-08")
    for t in earlier["ties"]:
        state = page.locator(f".tie-state[data-tie={t['tie']}] strong")
        expect(state).to_have_text(t["state_as_of"] or "no record")
    page.go_back()
    expect(page.locator("svg.timeline .asof-label")).to_have_text("as of 2022-08-10")

    # Choosing a marker shows that item with its provenance link.
    dated = next(it for it in data["timeline"] if it["date"])
    page.locator(f"svg.timeline .marker[data-id='{dated['id']}']").click()
    selected = page.locator(".selected-item")
    expect(selected).to_contain_text(dated["date"])
    expect(selected.get_by_role("link", name="Provenance")).to_be_visible()


def test_ties_intervals_in_time_order_with_uncertain_edges(page: Any, site: Site) -> None:
    pair = f"a={quote('country:VEN', safe='')}&b={quote('country:COL', safe='')}"
    page.goto(f"{site.url}/#/ties?{pair}&as_of=2022-08-10")
    data = api(page, site, "/api/ties/country%3AVEN/country%3ACOL", as_of="2022-08-10")
    svg = page.locator("svg.timeline")
    expect(svg).to_be_visible()
    plot_width = float(svg.get_attribute("width") or 0)
    for tie in data["ties"]:
        drawn = svg.locator(f".interval[data-tie={tie['tie']}]")
        expect(drawn).to_have_count(len(tie["intervals"]))
        n = len(tie["intervals"])
        states = [drawn.nth(k).get_attribute("data-state") for k in range(n)]
        assert states == [i["state"] for i in tie["intervals"]]
        boxes = [drawn.nth(k).locator("rect").bounding_box() for k in range(n)]
        assert all(box is not None for box in boxes)
        # Time order on the axis: each interval begins where (or after) the one before it ends.
        for before, after in itertools.pairwise(boxes):
            assert before and after and after["x"] >= before["x"] + before["width"] - 1, (tie["tie"], boxes)
    # The seed's break is undated (start unknown, known by the restoring pledge): a fading edge of
    # its own, not a bar over the whole axis, and it ends where the restoration begins.
    diplomatic = next(t for t in data["ties"] if t["tie"] == "diplomatic")
    assert [i["state"] for i in diplomatic["intervals"]] == ["broken", "restoring"]
    broken = svg.locator(".interval[data-tie=diplomatic][data-state=broken]")
    expect(broken).to_have_class("interval state-broken fuzzy")
    assert (broken.locator("rect").get_attribute("fill") or "").startswith("url(#tie-grad-")
    box = broken.locator("rect").bounding_box()
    assert box is not None and box["width"] < plot_width / 4
    restoring = svg.locator(".interval[data-tie=diplomatic][data-state=restoring] rect").bounding_box()
    assert restoring is not None and abs(restoring["x"] - (box["x"] + box["width"])) <= 1
    # The as-of chips name the states and keep their evidence at hand.
    chip = page.locator(".tie-state[data-tie=diplomatic]")
    expect(chip.locator("strong")).to_have_text("restoring")
    assert "pledged to rebuild diplomatic relations" in (chip.get_attribute("title") or "")

    # Before any evidence: unknown, and the chip says so.
    page.fill("#ties-asof", "2015")
    page.click("#show-ties")
    expect(page.locator("svg.timeline .asof-label")).to_have_text("as of 2015")
    for tie in data["ties"]:
        expect(page.locator(f".tie-state[data-tie={tie['tie']}] strong")).to_have_text("unknown")
    shot(page, "ties-uncertain")


def test_run_a_saved_query_and_download_its_csv(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/#/queries")
    page.locator(".query-list a[data-name=officials_on_date]").click()
    field = page.locator("#param-jurisdiction")
    field.fill("country:VEN")
    field.press("Escape")
    page.click("#run-query")

    run = page.request.post(f"{site.url}/api/queries/officials_on_date/run",
                            data={"params": {"jurisdiction": "country:VEN"}}, timeout=60_000)
    assert run.ok, run.text()
    data = run.json()
    assert data["row_count"] >= 1
    table = page.locator("#results-table")
    expect(table.locator("tbody tr")).to_have_count(data["row_count"])
    expect(table.locator("thead th")).to_have_text(data["columns"])
    expect(table).to_contain_text("Nicolas Maduro")
    plural = "" if data["row_count"] == 1 else "s"
    expect(page.locator("#row-count")).to_have_text(f"{data['row_count']} row{plural}")
    shot(page, "queries")

    with page.expect_download() as info:
        page.click("#download-csv")
    download = info.value
    assert download.suggested_filename == "officials_on_date.csv"
    target = ARTIFACTS / "officials_on_date.csv"
    download.save_as(str(target))
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0] == data["columns"]
    assert len(rows) - 1 == data["row_count"]
    people = {r[data["columns"].index("person")] for r in rows[1:]}
    assert "Nicolas Maduro" in people
    # The form state is in the URL: reloading the link runs the same query again.
    page.reload()
    expect(page.locator("#results-table tbody tr")).to_have_count(data["row_count"])


def test_a_saved_query_row_opens_its_provenance(page: Any, site: Site) -> None:
    """Every id in a result row links (user trial: ids were plain text): the statement id of a
    who_said_what row opens that statement's provenance, with its sentence highlighted."""
    params = {"about": MADURO}
    run = page.request.post(f"{site.url}/api/queries/who_said_what/run", data={"params": params},
                            timeout=60_000)
    assert run.ok, run.text()
    data = run.json()
    assert data["row_count"] >= 1
    statement_id = data["rows"][0]["statement_id"]
    assert statement_id.startswith("stmt:")
    page.goto(f"{site.url}/#/queries?name=who_said_what&params={quote(json.dumps(params))}&run=1")
    row = page.locator("#results-table tbody tr").first
    expect(row).to_contain_text(statement_id)
    link = row.locator("a.id-link", has_text=statement_id)
    expect(link).to_have_count(1)
    link.click()
    prov = page.locator(".provenance-panel")
    expect(prov).to_be_visible()
    assert prov.get_attribute("data-fact") == statement_id
    evidence = api(page, site, f"/api/provenance/{quote(statement_id, safe='')}")["evidence"]
    assert evidence
    cards = prov.locator(".evidence")
    expect(cards).to_have_count(len(evidence))
    expect(cards.first.locator(".evidence-sentence")).to_have_text(evidence[0]["sentence"]["text"])
    expect(cards.first.locator("mark.hl")).to_have_text(evidence[0]["marked"]["match"])
    # Back to the same results.
    page.go_back()
    expect(page.locator("#results-table tbody tr")).to_have_count(data["row_count"])


def test_a_document_span_names_its_facts(page: Any, site: Site) -> None:
    """A span's fact list says what each fact is ("X SAID “...”"), not "ABOUT · Provenance"."""
    docs = api(page, site, "/api/documents")["items"]
    doc = api(page, site, f"/api/documents/{quote(docs[0]['id'], safe='')}")
    said = next(f for f in doc["facts"] if f["type"] == "SAID")
    page.goto(f"{site.url}/#/doc?id={quote(doc['id'], safe='')}&hl={quote(said['fact_id'], safe='')}")
    focus = page.locator("#doc-text .span.focus").first
    expect(focus).to_be_visible()
    focus.click()
    items = page.locator(".span-info li.span-fact")
    expect(items.first).to_be_visible()
    expect(page.locator(".span-info")).to_contain_text(said["summary"])
    counted = len({f["fact_id"] for f in doc["facts"] if f["counted"]})
    assert counted == doc["fact_count"] == docs[0]["facts"]
    expect(page.locator(".panel-section h3", has_text="Facts").locator(".count")).to_have_text(str(counted))


ARTICLE = ("Chilean Foreign Minister Antonia Urrejola met Venezuelan Foreign Minister Carlos Faria in "
           "Caracas on Monday. Urrejola said Chile would restore diplomatic relations with Venezuela.")


def test_ingest_a_pasted_article_and_find_its_new_person(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/#/ingest")
    page.fill("#doc-title", "Chile and Venezuela talk")
    page.fill("#doc-published", "2022-09-12")
    page.fill("#doc-source", "e2e wire")
    page.fill("#doc-text", ARTICLE)
    page.click("#preview-extract")
    new_person = page.locator("#preview-entities li[data-id='person:antonia-urrejola']")
    expect(new_person).to_contain_text("Antonia Urrejola")
    expect(new_person.locator(".chip-new")).to_have_text("new")
    expect(page.locator("#preview-entities li[data-id='person:carlos-faria'] .chip")).to_have_text("in graph")

    # Loading without a key is refused, and the problem says why.
    page.fill("#api-key", "")
    page.locator("#api-key").dispatch_event("change")
    page.click("#load-document")
    expect(page.locator("#ingest-result .problem")).to_contain_text("401")

    page.fill("#api-key", site.write_key)
    page.locator("#api-key").dispatch_event("change")
    page.click("#load-document")
    result = page.locator("#load-result")
    expect(result).to_contain_text("new document")
    expect(result.locator("#loaded-entities")).to_contain_text("Antonia Urrejola")
    shot(page, "ingest")

    page.keyboard.press("/")
    page.keyboard.type("Urrejola")
    expect(page.locator("#search + .suggestions [role=option]").first).to_contain_text("Antonia Urrejola")
    page.keyboard.press("Enter")
    panel = page.locator(".entity-panel")
    expect(panel.locator("h2")).to_have_text("Antonia Urrejola")
    expect(panel.locator(".office")).to_contain_text("Minister of Foreign Affairs")


def test_markup_in_an_article_is_shown_as_text_and_never_runs(page: Any, site: Site) -> None:
    img = '<img src=x onerror="window.__xss=1;alert(1)">'
    script = "<script>window.__xss=2;alert(2)</script>"
    title = '<b onmouseover="alert(3)">Markup</b> in a title'
    text = (f"Chilean Foreign Minister Antonia Urrejola wrote {img} in a note. "
            f"Venezuelan Foreign Minister Carlos Faria replied {script} on Tuesday.")
    page.goto(f"{site.url}/#/ingest")
    page.fill("#doc-title", title)
    page.fill("#doc-text", text)
    page.fill("#api-key", site.write_key)
    page.locator("#api-key").dispatch_event("change")
    page.click("#preview-extract")
    expect(page.locator(".preview-text")).to_have_text(text)
    page.click("#load-document")
    link = page.locator("#loaded-doc-link")
    expect(link).to_have_text(title)
    link.click()

    expect(page.locator(".doc-title")).to_have_text(title)
    expect(page.locator("#doc-text")).to_have_text(text)
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("main script, main b").count() == 0
    page.locator(".doc-title").hover()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.probe.dialogs == []
    # The document list shows the title literally too.
    page.goto(f"{site.url}/#/documents")
    expect(page.locator("#documents-table")).to_contain_text(title)
    assert page.evaluate("window.__xss") is None
    assert page.probe.dialogs == []


def test_graph_tools_expand_hide_filter_and_back(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/#/entity?id={quote(MADURO, safe='')}")
    wait_graph(page)
    before = page.evaluate("window.intelgraph.graph.size")
    office = "office:president@country:VEN"
    # Click the office node on the canvas: the panel shows the office and the URL selects it.
    pos = page.evaluate(f"window.intelgraph.graph.cy.$id('{office}').renderedPosition()")
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    expect(page.locator(".entity-panel h2")).to_have_text("President (Venezuela)")
    assert quote(office, safe="") in page.url

    page.keyboard.press("e")  # expand: the office's jurisdiction (Venezuela) joins the graph
    page.wait_for_function(f"() => window.intelgraph.graph.size > {before}")
    assert page.evaluate("window.intelgraph.graph.element('country:VEN') !== null")
    assert "x=" in page.url

    page.keyboard.press("h")  # hide the selected office
    expect(page.locator("#show-hidden")).to_have_text("Show 1 hidden")
    assert page.evaluate(f"window.intelgraph.graph.cy.$id('{office}').visible()") is False

    events = page.evaluate("window.intelgraph.graph.cy.nodes('[type = \"Event\"]').length")
    assert events > 0
    page.locator(".type-chip[data-type=Event]").click()
    visible_events = "window.intelgraph.graph.cy.nodes('[type = \"Event\"]:visible').length"
    page.wait_for_function(f"() => {visible_events} === 0")
    expect(page.locator(".type-chip[data-type=Event]")).to_have_attribute("aria-pressed", "false")

    page.go_back()  # filter off again
    page.wait_for_function(f"() => {visible_events} === {events}")
    page.go_back()  # the office is visible again
    page.wait_for_function(f"() => window.intelgraph.graph.cy.$id('{office}').visible()")


def test_unknown_entity_shows_the_problem(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/#/entity?id=person%3Anobody-at-all")
    problem = page.locator(".graph-overlay .problem")
    expect(problem).to_contain_text("404")
    expect(problem).to_contain_text("person:nobody-at-all")
