// Bilateral ties: two countries -> an SVG timeline of the events and statements between them and
// the state of each tie type (diplomatic, military, ...) over time as coloured intervals, with an
// "as of" line. An interval's edges are uncertain: it began between `from` and `from_latest` and
// ended between `to` and `to_latest`; those stretches fade (a gradient), and an unknown earliest
// start fades in over a fixed width instead of reaching back over the whole axis.
// URL params: a, b, as_of, from, to, item (selected timeline item).

import { api, seg, problemBox, loading, empty } from "../api.js";
import { h, s, replace } from "../dom.js";
import { go, href } from "../router.js";
import { autocomplete } from "../search.js";
import { entityLink, humanType } from "../panels.js";

const STATE_COLOR = { active: "#15803d", broken: "#b91c1c", restoring: "#d97706", contested: "#7c3aed" };
const UNKNOWN_START_PX = 40; // fade-in width for a state whose earliest start is unknown
const DATE_PATTERN = "\\d{4}(-\\d{2}(-\\d{2})?)?";
const DAY = 86400000;

export function dateValue(text) {
  if (!text) return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(String(text));
  if (!m) return null;
  return Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1);
}

function isoDay(t) { return new Date(t).toISOString().slice(0, 10); }

function ticks(t0, t1) {
  const span = t1 - t0;
  const out = [];
  const start = new Date(t0);
  if (span > 3 * 365 * DAY) {
    const step = Math.max(1, Math.ceil(span / (365 * DAY) / 8));
    for (let y = start.getUTCFullYear(); ; y += step) { const t = Date.UTC(y, 0, 1); if (t > t1) break; if (t >= t0) out.push([t, String(y)]); }
  } else if (span > 60 * DAY) {
    const step = Math.max(1, Math.ceil(span / (30 * DAY) / 8));
    for (let i = 0; ; i += step) { const t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1); if (t > t1) break; if (t >= t0) out.push([t, isoDay(t).slice(0, 7)]); }
  } else {
    const step = Math.max(1, Math.ceil(span / DAY / 8));
    for (let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); t <= t1; t += step * DAY) if (t >= t0) out.push([t, isoDay(t)]);
  }
  return out;
}

/**
 * A time scale over [left, left + width]. "proportional" is linear in time; "even" spaces the
 * distinct dates evenly (piecewise linear between them), which keeps a burst of events in one week
 * readable next to a date years earlier. Returns {x(t), ticks: [[t, label]], t0, t1}.
 */
export function timeScale(times, left, width, mode, labels = new Map()) {
  const distinct = [...new Set(times)].sort((a, b) => a - b);
  if (!distinct.length) distinct.push(Date.now());
  if (mode === "even" && distinct.length > 1) {
    const step = width / (distinct.length + 1);
    const pos = distinct.map((t, i) => left + step * (i + 1));
    const x = (t) => {
      if (t <= distinct[0]) return pos[0] - Math.min(step / 2, 1 + (distinct[0] - t) / DAY);
      if (t >= distinct[distinct.length - 1]) return pos[pos.length - 1] + Math.min(step / 2, 1 + (t - distinct[distinct.length - 1]) / DAY);
      let i = 1;
      while (distinct[i] < t) i += 1;
      const f = (t - distinct[i - 1]) / (distinct[i] - distinct[i - 1]);
      return pos[i - 1] + f * (pos[i] - pos[i - 1]);
    };
    return { x, ticks: distinct.map((t) => [t, labels.get(t) || isoDay(t)]), t0: distinct[0], t1: distinct[distinct.length - 1], step };
  }
  let t0 = distinct[0];
  let t1 = distinct[distinct.length - 1];
  if (t1 - t0 < 30 * DAY) { t0 -= 15 * DAY; t1 += 15 * DAY; }
  const pad = (t1 - t0) * 0.04;
  t0 -= pad; t1 += pad;
  return { x: (t) => left + ((t - t0) / (t1 - t0)) * width, ticks: ticks(t0, t1), t0, t1, step: width };
}

/** Skewed dates (a cluster far from the rest) read better on the even scale. */
export function preferredScale(times) {
  const d = [...new Set(times)].sort((a, b) => a - b);
  if (d.length < 3) return "proportional";
  const range = d[d.length - 1] - d[0];
  let minGap = Infinity;
  for (let i = 1; i < d.length; i += 1) minGap = Math.min(minGap, d[i] - d[i - 1]);
  return range > 0 && minGap / range < 0.02 ? "even" : "proportional";
}

