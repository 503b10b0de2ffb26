// Explore: an entity's neighbourhood as a graph (centre), its profile or a fact's provenance (right).
// URL params: id, depth, from, to, x (expanded ids), hide (hidden ids), ft (filtered types),
// layout, sel (selected element), panel ("prov" shows provenance of sel), view ("actors": the
// actor view, events and statements collapsed into actor-to-actor links; js/actors.js).

import { api, seg, problemBox, loading, empty } from "../api.js";
import { h, replace } from "../dom.js";
import { GraphView, TYPES, TYPE_STYLE } from "../graph.js";
import { href, update, listParam, parseHash } from "../router.js";
import { isEntityId, loadEntityPanel, loadProvenancePanel } from "../panels.js";
import { actorToggle, isLinkId, linkPanel } from "../actors.js";
import { exportButtons } from "../export.js";

const DATE_PATTERN = "\\d{4}(-\\d{2}(-\\d{2})?)?";

export class ExploreView {
  constructor(root) {
    this.root = root;
    this.params = {};
    this.loadedKey = null;
    this.expanded = new Set();
    this.links = new Map();
    this.controller = null;
    this.panelController = null;
    this.build();
  }

  build() {
    this.depth = h("select", { id: "depth", title: "Hops from the entity", onchange: () => update({ depth: this.depth.value === "1" ? null : this.depth.value, x: null }) },
      [1, 2, 3].map((d) => h("option", { value: String(d) }, `${d} hop${d > 1 ? "s" : ""}`)));
    this.from = h("input", { id: "time-from", class: "date", placeholder: "from YYYY-MM-DD", pattern: DATE_PATTERN, title: "Time window start (YYYY, YYYY-MM or YYYY-MM-DD)", size: 11 });
    this.to = h("input", { id: "time-to", class: "date", placeholder: "to YYYY-MM-DD", pattern: DATE_PATTERN, title: "Time window end", size: 11 });
    const applyWindow = (e) => {
      e.preventDefault();
      if (!this.windowForm.reportValidity()) return;
      update({ from: this.from.value.trim() || null, to: this.to.value.trim() || null });
    };
    this.windowForm = h("form", { class: "window", onsubmit: applyWindow }, h("label", { class: "sr-only", for: "time-from" }, "From"), this.from, "–",
      h("label", { class: "sr-only", for: "time-to" }, "To"), this.to, h("button", { class: "btn", type: "submit", title: "Apply the time window" }, "Apply"));
    this.layoutSel = h("select", { id: "layout", title: "Layout", onchange: () => { update({ layout: this.layoutSel.value === "fcose" ? null : this.layoutSel.value }, { replace: true }); this.graph.layout(this.layoutSel.value); } },
      [["fcose", "Force"], ["concentric", "Concentric"], ["breadthfirst", "Tree"], ["grid", "Grid"]].map(([v, t]) => h("option", { value: v }, t)));
    const btn = (label, key, title, fn, id) => h("button", { class: "btn", type: "button", id, title: `${title} (${key})`, "aria-keyshortcuts": key, onclick: fn }, label);
    this.actorsSlot = h("span", { class: "actors-slot" });
    this.hiddenBtn = h("button", { class: "btn", type: "button", id: "show-hidden", hidden: true, onclick: () => update({ hide: null }) }, "");
    this.legend = h("div", { class: "legend", role: "group", "aria-label": "Filter by type" });
    this.graphEl = h("div", { class: "graph", id: "graph", tabindex: "0", "aria-label": "Graph of the entity's neighbourhood" });
    this.overlay = h("div", { class: "graph-overlay" });
    this.status = h("div", { class: "statusbar", role: "status" });
    this.side = h("aside", { class: "side", id: "side-panel", "aria-label": "Details", tabindex: "-1" });
    this.root.replaceChildren(h("div", { class: "workspace" },
      h("section", { class: "center" },
        h("div", { class: "toolbar" },
          this.depth, this.windowForm, this.layoutSel,
          btn("Expand", "e", "Add the selected node's neighbours", () => this.expandSelected(), "btn-expand"),
          btn("Hide", "h", "Hide the selected nodes", () => this.hideSelected(), "btn-hide"),
          btn("Pin", "p", "Pin / unpin the selected nodes (layouts leave pinned nodes where they are)", () => this.pinSelected(), "btn-pin"),
          btn("Re-layout", "l", "Lay out the graph again", () => this.graph.layout(this.layoutSel.value), "btn-layout"),
          btn("Fit", "f", "Fit the graph to the screen", () => this.graph.fit(), "btn-fit"),
          this.actorsSlot,
          exportButtons(() => this.graph, () => `${this.params.id || "graph"}${this.params.view === "actors" ? "-actors" : ""}`),
          this.hiddenBtn),
        this.legend,
        h("div", { class: "graph-wrap" }, this.graphEl, this.overlay),
        this.status),
      this.side));
    this.graph = new GraphView(this.graphEl, {
      onSelect: (el) => update({ sel: el.id(), panel: null }),
      onOpen: (node) => { if (isEntityId(node.id())) this.expand(node.id()); },
      onEmptyTap: () => { if (this.params.sel) update({ sel: null, panel: null }); },
    });
    window.intelgraph.graph = this.graph;
  }

