// A whole document with every extracted span highlighted: entity mentions underlined in their
// type's colour, fact evidence shaded, and the fact the analyst came from (`hl`) emphasised.
// The text is split at every span boundary and each piece is a text node, so nothing in the
// article is ever parsed as HTML.

import { api, seg, problemBox, loading, empty } from "../api.js";
import { h, replace, originalLink } from "../dom.js";
import { TYPE_STYLE } from "../graph.js";
import { href } from "../router.js";
import { gradeBadge, RELIABILITY, entityLink, humanType } from "../panels.js";
import { typeBadge } from "../search.js";

export function segmentText(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const sp of spans) {
    if (sp.start >= 0 && sp.end <= text.length && sp.start < sp.end) { cuts.add(sp.start); cuts.add(sp.end); }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i < points.length - 1; i += 1) {
    const a = points[i];
    const b = points[i + 1];
    pieces.push({ start: a, end: b, spans: spans.filter((sp) => sp.start <= a && sp.end >= b) });
  }
  return pieces;
}

export class DocumentView {
  constructor(root) {
    this.root = root;
    this.main = h("section", { class: "center doc-center", "aria-label": "Document" });
    this.side = h("aside", { class: "side", "aria-label": "Spans" });
    root.replaceChildren(h("div", { class: "workspace" }, this.main, this.side));
  }

  async render(params) {
    if (!params.id) { this.main.replaceChildren(empty("No document selected.")); return; }
    if (this.docId !== params.id) {
      this.main.replaceChildren(loading("Loading document…"));
      this.side.replaceChildren();
      try {
        this.doc = await api(`/api/documents/${seg(params.id)}`);
        this.docId = params.id;
      } catch (err) {
        this.main.replaceChildren(problemBox(err));
        return;
      }
    }
    this.draw(params.hl || null);
  }

  draw(hl) {
    const d = this.doc;
    const text = d.text || "";
    const spans = [
      ...(d.mentions || []).map((m) => ({ kind: "mention", start: m.start, end: m.end, entity: m.entity, text: m.text })),
      ...(d.facts || []).map((f) => ({ kind: "fact", start: f.start, end: f.end, fact_id: f.fact_id, type: f.type, fact_kind: f.fact_kind, text: f.text, extractor: f.extractor, summary: f.summary, sentence: f.sentence })),
    ];
    let focusEl = null;
    const body = h("div", { class: "doc-text", id: "doc-text", lang: "en" });
    for (const piece of segmentText(text, spans)) {
      const chunk = text.slice(piece.start, piece.end);
      if (!piece.spans.length) { body.append(document.createTextNode(chunk)); continue; }
      const mention = piece.spans.filter((sp) => sp.kind === "mention").sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
      const facts = piece.spans.filter((sp) => sp.kind === "fact");
      const focused = hl && facts.some((f) => f.fact_id === hl);
      const cls = ["span", mention ? "mention" : null, facts.length ? "fact" : null, facts.length > 1 ? "fact-multi" : null, focused ? "focus" : null];
      const titleParts = [mention ? `${mention.entity.type}: ${mention.entity.label}` : null, ...facts.map((f) => f.summary || `${humanType(f.type)} (${f.fact_kind})`)];
      const el = h("span", {
        class: cls, title: titleParts.filter(Boolean).join("\n"), tabindex: mention || facts.length ? "0" : null,
        style: mention ? { "--mention": (TYPE_STYLE[mention.entity.type] || {}).color || "#64748b" } : null,
        dataset: mention ? { entity: mention.entity.id } : {},
        onclick: () => this.showSpans(piece.spans),
        onkeydown: (e) => { if (e.key === "Enter") this.showSpans(piece.spans); },
      }, chunk);
      if (focused && !focusEl) focusEl = el;
      body.append(el);
    }
    const meta = Object.entries(d.metadata || {}).filter(([, v]) => v !== null && v !== undefined);
    this.main.replaceChildren(h("article", { class: "document" },
      h("header", { class: "doc-head" },
        h("h2", { class: "doc-title" }, d.title || "Untitled document"),
        h("div", { class: "doc-meta" }, gradeBadge(d.reliability), " ", RELIABILITY[d.reliability || "F"],
          d.source ? ` · ${d.source}` : "", d.published ? ` · published ${d.published}` : " · publication date unknown",
          d.url ? [" · ", originalLink(d.url)] : null),
        h("div", { class: "doc-meta small" }, h("code", null, d.id), d.path ? ` · ${d.path}` : "", d.ingested_at ? ` · loaded ${d.ingested_at}` : "",
          ` · ${(d.sentences || []).length} sentences · ${(d.mentions || []).length} mentions · ${d.fact_count ?? 0} facts (${(d.facts || []).length} evidence spans)`),
        meta.length ? h("dl", { class: "kv small" }, meta.map(([k, v]) => [h("dt", null, k), h("dd", null, typeof v === "string" ? v : JSON.stringify(v))])) : null,
        h("div", { class: "doc-legend small" }, h("span", { class: "span mention", style: { "--mention": "#2563eb" } }, "entity mention"), " ",
          h("span", { class: "span fact" }, "fact evidence"), " ", h("span", { class: "span fact focus" }, "selected fact"))),
      body));
    this.drawSide(d, hl);
    if (focusEl) requestAnimationFrame(() => focusEl.scrollIntoView({ block: "center" }));
  }

