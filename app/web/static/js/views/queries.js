// Saved queries: the library (GET /api/queries), a form generated from each query's parameter
// JSON Schema, results as a table and as a graph, and CSV download.
// URL params: name, params (JSON of the form values), run ("1" once the analyst has run it).

import { api, seg, problemBox, loading, empty } from "../api.js";
import { h, replace } from "../dom.js";
import { GraphView } from "../graph.js";
import { go, href } from "../router.js";
import { autocomplete } from "../search.js";
import { isEntityId, humanType } from "../panels.js";

const ENTITY_PARAM_TYPES = {
  country: ["Country"], a: ["Country"], b: ["Country"], country_a: ["Country"], country_b: ["Country"],
  person: ["Person"], speaker: null, about: null, entity: null, from: null, to: null, office: ["Office"],
  organization: ["Organization"], actor: null, id: null, jurisdiction: ["Country", "Organization"], target: null,
};

function mainType(schema) {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== "null") || "string";
  return t || (schema.enum ? "string" : "string");
}

function looksLikeEntityParam(name, schema) {
  if (schema.pattern || schema.format || schema.enum) return false;
  if (/\bid\b/i.test(schema.description || "")) return true;
  if (name in ENTITY_PARAM_TYPES) return true;
  const ex = [...(schema.examples || []), schema.default].filter((v) => typeof v === "string");
  return ex.some((v) => /^(person|country|office|org|border):/.test(v));
}

/** Build a form field for one parameter; returns {row, read()} where read() gives the typed value or undefined. */
export function paramField(name, schema, required, initial) {
  const id = `param-${name}`;
  const type = mainType(schema);
  const value = initial !== undefined ? initial : schema.default;
  let input;
  let read;
  if (schema.enum) {
    input = h("select", { id, name }, required ? null : h("option", { value: "" }, "—"),
      schema.enum.filter((v) => v !== null).map((v) => h("option", { value: String(v), selected: value === v }, String(v))));
    read = () => (input.value === "" ? undefined : schema.enum.find((v) => String(v) === input.value));
  } else if (type === "boolean") {
    input = h("input", { id, name, type: "checkbox", checked: Boolean(value) });
    read = () => input.checked;
  } else if (type === "integer" || type === "number") {
    input = h("input", { id, name, type: "number", class: "num", min: schema.minimum, max: schema.maximum,
      step: type === "integer" ? 1 : "any", value: value === null || value === undefined ? "" : String(value), required });
    read = () => (input.value === "" ? undefined : (type === "integer" ? parseInt(input.value, 10) : Number(input.value)));
  } else if (type === "array") {
    input = h("input", { id, name, value: Array.isArray(value) ? value.join(", ") : "", placeholder: "comma-separated", required });
    const itemType = schema.items ? mainType(schema.items) : "string";
    read = () => {
      const parts = input.value.split(",").map((v) => v.trim()).filter(Boolean);
      if (!parts.length) return undefined;
      return itemType === "integer" || itemType === "number" ? parts.map(Number) : parts;
    };
  } else {
    const ex = (schema.examples || [])[0];
    input = h("input", { id, name, value: value === null || value === undefined ? "" : String(value), required,
      placeholder: ex !== undefined ? `e.g. ${ex}` : (schema.format === "partial-date" || /\\d\{4\}/.test(schema.pattern || "") ? "YYYY-MM-DD" : ""), maxlength: schema.maxLength, minlength: schema.minLength });
    if (schema.pattern) {
      let re = null;
      try { re = new RegExp(schema.pattern, "u"); } catch { re = null; }
      if (re) input.addEventListener("input", () => input.setCustomValidity(input.value && !re.test(input.value) ? `Must match ${schema.pattern}` : ""));
    }
    read = () => (input.value.trim() === "" ? undefined : input.value.trim());
  }
  const row = h("div", { class: "field" },
    h("label", { for: id }, name, required ? h("span", { class: "req", title: "required" }, " *") : null,
      h("span", { class: "muted small" }, ` ${type}`)),
    input,
    schema.description ? h("div", { class: "help" }, schema.description) : null);
  if (input.tagName === "INPUT" && type === "string" && looksLikeEntityParam(name, schema)) {
    // Actor-like parameters get suggestions; the picked entity's id goes into the field.
    queueMicrotask(() => autocomplete(input, { types: ENTITY_PARAM_TYPES[name] || null, onPick: (r) => { input.value = r.id; } }));
  }
  return { row, read, input };
}