/** Draw the timeline; returns an <svg>. `onPick(item)` is called when a marker is chosen. */
export function drawTimeline(data, { width = 900, selected = null, onPick = () => {}, scale = "auto" } = {}) {
  const items = data.timeline || [];
  const ties = data.ties || [];
  const labels = new Map();
  const note = (text) => { const t = dateValue(text); if (t !== null && !labels.has(t)) labels.set(t, String(text)); return t; };
  for (const t of ties) for (const iv of t.intervals || []) { note(iv.from); note(iv.from_latest); note(iv.to); note(iv.to_latest); }
  for (const it of items) note(it.date);
  note(data.as_of);
  const times = [...labels.keys()];
  const mode = scale === "auto" ? preferredScale(times) : scale;
  const undated = items.filter((it) => !it.date);
  const left = 150;
  const right = undated.length ? 120 : 24;
  const plotW = Math.max(200, width - left - right);
  const sc = timeScale(times, left, plotW, mode, labels);
  const x = sc.x;
  const rowH = 26;
  const top = 34;

  // Interval geometry: a0..a1 the uncertain start, b0..b1 the uncertain end (a1 = b0 = b1 when
  // the bounds coincide). Intervals come from the API in time order; overlapping ones stack.
  const tieRows = ties.map((tie) => {
    const rows = [];
    const placedIv = (tie.intervals || []).map((iv) => {
      const known = iv.from_latest || iv.from;
      const a1 = known ? x(dateValue(known)) : left;
      const a0 = iv.from ? Math.min(a1, x(dateValue(iv.from))) : Math.max(left, a1 - UNKNOWN_START_PX);
      let b0 = iv.to ? x(dateValue(iv.to)) : (iv.to_latest ? a1 : left + plotW);
      let b1 = iv.to_latest ? x(dateValue(iv.to_latest)) : b0;
      b0 = Math.max(b0, a1); b1 = Math.max(b1, b0);
      const a = a0;
      const b = b1;
      let r = 0;
      while (rows[r] !== undefined && rows[r].some(([p, q]) => a < q - 1 && b > p + 1)) r += 1;
      (rows[r] = rows[r] || []).push([a, b]);
      return { iv, a, b, a1, b0, r };
    });
    return { tie, placedIv, n: Math.max(1, rows.length) };
  });

  // Markers per lane, stacked when they would overlap.
  const lanes = [["event", "Events"], ["statement", "Statements"]];
  const placed = { event: [], statement: [] };
  for (const [kind] of lanes) {
    const levels = [];
    for (const it of items.filter((i) => i.kind === kind && i.date)) {
      const px = x(dateValue(it.date));
      let lvl = 0;
      while (levels[lvl] !== undefined && px - levels[lvl] < 16) lvl += 1;
      levels[lvl] = px;
      placed[kind].push({ it, px, lvl });
    }
  }
  const laneHeight = (kind) => Math.max(1, ...placed[kind].map((p) => p.lvl + 1)) * 16 + 18;
  let y = top;
  const tieTops = tieRows.map((tr) => { const t = y; y += tr.n * rowH + 8; return t; });
  const eventsTop = Math.max(y, top + rowH) + 10;
  const statementsTop = eventsTop + laneHeight("event");
  const height = Math.max(statementsTop + laneHeight("statement") + 16, top + 30 + undated.length * 18);

  const svg = s("svg", { class: "timeline", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "data-scale": mode,
    "aria-label": `Timeline of ${data.a.label} and ${data.b.label}: ${ties.length} tie types, ${items.length} events and statements` });
  const defs = s("defs");
  svg.append(defs);
  // Axis and grid.
  let lastTickX = -Infinity;
  for (const [t, label] of sc.ticks) {
    const tx = x(t);
    svg.append(s("line", { x1: tx, x2: tx, y1: top - 8, y2: height - 18, class: "grid" }));
    if (tx - lastTickX > 64) { svg.append(s("text", { x: tx, y: top - 14, class: "tick", "text-anchor": "middle" }, label)); lastTickX = tx; }
  }
  if (mode === "even") svg.append(s("text", { x: left, y: 12, class: "tick" }, "even spacing: distinct dates equally apart"));
  // Tie rows.
  if (!ties.length) svg.append(s("text", { x: left, y: top + 18, class: "muted-text" }, "No tie-changing events recorded (establish/restore/break)."));
  tieRows.forEach(({ tie, placedIv }, i) => {
    const y0 = tieTops[i];
    svg.append(s("text", { x: 8, y: y0 + rowH / 2 + 4, class: "row-label" }, `${humanType(tie.tie)} ties`));
    placedIv.forEach(({ iv, a, b, a1, b0, r }, k) => {
      const w = Math.max(4, b - a);
      const yy = y0 + r * rowH;
      const color = STATE_COLOR[iv.state] || "#64748b";
      const opacity = iv.state === "restoring" ? 0.6 : 0.85;
      const fuzzy = a1 > a + 0.5 || b > b0 + 0.5;
      let fill = color;
      if (fuzzy) {
        // Uncertain edges as a gradient: transparent at the earliest start, solid from the latest
        // start to the earliest end, transparent again at the latest end.
        const id = `tie-grad-${i}-${k}`;
        const stop = (px) => String(Math.min(1, Math.max(0, (px - a) / w)));
        defs.append(s("linearGradient", { id, gradientUnits: "userSpaceOnUse", x1: a, x2: a + w, y1: 0, y2: 0 },
          s("stop", { offset: "0", "stop-color": color, "stop-opacity": a1 > a + 0.5 ? 0 : opacity }),
          s("stop", { offset: stop(a1), "stop-color": color, "stop-opacity": opacity }),
          s("stop", { offset: stop(b0), "stop-color": color, "stop-opacity": opacity }),
          s("stop", { offset: "1", "stop-color": color, "stop-opacity": b > b0 + 0.5 ? 0 : opacity })));
        fill = `url(#${id})`;
      }
      const pick = () => onPick({ kind: "interval", ...iv, tie: tie.tie });
      const span = (lo, hi, none) => (lo && hi && lo !== hi ? `${lo}…${hi}` : (hi || lo || none));
      const g = s("g", { class: `interval state-${iv.state}${fuzzy ? " fuzzy" : ""}`, tabindex: "0", role: "button", "data-state": iv.state, "data-tie": tie.tie,
        "data-order": String(k), "data-x0": a.toFixed(1), "data-x1": (a + w).toFixed(1), "data-solid-x": a1.toFixed(1),
        onclick: pick, onkeydown: (e) => { if (e.key === "Enter") pick(); } },
        s("title", null, `${humanType(tie.tie)} ties: ${iv.state} from ${span(iv.from || "start unknown", iv.from_latest, "(not dated)")} to ${span(iv.to, iv.to_latest, "(open)")} · ${humanType(iv.event_type)} (${iv.modality})`),
        s("rect", { x: a, y: yy + 3, width: w, height: rowH - 6, rx: 4, fill, "fill-opacity": fuzzy ? null : opacity,
          "stroke-dasharray": fuzzy ? "4 3" : null, stroke: fuzzy ? null : color }));
      if (w > 90) g.append(s("text", { x: a1 + 6, y: yy + rowH / 2 + 4, class: "interval-label" }, `${iv.state}${iv.modality && iv.modality !== "asserted" ? ` (${iv.modality})` : ""}`));
      svg.append(g);
    });
  });
  // Event and statement lanes.
  for (const [kind, title] of lanes) {
    const y0 = kind === "event" ? eventsTop : statementsTop;
    svg.append(s("text", { x: 8, y: y0 + 14, class: "row-label" }, title),
      s("line", { x1: left, x2: left + plotW, y1: y0 + 10, y2: y0 + 10, class: "lane" }));
    for (const { it, px, lvl } of placed[kind]) svg.append(marker(it, px, y0 + 10 + lvl * 16, selected, onPick));
  }
  // Undated items, in their own column.
  if (undated.length) {
    const ux = left + plotW + 16;
    svg.append(s("text", { x: ux, y: top - 14, class: "tick" }, "undated"));
    undated.forEach((it, i) => svg.append(marker(it, ux + 8, top + 8 + i * 18, selected, onPick)));
  }
  // As-of line.
  if (data.as_of) {
    const ax = x(dateValue(data.as_of));
    svg.append(s("line", { x1: ax, x2: ax, y1: top - 6, y2: height - 16, class: "asof" }),
      s("text", { x: Math.min(ax + 4, width - 110), y: height - 4, class: "asof-label" }, `as of ${data.as_of}`));
  }
  return svg;
}

