// Path finder: two actors -> shortest paths drawn on a graph and listed hop by hop, each hop with
// the sentences that support it. URL params: from, to, mode, k, max_hops, sel (path index), view
// ("actors": paths between actors only, each hop the links between two actors; js/actors.js).

import { api, problemBox, loading, empty } from "../api.js";
import { h, replace, markedSentence, findSpan } from "../dom.js";
import { GraphView } from "../graph.js";
import { go, href } from "../router.js";
import { autocomplete, typeBadge } from "../search.js";
import { gradeBadge, humanType, entityLink } from "../panels.js";
import { isLinkId } from "../actors.js";
import { exportButtons } from "../export.js";

export class PathsView {
  constructor(root) {
    this.root = root;
    this.fromInput = h("input", { id: "path-from", class: "actor", required: true, placeholder: "From: person, country, office…" });
    this.toInput = h("input", { id: "path-to", class: "actor", required: true, placeholder: "To: person, country, office…" });
    this.mode = h("select", { id: "path-mode", onchange: () => { this.k.disabled = this.mode.value !== "k_shortest"; } },
      h("option", { value: "shortest" }, "All shortest"), h("option", { value: "k_shortest" }, "k shortest"), h("option", { value: "all" }, "All (≤ max hops)"));
    this.k = h("input", { id: "path-k", type: "number", min: 1, max: 20, value: 5, disabled: true, class: "num", title: "k" });
    this.maxHops = h("input", { id: "path-hops", type: "number", min: 1, max: 6, value: 4, class: "num", title: "Maximum hops" });
    this.actors = h("input", { id: "path-actors", type: "checkbox", title: "Actor view: hops between actors, events and statements collapsed into links" });
    const form = h("form", { class: "toolbar path-form", onsubmit: (e) => this.submit(e) },
      h("label", { for: "path-from", class: "sr-only" }, "From"), this.fromInput,
      h("button", { type: "button", class: "btn", title: "Swap", onclick: () => this.swap() }, "⇄"),
      h("label", { for: "path-to", class: "sr-only" }, "To"), this.toInput,
      h("label", null, "Mode ", this.mode), h("label", null, "k ", this.k), h("label", null, "Max hops ", this.maxHops),
      h("label", { for: "path-actors" }, this.actors, " Actors"),
      h("button", { class: "btn btn-primary", type: "submit", id: "find-paths" }, "Find paths"),
      exportButtons(() => this.graph, () => `paths-${this.fromInput.dataset.id || "from"}-${this.toInput.dataset.id || "to"}`));
    this.graphEl = h("div", { class: "graph", id: "paths-graph" });
    this.overlay = h("div", { class: "graph-overlay" });
    this.list = h("aside", { class: "side", id: "paths-list", "aria-label": "Paths" });
    root.replaceChildren(h("div", { class: "workspace" },
      h("section", { class: "center" }, form, h("div", { class: "graph-wrap" }, this.graphEl, this.overlay)),
      this.list));
    autocomplete(this.fromInput, { types: ["Person", "Organization", "Country", "Office"] });
    autocomplete(this.toInput, { types: ["Person", "Organization", "Country", "Office"] });
    this.graph = new GraphView(this.graphEl, { onSelect: (el) => { if (el.isEdge() && !isLinkId(el.id())) go("provenance", { id: el.id() }); } });
    window.intelgraph.graph = this.graph;
  }

  swap() {
    const [a, b] = [this.fromInput.value, this.toInput.value];
    const [ia, ib] = [this.fromInput.dataset.id, this.toInput.dataset.id];
    this.fromInput.value = b; this.toInput.value = a;
    if (ib) this.fromInput.dataset.id = ib; else delete this.fromInput.dataset.id;
    if (ia) this.toInput.dataset.id = ia; else delete this.toInput.dataset.id;
  }

  submit(e) {
    e.preventDefault();
    const from = this.fromInput.dataset.id || this.fromInput.value.trim();
    const to = this.toInput.dataset.id || this.toInput.value.trim();
    if (!from || !to) return;
    go("paths", { from, to, mode: this.mode.value === "shortest" ? null : this.mode.value,
      k: this.mode.value === "k_shortest" ? this.k.value : null, max_hops: this.maxHops.value === "4" ? null : this.maxHops.value,
      view: this.actors.checked ? "actors" : null });
  }