  setOverlay(node) { replace(this.overlay, node); this.overlay.hidden = !node; }

  async render(params) {
    this.params = params;
    if (!params.id) {
      this.setOverlay(empty("Search for a person, country, office or organisation to start.", "Press / to search. Try “Maduro” or “Venezuela”."));
      this.side.replaceChildren(empty("Nothing selected."));
      return;
    }
    this.depth.value = params.depth || "1";
    this.from.value = params.from || "";
    this.to.value = params.to || "";
    this.layoutSel.value = params.layout === "cose" ? "fcose" : (params.layout || "fcose");
    replace(this.actorsSlot, actorToggle(params.view === "actors", (on) => update({ view: on ? "actors" : null, x: null, sel: null, panel: null })));
    const key = JSON.stringify([params.id, params.depth || "1", params.from || "", params.to || "", params.view || ""]);
    const wantX = listParam(params.x);
    // Without a selection the panel does not depend on the graph: fetch both at once.
    if (!params.sel) this.renderPanel(params);
    if (key !== this.loadedKey || [...this.expanded].some((x) => !wantX.includes(x))) {
      await this.loadAll(params, key, wantX);
    } else {
      const fresh = wantX.filter((x) => !this.expanded.has(x));
      for (const x of fresh) await this.loadExpansion(x, true);
    }
    this.graph.setHidden(listParam(params.hide));
    this.graph.setFilteredTypes(listParam(params.ft));
    this.renderLegend();
    this.renderHiddenButton();
    this.renderPanel(params);
  }

  neighbourhoodParams(depth) {
    return { depth, from: this.params.from, to: this.params.to, view: this.params.view === "actors" ? "actors" : null };
  }

  async loadAll(params, key, wantX) {
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.loadedKey = null;
    this.expanded = new Set();
    this.links = new Map();
    this.setOverlay(loading("Loading the neighbourhood…"));
    try {
      const data = await api(`/api/entities/${seg(params.id)}/neighbourhood`, { params: this.neighbourhoodParams(params.depth || 1), signal });
      const extra = [];
      for (const x of wantX) {
        if (x === params.id) continue;
        try {
          extra.push(await api(`/api/entities/${seg(x)}/neighbourhood`, { params: this.neighbourhoodParams(1), signal }));
          this.expanded.add(x);
        } catch (err) { if (err.name === "AbortError") throw err; }
      }
      const merged = mergeGraphs([data, ...extra]);
      for (const g of [data, ...extra]) for (const link of g.links || []) this.links.set(link.id, link);
      this.truncated = Boolean(data.truncated);
      this.loadedKey = key;
      if (!merged.nodes.length) {
        this.graph.set({ nodes: [], edges: [] });
        this.setOverlay(empty("No connections found.", params.from || params.to ? "Widen the time window." : null));
        return;
      }
      this.setOverlay(null);
      await this.graph.set(merged, { center: params.id, layout: this.layoutSel.value });
      this.renderStatus();
    } catch (err) {
      if (err.name === "AbortError") return;
      this.graph.set({ nodes: [], edges: [] });
      this.setOverlay(problemBox(err));
    }
  }

  async loadExpansion(id, layout) {
    try {
      const data = await api(`/api/entities/${seg(id)}/neighbourhood`, { params: this.neighbourhoodParams(1) });
      this.expanded.add(id);
      for (const link of data.links || []) this.links.set(link.id, link);
      const added = this.graph.merge(data, { near: id });
      if (layout && added.length) await this.graph.layout(this.layoutSel.value, { animate: this.graph.size <= 80, incremental: true });
      this.renderStatus(added.length ? `${added.length} node${added.length > 1 ? "s" : ""} added` : "No new neighbours");
    } catch (err) {
      this.renderStatus(null, err);
    }
  }

  expand(id) {
    if (!isEntityId(id)) { this.renderStatus("Statements and events cannot be expanded; their participants are already shown."); return; }
    const x = listParam(this.params.x);
    if (id === this.params.id || x.includes(id)) { this.renderStatus("Already expanded"); return; }
    update({ x: [...x, id] });
  }

  expandSelected() {
    const nodes = this.graph.selected().nodes();
    if (!nodes.length) { this.renderStatus("Select a node to expand (click it, or double-click to expand directly)."); return; }
    this.expand(nodes[0].id());
  }