function marker(it, px, py, selected, onPick) {
  const label = it.kind === "event"
    ? `${it.date || "undated"} · ${humanType(it.type)}${it.modality && it.modality !== "asserted" ? ` (${it.modality})` : ""} · ${(it.participants || []).map((p) => p.label).join(", ")}`
    : `${it.date || "undated"} · ${it.speaker ? it.speaker.label : "unknown speaker"}: ${it.text || ""}`;
  const shape = it.kind === "event"
    ? s("path", { d: `M ${px} ${py - 6} L ${px + 6} ${py} L ${px} ${py + 6} L ${px - 6} ${py} Z`, class: "mark-event" })
    : s("rect", { x: px - 5, y: py - 5, width: 10, height: 10, rx: 2, class: "mark-statement" });
  return s("g", { class: `marker marker-${it.kind}${selected === it.id ? " selected" : ""}`, tabindex: "0", role: "button", "data-id": it.id,
    "aria-label": label, onclick: () => onPick(it), onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); onPick(it); } } },
  s("title", null, label), shape);
}

export class TiesView {
  constructor(root) {
    this.root = root;
    this.aInput = h("input", { id: "ties-a", class: "actor", required: true, placeholder: "Country A (name or ISO code)" });
    this.bInput = h("input", { id: "ties-b", class: "actor", required: true, placeholder: "Country B" });
    this.asOf = h("input", { id: "ties-asof", class: "date", placeholder: "as of (today)", pattern: DATE_PATTERN, size: 11, title: "State of each tie on this date (YYYY, YYYY-MM or YYYY-MM-DD)" });
    this.from = h("input", { id: "ties-from", class: "date", placeholder: "timeline from", pattern: DATE_PATTERN, size: 11 });
    this.to = h("input", { id: "ties-to", class: "date", placeholder: "timeline to", pattern: DATE_PATTERN, size: 11 });
    this.form = h("form", { class: "toolbar", onsubmit: (e) => this.submit(e) },
      h("label", { for: "ties-a", class: "sr-only" }, "Country A"), this.aInput, " ↔ ",
      h("label", { for: "ties-b", class: "sr-only" }, "Country B"), this.bInput,
      h("label", null, "As of ", this.asOf), h("label", null, "Window ", this.from, "–", this.to),
      h("button", { type: "submit", class: "btn btn-primary", id: "show-ties" }, "Show ties"));
    this.chart = h("div", { class: "timeline-wrap", id: "ties-timeline" });
    this.side = h("aside", { class: "side", "aria-label": "Ties details" });
    root.replaceChildren(h("div", { class: "workspace" }, h("section", { class: "center" }, this.form, this.chart), this.side));
    autocomplete(this.aInput, { types: ["Country"] });
    autocomplete(this.bInput, { types: ["Country"] });
    this.onResize = () => { if (this.data) this.draw(); };
    window.addEventListener("resize", this.onResize);
  }