function cell(value) {
  if (value === null || value === undefined) return h("span", { class: "muted" }, "—");
  if (Array.isArray(value)) return value.map((v, i) => [i ? ", " : "", cell(v)]);
  if (typeof value === "object") {
    if (value.nodes && value.edges) return h("span", null, `path of ${value.nodes.length} nodes: `, value.nodes.map((n) => n.label || n.id).join(" → "));
    if (value.id && value.source && value.target) return h("a", { href: href("provenance", { id: value.id }) }, humanType(value.type));
    if (value.id) return isEntityId(value.id)
      ? h("a", { href: href("entity", { id: value.id }), title: value.id }, value.label || value.name || value.id)
      : h("a", { href: href("provenance", { id: value.id }), title: value.id }, value.label || value.id);
    return JSON.stringify(value);
  }
  if (typeof value === "string" && looksLikeId(value)) {
    // Every id in a row links somewhere: an entity to its page, a document to its text, any other
    // id (statement, event, relationship fact) to its provenance (the sentences that support it).
    if (isEntityId(value)) return h("a", { href: href("entity", { id: value }), class: "id-link", title: value }, value);
    if (value.startsWith("doc:")) return h("a", { href: href("doc", { id: value }), class: "id-link", title: value }, value);
    return h("a", { href: href("provenance", { id: value }), class: "id-link", title: "Provenance of " + value }, value);
  }
  return String(value);
}

/** An id as the graph writes them ("kind:key", e.g. stmt:1a2b, said:..., country:VEN); not a URL or a time. */
function looksLikeId(value) {
  return /^[a-z][a-z_]*:[^\s]+$/.test(value) && !value.includes("://") && !/^(https?|mailto|urn|data|javascript):/.test(value);
}

export class QueriesView {
  constructor(root) {
    this.root = root;
    this.main = h("section", { class: "center queries-center", "aria-label": "Saved query" });
    this.side = h("aside", { class: "side", "aria-label": "Saved queries" });
    root.replaceChildren(h("div", { class: "workspace" }, this.main, this.side));
    this.graph = null;
  }

  async render(params) {
    this.params = params;
    if (!this.items) {
      this.side.replaceChildren(loading("Loading saved queries…"));
      try {
        this.items = (await api("/api/queries")).items || [];
      } catch (err) {
        this.side.replaceChildren(problemBox(err));
        this.main.replaceChildren(empty("Saved queries are unavailable."));
        return;
      }
    }
    this.drawList(params.name);
    if (!params.name) {
      this.main.replaceChildren(empty("Choose a saved query on the right.", `${this.items.length} queries available.`));
      return;
    }
    const item = this.items.find((q) => q.name === params.name);
    if (!item) { this.main.replaceChildren(problemBox(new Error(`No saved query named “${params.name}”.`))); return; }
    let values = {};
    try { values = params.params ? JSON.parse(params.params) : {}; } catch { values = {}; }
    if (this.formKey !== JSON.stringify([params.name, params.params])) {
      this.formKey = JSON.stringify([params.name, params.params]);
      this.drawForm(item, values);
    }
    if (params.run === "1") await this.run(item, values);
    else replace(this.results, empty("Fill in the parameters and run the query."));
  }

  drawList(current) {
    this.side.replaceChildren(h("div", { class: "panel-body" },
      h("h2", null, "Saved queries"),
      this.items.length ? h("ul", { class: "query-list" }, this.items.map((q) => h("li", { class: q.name === current ? "current" : null },
        h("a", { href: href("queries", { name: q.name }), dataset: { name: q.name } }, h("strong", null, q.name)),
        h("span", { class: "chip" }, q.origin || "shipped"), q.version ? h("span", { class: "muted small" }, ` v${q.version}`) : null,
        q.description ? h("div", { class: "muted small" }, q.description) : null)))
        : empty("No saved queries yet.", "Shipped queries live in cypher/saved/; users save more with POST /api/queries.")));
  }

