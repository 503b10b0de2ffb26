// The explorer's shell: header search, navigation, the hash router and keyboard shortcuts.
// Each view is a class with render(params) and optional key(event) / destroy().

import { h } from "./dom.js";
import { parseHash, go } from "./router.js";
import { autocomplete } from "./search.js";
import { ExploreView } from "./views/explore.js";
import { PathsView } from "./views/paths.js";
import { TiesView } from "./views/ties.js";
import { QueriesView } from "./views/queries.js";
import { IngestView } from "./views/ingest.js";
import { DocumentView } from "./views/document.js";
import { HomeView, DocumentsView, ProvenanceView, shortcutsTable } from "./views/simple.js";

window.intelgraph = window.intelgraph || {};

const VIEWS = {
  home: { cls: HomeView, nav: null, title: "Home" },
  entity: { cls: ExploreView, nav: "entity", title: "Explore" },
  paths: { cls: PathsView, nav: "paths", title: "Paths" },
  ties: { cls: TiesView, nav: "ties", title: "Ties" },
  queries: { cls: QueriesView, nav: "queries", title: "Saved queries" },
  documents: { cls: DocumentsView, nav: "documents", title: "Documents" },
  doc: { cls: DocumentView, nav: "documents", title: "Document" },
  ingest: { cls: IngestView, nav: "ingest", title: "Ingest" },
  provenance: { cls: ProvenanceView, nav: null, title: "Provenance" },
};

const main = document.getElementById("main");
let current = { name: null, view: null };
let renderSeq = 0;

async function route() {
  const { view, params } = parseHash();
  const spec = VIEWS[view] || VIEWS.home;
  const name = VIEWS[view] ? view : "home";
  if (current.name !== name) {
    if (current.view && current.view.destroy) current.view.destroy();
    const root = h("div", { class: `view view-${name}` });
    main.replaceChildren(root);
    current = { name, view: new spec.cls(root) };
  }
  // A tab returns to where the analyst left it (the last entity, path search, ties or query).
  if (["entity", "paths", "ties", "queries"].includes(name) && Object.keys(params).length) {
    document.querySelector(`nav.views a[data-view="${name}"]`).setAttribute("href", location.hash);
  }
  document.querySelectorAll("nav.views a").forEach((a) => a.setAttribute("aria-current", a.dataset.view === spec.nav ? "page" : "false"));
  document.title = `${spec.title} · intelgraph`;
  const seq = ++renderSeq;
  document.body.dataset.busy = "1";
  try {
    await current.view.render(params);
  } finally {
    if (seq === renderSeq) {
      delete document.body.dataset.busy;
      document.body.dataset.rendered = String(seq);
    }
  }
}

// Header search: open the picked entity (statements open their provenance).
const searchInput = document.getElementById("search");
autocomplete(searchInput, {
  limit: 10,
  onPick: (r) => {
    searchInput.blur();
    if (r.type === "Statement") go("provenance", { id: r.id });
    else go("entity", { id: r.id });
    setTimeout(() => { searchInput.value = ""; }, 0);
  },
});

// Keyboard: "/" searches, "?" helps, "g x" goes to a view, the rest goes to the current view.
const help = document.getElementById("help");
help.querySelector(".help-body").replaceChildren(shortcutsTable());
document.getElementById("help-button").addEventListener("click", () => help.showModal());
let pendingG = false;
document.addEventListener("keydown", (e) => {
  const t = e.target;
  const typing = t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === "/") { e.preventDefault(); searchInput.focus(); searchInput.select(); return; }
  if (e.key === "?") { e.preventDefault(); help.showModal(); return; }
  if (pendingG) {
    pendingG = false;
    const target = { x: "entity", p: "paths", t: "ties", q: "queries", d: "documents", i: "ingest", h: "home" }[e.key];
    if (target) { e.preventDefault(); go(target, {}); }
    return;
  }
  if (e.key === "g") { pendingG = true; setTimeout(() => { pendingG = false; }, 1200); return; }
  if (current.view && current.view.key && current.view.key(e)) e.preventDefault();
});

window.addEventListener("hashchange", route);
route();