  async render(params) {
    this.mode.value = params.mode || "shortest";
    this.k.disabled = this.mode.value !== "k_shortest";
    this.k.value = params.k || 5;
    this.maxHops.value = params.max_hops || 4;
    this.actors.checked = params.view === "actors";
    if (params.from && !this.fromInput.value) this.fromInput.value = params.from;
    if (params.to && !this.toInput.value) this.toInput.value = params.to;
    if (!params.from || !params.to) {
      replace(this.overlay, empty("Pick two actors to see how they are connected.", "Each hop lists the sentences that support it."));
      this.overlay.hidden = false;
      this.list.replaceChildren(empty("No paths yet."));
      return;
    }
    const key = JSON.stringify([params.from, params.to, params.mode, params.k, params.max_hops, params.view]);
    if (key !== this.key) {
      this.key = key;
      replace(this.overlay, loading("Finding paths…"));
      this.overlay.hidden = false;
      this.list.replaceChildren();
      try {
        this.data = await api("/api/paths", { params: { from: params.from, to: params.to, mode: params.mode, k: params.k, max_hops: params.max_hops, view: params.view === "actors" ? "actors" : null } });
      } catch (err) {
        this.data = null;
        this.graph.set({ nodes: [], edges: [] });
        replace(this.overlay, problemBox(err));
        return;
      }
      const d = this.data;
      this.fromInput.value = d.from.label; this.fromInput.dataset.id = d.from.id;
      this.toInput.value = d.to.label; this.toInput.dataset.id = d.to.id;
      if (!d.paths.length) {
        this.graph.set({ nodes: [], edges: [] });
        replace(this.overlay, empty(`No path between ${d.from.label} and ${d.to.label} within ${params.max_hops || 4} hops.`, "Try more hops or another mode."));
        this.list.replaceChildren(empty("No paths."));
        return;
      }
      this.overlay.hidden = true;
      const graph = d.graph && d.graph.nodes && d.graph.nodes.length ? d.graph : graphFromPaths(d.paths);
      await this.graph.set(graph, { layout: "breadthfirst" });
      this.drawList(d);
    }
    this.choose(Number(params.sel || 0), false);
  }

  choose(i, push = true) {
    const p = this.data && this.data.paths[i];
    if (!p) return;
    if (push) { go("paths", { ...this.currentParams(), sel: i || null }, { replace: true }); }
    this.graph.highlight(p.nodes.map((n) => n.id), p.hops.map((hop) => hop.fact_id), [this.data.from.id, this.data.to.id]);
    this.list.querySelectorAll(".path").forEach((el, j) => el.classList.toggle("current", j === i));
  }

  currentParams() {
    const raw = location.hash.split("?")[1] || "";
    return Object.fromEntries(new URLSearchParams(raw));
  }

  drawList(d) {
    const label = Object.fromEntries(d.paths.flatMap((p) => p.nodes.map((n) => [n.id, n])));
    this.list.replaceChildren(h("div", { class: "panel-body" },
      h("h2", null, `${d.paths.length} path${d.paths.length > 1 ? "s" : ""}`),
      h("p", { class: "muted" }, entityLink(d.from), " → ", entityLink(d.to), ` · ${humanType(d.mode)}`),
      h("ol", { class: "paths" }, d.paths.map((p, i) => h("li", { class: "path", dataset: { index: i } },
        h("button", { type: "button", class: "path-head", onclick: () => this.choose(i) },
          `Path ${i + 1} · ${p.length} hop${p.length > 1 ? "s" : ""}: `, p.nodes.map((n) => n.label).join(" → ")),
        h("ol", { class: "hops" }, p.hops.map((hop) => {
          const src = label[hop.source] || { id: hop.source, label: hop.source };
          const tgt = label[hop.target] || { id: hop.target, label: hop.target };
          return h("li", { class: "hop" },
            h("div", { class: "hop-line" }, typeBadge(src.type), " ", entityLink(src), h("span", { class: "rel" }, ` —${humanType(hop.type)}→ `), typeBadge(tgt.type), " ", entityLink(tgt)),
            h("div", { class: "fact-meta" }, `${hop.sources ?? 1} source${hop.sources === 1 ? "" : "s"}`, hop.properties && hop.properties.role ? ` · role ${hop.properties.role}` : "",
              hop.properties && hop.properties.events ? ` · ${hop.properties.events} event${hop.properties.events === 1 ? "" : "s"}` : "",
              isLinkId(hop.fact_id) ? null : [" ", h("a", { class: "btn btn-small", href: href("provenance", { id: hop.fact_id }) }, "Provenance")]),
            (hop.evidence || []).length
              ? h("ul", { class: "hop-evidence" }, hop.evidence.map((ev) => {
                  const [a, b] = ev.marked ? [ev.marked.start, ev.marked.end] : findSpan(ev.sentence, ev.text);
                  return h("li", null, gradeBadge(ev.reliability), " ", h("a", { href: href("doc", { id: ev.doc_id, hl: hop.fact_id }) }, ev.doc_title || ev.doc_id),
                    ev.published ? h("span", { class: "muted" }, ` · ${ev.published}`) : null,
                    h("blockquote", { class: "evidence-sentence" }, markedSentence(ev.sentence, a, b)));
                }))
              : h("p", { class: "muted" }, "No evidence recorded for this hop."));
        })))))));
  }

  destroy() { this.graph.destroy(); }
}

function graphFromPaths(paths) {
  const nodes = new Map();
  const edges = new Map();
  for (const p of paths) {
    for (const n of p.nodes) nodes.set(n.id, n);
    for (const hop of p.hops) edges.set(hop.fact_id, { id: hop.fact_id, source: hop.source, target: hop.target, type: hop.type, properties: hop.properties || {}, sources: hop.sources });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
