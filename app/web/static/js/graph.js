// The graph canvas: a Cytoscape.js instance styled by entity type, with expand / hide / pin /
// re-layout / type filter / fit. Cytoscape is vendored (app/web/vendor) and loaded as a classic
// script before the modules, so it is the global `cytoscape`.

export const TYPES = ["Person", "Office", "Country", "Organization", "Border", "Event", "Statement", "Document"];

export const TYPE_STYLE = {
  Person: { color: "#2563eb", shape: "ellipse" },
  Office: { color: "#c2410c", shape: "round-rectangle" },
  Country: { color: "#047857", shape: "hexagon" },
  Organization: { color: "#7c3aed", shape: "barrel" },
  Border: { color: "#78716c", shape: "rhomboid" },
  Event: { color: "#dc2626", shape: "diamond" },
  Statement: { color: "#0e7490", shape: "bottom-round-rectangle" },
  Document: { color: "#475569", shape: "rectangle" },
};

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const BIG = 250; // above this many nodes, favour speed over animation and edge labels

function shortLabel(text, max = 42) {
  const t = String(text ?? "");
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function style() {
  const rules = [
    { selector: "node", style: {
      "background-color": "#64748b", label: "data(display)", "font-family": FONT, "font-size": 11,
      color: "#1e293b", "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "ellipsis",
      "text-max-width": 160, width: 28, height: 28, "border-width": 2, "border-color": "#ffffff",
      "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 1,
      "min-zoomed-font-size": 7 } },
    { selector: "edge", style: {
      width: "mapData(sources, 1, 5, 1.5, 5)", "line-color": "#94a3b8", "target-arrow-color": "#94a3b8",
      "target-arrow-shape": "triangle", "arrow-scale": 0.9, "curve-style": "bezier",
      label: "data(display)", "font-family": FONT, "font-size": 9, color: "#475569",
      "text-rotation": "autorotate", "text-background-color": "#f8fafc", "text-background-opacity": 0.85,
      "text-background-padding": 1, "min-zoomed-font-size": 8 } },
    { selector: "node.center", style: { width: 40, height: 40, "border-color": "#0f172a", "border-width": 3, "font-weight": "bold" } },
    { selector: "node.pinned", style: { "border-style": "double", "border-width": 5, "border-color": "#0f172a" } },
    { selector: ":selected", style: { "overlay-color": "#2563eb", "overlay-opacity": 0.18, "overlay-padding": 6 } },
    { selector: "edge:selected", style: { "line-color": "#2563eb", "target-arrow-color": "#2563eb", width: 4 } },
    { selector: ".hidden, .filtered, .outside", style: { display: "none" } },
    { selector: "edge[?undirected]", style: { "target-arrow-shape": "none" } },
    // Only edges get the thick path line: a `width` on nodes would shrink them to slivers.
    { selector: "edge.path", style: { "line-color": "#ea580c", "target-arrow-color": "#ea580c", width: 4, "z-index": 10 } },
    { selector: "node.path", style: { "border-color": "#ea580c", "border-width": 4, "z-index": 10 } },
    { selector: ".faded", style: { opacity: 0.25 } },
    { selector: "node.endpoint", style: { width: 40, height: 40, "border-color": "#ea580c", "border-width": 5 } },
    { selector: "node.big", style: { "min-zoomed-font-size": 12 } },
  ];
  for (const [type, st] of Object.entries(TYPE_STYLE)) {
    rules.splice(2, 0, { selector: `node[type = "${type}"]`, style: { "background-color": st.color, shape: st.shape } });
  }
  return rules;
}

/** A node's display label; event labels from the API are raw type names ("break_diplomatic_ties").
 * An event shows its participants (when the API sends them) and its date. */
export function nodeLabel(n) {
  const label = n.label ?? n.id;
  if (n.type !== "Event") return label;
  const props = n.properties || {};
  let text = String(props.type || label).replace(/_/g, " ");
  const who = Array.isArray(props.participants) ? props.participants.filter(Boolean) : [];
  if (who.length) text = `${text}: ${who.slice(0, 3).join(", ")}${who.length > 3 ? ` +${who.length - 3}` : ""}`;
  return props.date && !text.includes(props.date) ? `${text} · ${props.date}` : text;
}

/** An edge's display label: its type, and for an actor link how many events make it. */
export function edgeLabel(e) {
  const text = String(e.type || "").toLowerCase().replace(/_/g, " ");
  const n = e.properties && e.properties.actor_link ? e.properties.events : null;
  return n > 1 ? `${text} ×${n}` : text;
}

function toElements(graph) {
  const nodes = (graph.nodes || []).map((n) => ({
    group: "nodes",
    data: { ...n, id: n.id, type: n.type, label: n.label ?? n.id,
            display: shortLabel(nodeLabel(n), n.type === "Event" ? 60 : 42) },
  }));
  const edges = (graph.edges || []).map((e) => ({
    group: "edges",
    data: { ...e, id: e.id, source: e.source, target: e.target, type: e.type, sources: e.sources ?? 1,
            undirected: Boolean(e.properties && e.properties.directed === false), display: edgeLabel(e) },
  }));
  return { nodes, edges };
}

let firstGraphMarked = false;

// fCoSE and its two dependencies are vendored UMD scripts (app/web/vendor) loaded after Cytoscape.
const HAS_FCOSE = typeof window.cytoscapeFcose === "function";
if (HAS_FCOSE) cytoscape.use(window.cytoscapeFcose);

export class GraphView {
  constructor(container, { onSelect, onOpen, onEmptyTap } = {}) {
    this.container = container;
    this.onSelect = onSelect || (() => {});
    this.onOpen = onOpen || (() => {});
    this.filteredTypes = new Set();
    this.layoutName = "fcose";
    this.cy = cytoscape({
      container, style: style(), elements: [], minZoom: 0.08, maxZoom: 4,
      boxSelectionEnabled: true, selectionType: "single",
    });
    this.cy.on("tap", "node, edge", (evt) => this.onSelect(evt.target));
    this.cy.on("tap", (evt) => { if (evt.target === this.cy) (onEmptyTap || (() => {}))(); });
    this.cy.on("dbltap", "node", (evt) => this.onOpen(evt.target));
  }

  get size() { return this.cy.nodes().length; }

  resize() { this.cy.resize(); }

  /** Replace the whole graph and lay it out; resolves when the layout has finished. */
  set(graph, { center = null, layout = this.layoutName } = {}) {
    const { nodes, edges } = toElements(graph);
    const t0 = performance.now();
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(nodes);
      const ids = new Set(nodes.map((n) => n.data.id));
      this.cy.add(edges.filter((e) => ids.has(e.data.source) && ids.has(e.data.target)));
      if (center) this.cy.getElementById(center).addClass("center");
      this._applyFilter();
    });
    this._tuneForSize();
    return this.layout(layout, { animate: false, t0 });
  }

  /** Add a graph to the current one (expansion). New nodes start at `near`'s position. Returns new node ids. */
  merge(graph, { near = null } = {}) {
    const { nodes, edges } = toElements(graph);
    const added = [];
    const origin = near ? this.cy.getElementById(near) : null;
    const base = origin && origin.nonempty() ? origin.position() : null;
    this.cy.batch(() => {
      for (const n of nodes) {
        if (this.cy.getElementById(n.data.id).nonempty()) continue;
        if (base) n.position = { x: base.x + (Math.random() - 0.5) * 60, y: base.y + (Math.random() - 0.5) * 60 };
        this.cy.add(n);
        added.push(n.data.id);
      }
      for (const e of edges) {
        if (this.cy.getElementById(e.data.id).nonempty()) continue;
        if (this.cy.getElementById(e.data.source).empty() || this.cy.getElementById(e.data.target).empty()) continue;
        this.cy.add(e);
      }
      this._applyFilter();
    });
    this._tuneForSize();
    return added;
  }

  /** Run a layout over the visible, unpinned nodes (pinned nodes are locked, so they stay). */
  layout(name = this.layoutName, { animate, t0, incremental = false } = {}) {
    if (name === "cose") name = "fcose"; // older links: "cose" was the force layout before fCoSE
    this.layoutName = name;
    const start = t0 ?? performance.now();
    const eles = this.cy.elements(":visible");
    const n = eles.nodes().length;
    const anim = animate ?? (n <= 80);
    const common = { animate: anim, animationDuration: 350, fit: true, padding: 30 };
    let options;
    if (name === "concentric") {
      options = { name, ...common, minNodeSpacing: 24,
        concentric: (node) => (node.hasClass("center") ? 100 : node.degree()), levelWidth: () => 2 };
    } else if (name === "breadthfirst") {
      const roots = this.cy.nodes(".center:visible");
      options = { name, ...common, directed: false, spacingFactor: 1.1, roots: roots.nonempty() ? roots : undefined };
    } else if (name === "grid") {
      options = { name, ...common, avoidOverlap: true };
    } else if (HAS_FCOSE) {
      // fCoSE: spectral start + force refinement, several times faster than cose on big graphs.
      // A fresh layout (randomize) for a new graph or Re-layout; incremental after an expansion so
      // the analyst's mental map survives. Pinned nodes are fixed constraints.
      const pinned = eles.nodes().filter((nd) => nd.locked())
        .map((nd) => ({ nodeId: nd.id(), position: { ...nd.position() } }));
      // Past BIG nodes a fresh layout is the spectral "draft" alone (measured ~6x faster than the
      // force refinement on 500 nodes; bench/bench_ui.py); incremental layouts need "default".
      const quality = n > BIG && !incremental ? "draft" : "default";
      options = { name: "fcose", ...common, quality, randomize: !incremental,
        nodeDimensionsIncludeLabels: n <= BIG, idealEdgeLength: () => 90, nodeRepulsion: () => 6500,
        nodeSeparation: 90, packComponents: true, fixedNodeConstraint: pinned.length ? pinned : undefined };
    } else {
      options = { name: "cose", ...common, randomize: false, nodeDimensionsIncludeLabels: n <= BIG,
        numIter: n > BIG ? 300 : 1000, idealEdgeLength: () => 80, nodeRepulsion: () => 9000,
        gravity: 0.4, componentSpacing: 60, nestingFactor: 1.2, refresh: 20 };
      if (n > BIG) this._seedPositions(eles.nodes());
    }
    return new Promise((resolve) => {
      const lay = eles.layout(options);
      lay.one("layoutstop", () => {
        const ms = performance.now() - start;
        this.lastLayoutMs = ms;
        try {
          performance.measure("intelgraph:layout", { start, end: performance.now(), detail: { nodes: n, layout: name } });
          if (!firstGraphMarked && n > 0) {
            firstGraphMarked = true;
            performance.mark("intelgraph:first-graph", { detail: { nodes: n, layoutMs: ms } });
          }
        } catch { /* old browsers without User Timing L3 details */ }
        // Never blow a tiny graph up to fill the screen: labels would be huge.
        if (this.cy.zoom() > 1.3) { this.cy.zoom(1.3); this.cy.center(this.cy.elements(":visible")); }
        this.container.dataset.layoutDone = String(Number(this.container.dataset.layoutDone || 0) + 1);
        resolve(ms);
      });
      lay.run();
    });
  }

  _seedPositions(nodes) {
    // A circle of unpinned nodes so cose does not start from a single point.
    const r = 40 * Math.sqrt(nodes.length);
    nodes.filter((nd) => !nd.locked()).forEach((nd, i) => {
      const a = (2 * Math.PI * i) / nodes.length;
      nd.position({ x: r * Math.cos(a), y: r * Math.sin(a) });
    });
  }

  _tuneForSize() {
    const big = this.cy.nodes().length > BIG;
    // Hiding edges during pan/zoom keeps frames short on big graphs.
    this.cy.renderer().hideEdgesOnViewport = big;
    this.cy.renderer().textureOnViewport = big;
    this.cy.nodes().toggleClass("big", big);
  }

  fit() { this.cy.animate({ fit: { eles: this.cy.elements(":visible"), padding: 30 } }, { duration: 250 }); }

  element(id) { const el = this.cy.getElementById(id); return el.nonempty() ? el : null; }

  selected() { return this.cy.$(":selected"); }

  select(id) {
    this.cy.$(":selected").unselect();
    const el = this.element(id);
    if (el) el.select();
    return el;
  }

  setHidden(ids) {
    const set = new Set(ids);
    this.cy.batch(() => {
      this.cy.elements(".hidden").removeClass("hidden");
      for (const id of set) { const el = this.element(id); if (el) el.addClass("hidden"); }
    });
  }

  hiddenIds() { return this.cy.nodes(".hidden").map((n) => n.id()); }

  togglePin(node) {
    if (node.locked()) { node.unlock(); node.removeClass("pinned"); }
    else { node.lock(); node.addClass("pinned"); }
    return node.locked();
  }

  setFilteredTypes(types) {
    this.filteredTypes = new Set(types);
    this.cy.batch(() => this._applyFilter());
  }

  _applyFilter() {
    this.cy.nodes().forEach((n) => n.toggleClass("filtered", this.filteredTypes.has(n.data("type"))));
  }

  typeCounts() {
    const counts = {};
    this.cy.nodes().forEach((n) => { const t = n.data("type"); counts[t] = (counts[t] || 0) + 1; });
    return counts;
  }

  highlight(nodeIds, edgeIds, endpoints = []) {
    this.cy.batch(() => {
      this.cy.elements().removeClass("path faded endpoint");
      if (!nodeIds) return;
      const ns = new Set(nodeIds);
      const es = new Set(edgeIds || []);
      this.cy.elements().forEach((el) => {
        const on = el.isNode() ? ns.has(el.id()) : es.has(el.id());
        el.toggleClass("path", on);
        el.toggleClass("faded", !on);
      });
      for (const id of endpoints) { const el = this.element(id); if (el) el.addClass("endpoint"); }
    });
  }

  destroy() { this.cy.destroy(); }
}