  submit(e) {
    e.preventDefault();
    if (!this.form.reportValidity()) return;
    const a = this.aInput.dataset.id || this.aInput.value.trim();
    const b = this.bInput.dataset.id || this.bInput.value.trim();
    go("ties", { a, b, as_of: this.asOf.value.trim() || null, from: this.from.value.trim() || null, to: this.to.value.trim() || null });
  }

  async render(params) {
    this.params = params;
    this.asOf.value = params.as_of || "";
    this.from.value = params.from || "";
    this.to.value = params.to || "";
    if (params.a && !this.aInput.value) this.aInput.value = params.a;
    if (params.b && !this.bInput.value) this.bInput.value = params.b;
    if (!params.a || !params.b) {
      this.chart.replaceChildren(empty("Pick two countries to see the history of their ties.", "Try Venezuela ↔ Colombia."));
      this.side.replaceChildren();
      return;
    }
    const key = JSON.stringify([params.a, params.b, params.as_of, params.from, params.to]);
    if (key !== this.key) {
      this.key = key;
      this.chart.replaceChildren(loading("Loading ties…"));
      try {
        this.data = await api(`/api/ties/${seg(params.a)}/${seg(params.b)}`, { params: { as_of: params.as_of, from: params.from, to: params.to } });
      } catch (err) {
        this.data = null;
        this.chart.replaceChildren(problemBox(err));
        this.side.replaceChildren();
        return;
      }
      this.aInput.value = this.data.a.label; this.aInput.dataset.id = this.data.a.id;
      this.bInput.value = this.data.b.label; this.bInput.dataset.id = this.data.b.id;
    }
    this.draw();
  }

