// Small views: the home page, the document list and a full-width provenance view.

import { api, problemBox, loading, empty } from "../api.js";
import { h, replace, fmtTime } from "../dom.js";
import { href } from "../router.js";
import { gradeBadge, isEntityId, loadProvenancePanel } from "../panels.js";

export const SHORTCUTS = [
  ["/", "Search"], ["Esc", "Close suggestions / dialogs"], ["e", "Expand the selected node"], ["h", "Hide the selected node"],
  ["p", "Pin / unpin the selected node"], ["l", "Re-layout"], ["f", "Fit to screen"], ["a", "Actor view on / off (Explore)"], ["g then x/p/t/q/d/i", "Go to Explore, Paths, Ties, Queries, Documents, Ingest"], ["?", "This help"],
];

export function shortcutsTable() {
  return h("table", { class: "shortcuts" }, h("tbody", null, SHORTCUTS.map(([k, v]) => h("tr", null, h("td", null, h("kbd", null, k)), h("td", null, v)))));
}

function documentsTable(items) {
  return h("table", { class: "data", id: "documents-table" },
    h("thead", null, h("tr", null, ["Grade", "Title", "Source", "Published", "Sentences", "Facts", "Loaded"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", null, items.map((d) => h("tr", null,
      h("td", null, gradeBadge(d.reliability)),
      h("td", null, h("a", { href: href("doc", { id: d.id }) }, d.title || d.id)),
      h("td", null, d.source || ""), h("td", { class: "nowrap" }, d.published || "—"),
      h("td", { class: "num" }, String(d.sentences ?? "")), h("td", { class: "num" }, String(d.facts ?? "")),
      h("td", { class: "small muted nowrap" }, fmtTime(d.ingested_at))))));
}

export class HomeView {
  constructor(root) {
    this.docs = h("div", null, loading("Loading documents…"));
    root.replaceChildren(h("div", { class: "page" },
      h("section", { class: "hero" },
        h("h1", null, "Explore who did what, with whom, and who says so."),
        h("p", null, "Every fact in this graph cites the sentence it was read from. Search for a person, a country or an office to start, or:"),
        h("ul", { class: "quick" },
          h("li", null, h("a", { href: href("paths") }, "Find how two actors are connected")),
          h("li", null, h("a", { href: href("ties") }, "Follow the ties between two countries over time")),
          h("li", null, h("a", { href: href("queries") }, "Run a saved query")),
          h("li", null, h("a", { href: href("ingest") }, "Add a document")))),
      h("section", null, h("h2", null, "Documents"), this.docs, h("p", null, h("a", { href: href("documents") }, "All documents →"))),
      h("section", null, h("h2", null, "Keyboard"), shortcutsTable())));
  }

  async render() {
    try {
      const data = await api("/api/documents", { params: { limit: 10 } });
      replace(this.docs, data.items.length ? documentsTable(data.items) : empty("No documents loaded yet.", "Load some with `intelgraph import` or the Ingest view."));
    } catch (err) { replace(this.docs, problemBox(err)); }
  }
}

export class DocumentsView {
  constructor(root) {
    this.list = h("div", null);
    this.more = h("button", { class: "btn", type: "button", hidden: true, onclick: () => this.page() }, "More");
    root.replaceChildren(h("div", { class: "page" }, h("h2", null, "Documents"), this.list, this.more));
    this.items = [];
    this.cursor = null;
  }

  async render() { if (!this.items.length) await this.page(); }

  async page() {
    if (!this.items.length) replace(this.list, loading());
    try {
      const data = await api("/api/documents", { params: { limit: 50, cursor: this.cursor } });
      this.items.push(...data.items);
      this.cursor = data.next_cursor;
      this.more.hidden = !this.cursor;
      replace(this.list, this.items.length ? documentsTable(this.items) : empty("No documents loaded yet."));
    } catch (err) { replace(this.list, problemBox(err)); }
  }
}

export class ProvenanceView {
  constructor(root) {
    this.body = h("div", { class: "panel-body" });
    this.links = h("div", { class: "actions" });
    root.replaceChildren(h("div", { class: "page narrow" }, this.links, this.body));
  }

  async render(params) {
    if (!params.id) { this.body.replaceChildren(empty("No fact selected.")); return; }
    replace(this.links, h("button", { class: "btn", type: "button", onclick: () => history.back() }, "← Back"),
      isEntityId(params.id) ? h("a", { class: "btn", href: href("entity", { id: params.id }) }, "Open in graph") : null);
    await loadProvenancePanel(this.body, params.id);
  }
}