  hideSelected() {
    const ids = this.graph.selected().nodes().map((n) => n.id());
    if (!ids.length) { this.renderStatus("Select a node to hide."); return; }
    update({ hide: [...new Set([...listParam(this.params.hide), ...ids])], sel: null, panel: null });
  }

  pinSelected() {
    const nodes = this.graph.selected().nodes();
    if (!nodes.length) { this.renderStatus("Select a node to pin."); return; }
    const states = nodes.map((n) => this.graph.togglePin(n));
    this.renderStatus(states[0] ? "Pinned: layouts leave it in place" : "Unpinned");
  }

  renderLegend() {
    const counts = this.graph.typeCounts();
    const filtered = new Set(listParam(this.params.ft));
    const chips = TYPES.filter((t) => counts[t] || filtered.has(t)).map((t) => {
      const on = !filtered.has(t);
      return h("button", {
        type: "button", class: ["type-chip", on ? "on" : "off"], "aria-pressed": String(on), dataset: { type: t },
        style: { "--badge": TYPE_STYLE[t].color }, title: on ? `Hide ${t} nodes` : `Show ${t} nodes`,
        onclick: () => {
          const next = new Set(filtered);
          if (on) next.add(t); else next.delete(t);
          update({ ft: [...next] });
        },
      }, h("span", { class: "swatch", "aria-hidden": "true" }), `${t} ${counts[t] || 0}`);
    });
    replace(this.legend, chips.length ? [h("span", { class: "muted" }, "Show:"), chips] : []);
  }

  renderHiddenButton() {
    const n = listParam(this.params.hide).length;
    this.hiddenBtn.hidden = n === 0;
    this.hiddenBtn.textContent = `Show ${n} hidden`;
  }

  renderStatus(message, err) {
    const cy = this.graph.cy;
    const visible = cy.nodes(":visible").length;
    replace(this.status,
      h("span", null, `${visible} of ${cy.nodes().length} nodes · ${cy.edges(":visible").length} edges`),
      this.truncated ? h("span", { class: "warn" }, " · truncated: the neighbourhood has more nodes than the limit") : null,
      this.graph.lastLayoutMs ? h("span", { class: "muted" }, ` · layout ${Math.round(this.graph.lastLayoutMs)} ms`) : null,
      message ? h("span", { class: "note" }, ` · ${message}`) : null,
      err ? problemBox(err) : null);
  }

  renderPanel(params) {
    const sel = params.sel || params.id;
    if (this.panelKey === `${sel}|${params.panel}` && this.side.firstChild) return;
    this.panelKey = `${sel}|${params.panel}`;
    if (this.panelController) this.panelController.abort();
    this.panelController = new AbortController();
    const el = this.graph.select(params.sel || "");
    const type = el ? el.data("type") : null;
    const isEntity = el ? (el.isNode() && type !== "Statement" && type !== "Event") : isEntityId(sel);
    const factLink = (fid) => href("entity", { ...parseHash().params, sel: fid, panel: "prov" });
    const body = h("div", { class: "panel-body" });
    const back = params.sel ? h("a", { class: "back", href: href("entity", { ...params, sel: null, panel: null }) }, "← Back to ", params.id) : null;
    replace(this.side, back, body);
    if (isLinkId(sel) && this.links.has(sel)) {
      const labels = {};
      this.graph.cy.nodes().forEach((n) => { labels[n.id()] = { id: n.id(), type: n.data("type"), label: n.data("label") }; });
      replace(body, linkPanel(this.links.get(sel), labels));
      return;
    }
    if (isEntity && params.panel !== "prov") {
      loadEntityPanel(body, sel, { factLink, centerLink: sel !== params.id ? href("entity", { id: sel }) : null }, this.panelController.signal);
    } else {
      loadProvenancePanel(body, sel, this.panelController.signal);
    }
  }

  key(e) {
    const k = e.key.toLowerCase();
    if (k === "e") this.expandSelected();
    else if (k === "h") this.hideSelected();
    else if (k === "p") this.pinSelected();
    else if (k === "l") this.graph.layout(this.layoutSel.value);
    else if (k === "f") this.graph.fit();
    else if (k === "a") update({ view: this.params.view === "actors" ? null : "actors", x: null, sel: null, panel: null });
    else return false;
    return true;
  }

  destroy() {
    if (this.controller) this.controller.abort();
    this.graph.destroy();
  }
}

export function mergeGraphs(graphs) {
  const nodes = new Map();
  const edges = new Map();
  for (const g of graphs) {
    for (const n of g.nodes || []) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of g.edges || []) if (!edges.has(e.id)) edges.set(e.id, e);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