  draw() {
    const d = this.data;
    const selected = this.params.item || null;
    const width = Math.max(480, this.chart.clientWidth - 24);
    const pick = (it) => {
      if (it.kind === "interval") { go("ties", { ...this.params, item: it.event_id }); return; }
      go("ties", { ...this.params, item: it.id });
    };
    const scale = this.params.scale || "auto";
    const scaleSel = h("select", { id: "ties-scale", title: "Time scale", onchange: () => go("ties", { ...this.params, scale: scaleSel.value === "auto" ? null : scaleSel.value }, { replace: true }) },
      [["auto", "Scale: auto"], ["even", "Scale: even"], ["proportional", "Scale: proportional"]].map(([v, t]) => h("option", { value: v, selected: v === scale }, t)));
    const legend = h("div", { class: "legend small" }, scaleSel,
      Object.entries(STATE_COLOR).map(([st, c]) => h("span", { class: "legend-item" }, h("span", { class: "swatch", style: { background: c } }), st)),
      h("span", { class: "legend-item" }, h("span", { class: "swatch diamond" }), "event"),
      h("span", { class: "legend-item" }, h("span", { class: "swatch square" }), "statement"),
      h("span", { class: "legend-item" }, h("span", { class: "swatch fuzzy-swatch" }), "uncertain start/end"),
      h("span", { class: "legend-item" }, h("span", { class: "swatch asof-swatch" }), "as-of date"));
    this.chart.replaceChildren(
      h("h2", { class: "ties-title" }, entityLink(d.a), " ↔ ", entityLink(d.b)),
      h("div", { class: "tie-states" }, (d.ties || []).length
        ? d.ties.map((t) => h("span", { class: `tie-state state-${t.state_as_of || "unknown"}`, dataset: { tie: t.tie },
            title: (t.evidence_as_of || []).flatMap((e) => e.evidence.map((x) => `${humanType(e.event_type)} (${e.modality}): ${x.text} [${x.doc_title || x.doc_id}, ${x.published || "undated"}]`)).join("\n") || "no evidence by this date" },
            `${humanType(t.tie)} ties: `, h("strong", null, t.state_as_of || "unknown"), ` (as of ${d.as_of})`))
        : h("span", { class: "muted" }, "No tie-changing events recorded.")),
      legend,
      drawTimeline(d, { width, selected, onPick: pick, scale }));
    this.drawSide(d, selected);
  }

  drawSide(d, selected) {
    const items = d.timeline || [];
    const current = items.find((it) => it.id === selected);
    const detail = current ? h("section", { class: "panel-section selected-item" }, h("h3", null, "Selected"), timelineItem(current)) : null;
    this.side.replaceChildren(h("div", { class: "panel-body" },
      detail,
      (d.borders || []).length ? h("section", { class: "panel-section" }, h("h3", null, "Borders"),
        h("ul", { class: "plain" }, d.borders.map((b) => h("li", null, entityLink({ id: b.id, label: b.name }),
          b.length_km ? ` · ${b.length_km} km` : "", b.length_mi ? ` (${b.length_mi} mi)` : "")))) : null,
      h("section", { class: "panel-section" }, h("h3", null, "Timeline", h("span", { class: "count" }, String(items.length))),
        items.length ? h("ol", { class: "timeline-list" }, items.map((it) => h("li", { class: it.id === selected ? "current" : null, dataset: { id: it.id } }, timelineItem(it))))
          : empty("No events or statements between these two countries."))));
    if (current) {
      const el = this.side.querySelector(".selected-item");
      if (el) el.scrollIntoView({ block: "nearest" });
    }
  }

  destroy() { window.removeEventListener("resize", this.onResize); }
}

function timelineItem(it) {
  return h("div", { class: `tl-item tl-${it.kind}` },
    h("div", { class: "tl-head" }, h("span", { class: "tl-date" }, it.date || "undated"), " ",
      h("strong", null, it.kind === "event" ? humanType(it.type) : `${it.type || ""} statement`),
      it.modality && it.modality !== "asserted" ? h("span", { class: "chip chip-modality" }, it.modality) : null),
    it.text ? h("blockquote", { class: "quote" }, it.text) : null,
    it.speaker ? h("div", { class: "fact-meta" }, "Speaker: ", entityLink(it.speaker)) : null,
    (it.participants || []).length ? h("div", { class: "fact-meta" }, "Participants: ", it.participants.map((p, i) => [i ? ", " : "", entityLink(p), p.role ? ` (${p.role})` : ""])) : null,
    (it.about || []).length ? h("div", { class: "fact-meta" }, "About: ", it.about.map((p, i) => [i ? ", " : "", entityLink(p)])) : null,
    h("div", { class: "fact-meta" }, `${it.sources ?? 1} source${it.sources === 1 ? "" : "s"} `, h("a", { class: "btn btn-small", href: href("provenance", { id: it.id }) }, "Provenance")));
}
