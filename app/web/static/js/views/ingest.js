// Ingest: paste or upload a document, preview what the extractor finds (POST /api/extract, nothing
// is written), then load it (POST /api/documents, needs a write key) and see what was added.

import { api, seg, problemBox, loading, empty, getApiKey, setApiKey, ApiError } from "../api.js";
import { h, replace } from "../dom.js";
import { TYPE_STYLE } from "../graph.js";
import { href } from "../router.js";
import { humanType, entityLink } from "../panels.js";
import { typeBadge } from "../search.js";
import { segmentText } from "./document.js";

/** Split Markdown front matter (`---` key: value lines `---`) from the body. */
export function splitFrontMatter(text) {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { meta: {}, body: text };
  const meta = {};
  for (const line of m[1].split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (kv) meta[kv[1]] = kv[2].replace(/^["'](.*)["']$/, "$1");
  }
  return { meta, body: text.slice(m[0].length) };
}

export class IngestView {
  constructor(root) {
    this.root = root;
    const f = (id, label, input) => h("div", { class: "field" }, h("label", { for: id }, label), input);
    this.title = h("input", { id: "doc-title", placeholder: "Headline" });
    this.published = h("input", { id: "doc-published", type: "date" });
    this.source = h("input", { id: "doc-source", placeholder: "e.g. wire story" });
    this.url = h("input", { id: "doc-url", type: "url", placeholder: "https://…" });
    this.reliability = h("select", { id: "doc-reliability", title: "Admiralty source reliability grade" },
      [["A", "A · completely reliable"], ["B", "B · usually reliable"], ["C", "C · fairly reliable"], ["D", "D · not usually reliable"], ["E", "E · unreliable"], ["F", "F · cannot be judged"]]
        .map(([v, t]) => h("option", { value: v, selected: v === "F" }, t)));
    this.text = h("textarea", { id: "doc-text", rows: 12, required: true, placeholder: "Paste the article text here…", spellcheck: "false" });
    this.file = h("input", { id: "doc-file", type: "file", accept: ".txt,.md,.markdown,.text,text/plain,text/markdown", onchange: () => this.readFile() });
    this.key = h("input", { id: "api-key", type: "password", autocomplete: "off", value: getApiKey(), placeholder: "igk_…",
      onchange: () => { setApiKey(this.key.value.trim()); this.keyNote.textContent = this.key.value.trim() ? "Key kept for this browser tab." : "No key set."; } });
    this.keyNote = h("span", { class: "muted small" }, getApiKey() ? "Key kept for this browser tab." : "Loading needs a key with the write role.");
    this.form = h("form", { class: "ingest-form", onsubmit: (e) => { e.preventDefault(); this.preview(); } },
      h("div", { class: "fields grid2" },
        f("doc-title", "Title", this.title), f("doc-published", "Published", this.published),
        f("doc-source", "Source", this.source), f("doc-url", "URL", this.url),
        f("doc-reliability", "Source grade", this.reliability), f("doc-file", "Or upload a .txt / .md file", this.file)),
      f("doc-text", "Text", this.text),
      h("div", { class: "field" }, h("label", { for: "api-key" }, "API key (write role)"), this.key, this.keyNote,
        h("div", { class: "help" }, "An operator creates one with ", h("code", null, "intelgraph keys add NAME --role write"),
          "; the key is shown once. It is kept in this tab's session storage only.")),
      h("div", { class: "actions" },
        h("button", { class: "btn", type: "submit", id: "preview-extract" }, "Preview extraction"),
        h("button", { class: "btn btn-primary", type: "button", id: "load-document", onclick: () => this.load() }, "Load into graph")));
    this.previewBox = h("div", { class: "ingest-preview", id: "ingest-preview", "aria-live": "polite" });
    this.side = h("aside", { class: "side", id: "ingest-result", "aria-label": "Loading result" });
    root.replaceChildren(h("div", { class: "workspace" },
      h("section", { class: "center scroll" }, h("h2", null, "Add a document"), this.form, this.previewBox),
      this.side));
  }

  render() {
    if (!this.previewBox.firstChild) this.previewBox.replaceChildren(empty("Preview shows what the extractor finds before anything is written."));
    if (!this.side.firstChild) this.side.replaceChildren(empty("Nothing loaded yet.", "After loading, the new document and its entities are listed here."));
  }

  readFile() {
    const file = this.file.files && this.file.files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      const { meta, body } = splitFrontMatter(String(reader.result || ""));
      this.text.value = body;
      if (meta.title) this.title.value = meta.title;
      if (meta.published && /^\d{4}-\d{2}-\d{2}$/.test(meta.published)) this.published.value = meta.published;
      if (meta.source) this.source.value = meta.source;
      if (meta.url) this.url.value = meta.url;
      if (meta.reliability && /^[A-F]$/.test(meta.reliability)) this.reliability.value = meta.reliability;
      if (!this.title.value) this.title.value = file.name.replace(/\.[^.]+$/, "");
    };
    reader.readAsText(file);
  }

  documentBody() {
    const doc = { text: this.text.value, reliability: this.reliability.value };
    if (this.title.value.trim()) doc.title = this.title.value.trim();
    if (this.published.value) doc.published = this.published.value;
    if (this.source.value.trim()) doc.source = this.source.value.trim();
    if (this.url.value.trim()) doc.url = this.url.value.trim();
    return doc;
  }

  async preview() {
    if (!this.text.value.trim()) { this.text.reportValidity(); return null; }
    const doc = this.documentBody();
    replace(this.previewBox, loading("Extracting…"));
    try {
      const ex = await api("/api/extract", { method: "POST", body: doc });
      const known = await this.knownEntities(ex.entities || []);
      this.lastPreview = { key: JSON.stringify(doc), ex, known };
      this.drawPreview(ex, known);
      return this.lastPreview;
    } catch (err) {
      replace(this.previewBox, problemBox(err));
      return null;
    }
  }

  /** Which extracted entities are already in the graph (so the analyst sees what is new). */
  async knownEntities(entities) {
    const known = new Map();
    await Promise.all(entities.slice(0, 60).map(async (e) => {
      try { await api(`/api/entities/${seg(e.id)}`); known.set(e.id, true); }
      catch (err) { known.set(e.id, err instanceof ApiError && err.status === 404 ? false : null); }
    }));
    return known;
  }

  drawPreview(ex, known) {
    const names = Object.fromEntries((ex.entities || []).map((e) => [e.id, e.name]));
    const nm = (id) => names[id] || id;
    const text = ex.text || this.text.value;
    const spans = (ex.entities || []).flatMap((e) => (e.mentions || []).map((m) => ({ start: m.start, end: m.end, entity: e })));
    const body = h("div", { class: "doc-text preview-text" });
    for (const piece of segmentText(text, spans)) {
      const chunk = text.slice(piece.start, piece.end);
      const sp = piece.spans[0];
      body.append(sp ? h("span", { class: "span mention", title: `${sp.entity.type}: ${sp.entity.name}`, style: { "--mention": (TYPE_STYLE[sp.entity.type] || {}).color || "#64748b" } }, chunk) : document.createTextNode(chunk));
    }
    const status = (id) => {
      const k = known.get(id);
      return k === false ? h("span", { class: "chip chip-new" }, "new") : k === true ? h("span", { class: "chip" }, "in graph") : null;
    };
    const counts = [["sentences", (ex.sentences || []).length], ["entities", (ex.entities || []).length], ["relations", (ex.relations || []).length],
      ["statements", (ex.statements || []).length], ["events", (ex.events || []).length]];
    replace(this.previewBox,
      h("h2", null, "Extraction preview ", h("span", { class: "muted small" }, "(nothing written yet)")),
      h("p", { class: "counts", id: "preview-counts" }, counts.map(([k, v], i) => [i ? " · " : "", h("strong", null, String(v)), ` ${k}`])),
      h("div", { class: "preview-grid" },
        h("section", { class: "panel-section" }, h("h3", null, "Entities"),
          (ex.entities || []).length ? h("ul", { class: "plain", id: "preview-entities" }, ex.entities.map((e) => h("li", { dataset: { id: e.id } },
            typeBadge(e.type), " ", h("strong", null, e.name), " ", status(e.id),
            e.aliases && e.aliases.length ? h("span", { class: "muted small" }, ` also ${e.aliases.join(", ")}`) : null,
            h("span", { class: "muted small" }, ` · ${(e.mentions || []).length} mention${(e.mentions || []).length === 1 ? "" : "s"}`))))
            : h("p", { class: "muted" }, "No entities found.")),
        h("section", { class: "panel-section" }, h("h3", null, "Relations"),
          (ex.relations || []).length ? h("ul", { class: "plain" }, ex.relations.map((r) => h("li", null, nm(r.source), h("span", { class: "rel" }, ` ${humanType(r.type)} `), nm(r.target),
            r.valid_from || r.valid_to ? h("span", { class: "muted small" }, ` (${r.valid_from || "?"} → ${r.valid_to || ""})`) : null))) : h("p", { class: "muted" }, "None.")),
        h("section", { class: "panel-section" }, h("h3", null, "Statements"),
          (ex.statements || []).length ? h("ul", { class: "plain" }, ex.statements.map((st) => h("li", null, h("strong", null, st.speaker ? nm(st.speaker) : "unknown"), ` (${st.kind}): `,
            h("q", null, st.text)))) : h("p", { class: "muted" }, "None.")),
        h("section", { class: "panel-section" }, h("h3", null, "Events"),
          (ex.events || []).length ? h("ul", { class: "plain" }, ex.events.map((ev) => h("li", null, h("strong", null, humanType(ev.type)),
            ev.modality && ev.modality !== "asserted" ? ` (${ev.modality})` : "", ev.date ? ` · ${ev.date}` : "",
            (ev.participants || []).length ? ` · ${ev.participants.map((p) => `${nm(p.entity)} (${p.role})`).join(", ")}` : ""))) : h("p", { class: "muted" }, "None."))),
      h("h3", null, "Text with entity mentions"), body);
  }

  async load() {
    if (!this.text.value.trim()) { this.text.reportValidity(); return; }
    setApiKey(this.key.value.trim());
    const doc = this.documentBody();
    let pre = this.lastPreview && this.lastPreview.key === JSON.stringify(doc) ? this.lastPreview : null;
    if (!pre) pre = await this.preview();
    replace(this.side, loading("Loading into the graph…"));
    let res;
    try {
      res = await api("/api/documents", { method: "POST", body: { documents: [doc] }, auth: true });
    } catch (err) {
      replace(this.side, problemBox(err));
      if (err instanceof ApiError && err.status === 401) this.key.focus();
      return;
    }
    const added = res.added || [];
    const errors = res.errors || [];
    const entities = pre ? pre.ex.entities || [] : [];
    replace(this.side, h("div", { class: "panel-body", id: "load-result" },
      h("h2", null, "Loaded"),
      added.map((a) => h("section", { class: "panel-section" },
        h("p", null, h("a", { href: href("doc", { id: a.id }), class: "doc-link", id: "loaded-doc-link" }, a.title || a.id), " ",
          h("span", { class: "chip" }, a.created ? "new document" : "already loaded (unchanged)")),
        a.counts ? h("p", { class: "counts" }, Object.entries(a.counts).map(([k, v], i) => [i ? " · " : "", h("strong", null, String(v)), ` ${k}`])) : null)),
      errors.map((e) => problemBox(new ApiError(422, { title: `Document ${e.index + 1} failed`, detail: e.detail }))),
      entities.length ? h("section", { class: "panel-section" }, h("h3", null, "Entities now in the graph"),
        h("ul", { class: "plain", id: "loaded-entities" }, entities.map((e) => h("li", null, typeBadge(e.type), " ", entityLink({ id: e.id, label: e.name }), " ",
          pre.known.get(e.id) === false ? h("span", { class: "chip chip-new" }, "new") : null)))) : null));
  }
}