  drawSide(d, hl) {
    const byEntity = new Map();
    for (const m of d.mentions || []) {
      const item = byEntity.get(m.entity.id) || { entity: m.entity, count: 0 };
      item.count += 1;
      byEntity.set(m.entity.id, item);
    }
    const ents = [...byEntity.values()].sort((a, b) => b.count - a.count);
    const facts = new Map();
    // The facts the document list counts (contract facts), each once: the same number as its "Facts" column.
    for (const f of d.facts || []) if (f.counted && !facts.has(f.fact_id)) facts.set(f.fact_id, f);
    this.spanInfo = h("div", { class: "span-info", "aria-live": "polite" }, h("p", { class: "muted" }, "Click a highlighted span to see what was extracted from it."));
    this.side.replaceChildren(h("div", { class: "panel-body" },
      this.spanInfo,
      h("section", { class: "panel-section" }, h("h3", null, "Entities mentioned", h("span", { class: "count" }, String(ents.length))),
        h("ul", { class: "plain" }, ents.map((x) => h("li", null, typeBadge(x.entity.type), " ", entityLink(x.entity), h("span", { class: "muted" }, ` ×${x.count}`))))),
      h("section", { class: "panel-section" }, h("h3", null, "Facts", h("span", { class: "count" }, String(d.fact_count ?? facts.size))),
        h("ul", { class: "plain" }, [...facts.values()].map((f) => h("li", { class: f.fact_id === hl ? "current" : null },
          h("a", { href: href("doc", { id: d.id, hl: f.fact_id }) }, f.summary || humanType(f.type)), " ",
          h("a", { class: "btn btn-small", href: href("provenance", { id: f.fact_id }) }, "Provenance")))))));
  }

  showSpans(spans) {
    replace(this.spanInfo, h("h3", null, "At this span"), h("ul", { class: "plain" }, spans.map((sp) => sp.kind === "mention"
      ? h("li", null, typeBadge(sp.entity.type), " ", entityLink(sp.entity), h("span", { class: "muted" }, ` “${sp.text}”`))
      : h("li", { class: "span-fact" }, h("strong", null, sp.summary || humanType(sp.type)),
          h("span", { class: "muted" }, ` ${humanType(sp.type)}${sp.sentence !== null && sp.sentence !== undefined ? ` · sentence ${sp.sentence + 1}` : ""}${sp.extractor ? ` · ${sp.extractor}` : ""}`), " ",
          h("a", { class: "btn btn-small", href: href("provenance", { id: sp.fact_id }) }, "Provenance")))));
  }
}