  drawForm(item, values) {
    const schema = item.parameters || { properties: {} };
    const required = new Set(schema.required || []);
    const fields = Object.entries(schema.properties || {}).map(([name, sch]) => [name, paramField(name, sch, required.has(name), values[name])]);
    this.fields = fields;
    const form = h("form", { class: "query-form", id: "query-form", onsubmit: (e) => {
      e.preventDefault();
      if (!form.reportValidity()) return;
      const out = {};
      for (const [name, f] of fields) { const v = f.read(); if (v !== undefined) out[name] = v; }
      go("queries", { name: item.name, params: JSON.stringify(out), run: "1" });
    } },
    fields.length ? h("div", { class: "fields" }, fields.map(([, f]) => f.row)) : h("p", { class: "muted" }, "This query takes no parameters."),
    h("div", { class: "actions" }, h("button", { class: "btn btn-primary", type: "submit", id: "run-query" }, "Run query")));
    this.results = h("div", { class: "results", id: "query-results" });
    this.cypher = h("details", { class: "cypher", ontoggle: () => this.loadCypher(item) }, h("summary", null, "Cypher"), h("pre", null, ""));
    this.main.replaceChildren(h("div", { class: "query" },
      h("header", { class: "panel-head" }, h("h2", null, item.name), item.description ? h("p", { class: "summary" }, item.description) : null,
        item.columns && item.columns.length ? h("p", { class: "muted small" }, "Columns: ", item.columns.join(", ")) : null),
      form, this.cypher, this.results));
  }

  async loadCypher(item) {
    if (!this.cypher.open || this.cypher.dataset.loaded) return;
    try {
      const full = await api(`/api/queries/${seg(item.name)}`);
      this.cypher.querySelector("pre").textContent = full.cypher || "";
      this.cypher.dataset.loaded = "1";
    } catch (err) { this.cypher.append(problemBox(err)); }
  }

  async run(item, values) {
    replace(this.results, loading("Running…"));
    let res;
    try {
      res = await api(`/api/queries/${seg(item.name)}/run`, { method: "POST", body: { params: values } });
    } catch (err) {
      replace(this.results, problemBox(err));
      return;
    }
    const columns = res.columns && res.columns.length ? res.columns : Object.keys((res.rows || [])[0] || {});
    const table = res.rows.length
      ? h("div", { class: "table-wrap" }, h("table", { class: "data", id: "results-table" },
          h("thead", null, h("tr", null, columns.map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", null, res.rows.map((row) => h("tr", null, columns.map((c) => h("td", null, cell(row[c]))))))))
      : empty("The query returned no rows.");
    const hasGraph = res.graph && res.graph.nodes && res.graph.nodes.length;
    const graphBox = h("div", { class: "graph-wrap result-graph", hidden: true }, h("div", { class: "graph", id: "results-graph" }));
    const tabs = h("div", { class: "tabs", role: "tablist" },
      h("button", { type: "button", role: "tab", class: "tab", "aria-selected": "true", id: "tab-table", onclick: () => this.showTab("table") }, "Table"),
      h("button", { type: "button", role: "tab", class: "tab", "aria-selected": "false", id: "tab-graph", disabled: !hasGraph, title: hasGraph ? "" : "These rows hold no nodes or relationships", onclick: () => this.showTab("graph") }, "Graph"));
    this.tableBox = h("div", { class: "tab-panel" }, table);
    this.graphBox = graphBox;
    this.lastResult = res;
    replace(this.results,
      h("div", { class: "results-head" },
        h("span", { id: "row-count" }, `${res.row_count} row${res.row_count === 1 ? "" : "s"}`), res.truncated ? h("span", { class: "warn" }, " · truncated") : null,
        typeof res.elapsed_ms === "number" ? h("span", { class: "muted" }, ` · ${res.elapsed_ms.toFixed(1)} ms`) : null,
        h("button", { type: "button", class: "btn", id: "download-csv", onclick: () => this.downloadCsv(item, values) }, "Download CSV")),
      tabs, this.tableBox, graphBox);
  }

  showTab(which) {
    this.results.querySelectorAll("[role=tab]").forEach((t) => t.setAttribute("aria-selected", String(t.id === `tab-${which}`)));
    this.tableBox.hidden = which !== "table";
    this.graphBox.hidden = which !== "graph";
    if (which === "graph") {
      const el = this.graphBox.querySelector(".graph");
      if (this.graph) this.graph.destroy();
      this.graph = new GraphView(el, { onSelect: (e) => go(isEntityId(e.id()) ? "entity" : "provenance", { id: e.id() }) });
      this.graph.set(this.lastResult.graph);
    }
  }

  async downloadCsv(item, values) {
    const btn = this.results.querySelector("#download-csv");
    btn.disabled = true;
    try {
      const response = await api(`/api/queries/${seg(item.name)}/run`, { method: "POST", body: { params: values }, params: { format: "csv" }, accept: "text/csv", raw: true });
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const a = h("a", { href: url, download: `${item.name}.csv`, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) {
      this.results.prepend(problemBox(err));
    } finally {
      btn.disabled = false;
    }
  }

  destroy() { if (this.graph) this.graph.destroy(); }
}
