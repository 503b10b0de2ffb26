// Side panels shared by the views: an entity's profile and the provenance of any fact.
// Links are plain hash URLs (router.href), so every panel state can be bookmarked and shared.

import { api, seg, problemBox, loading, empty } from "./api.js";
import { h, markedSentence, findSpan, fmtDate, fmtNumber, fmtTime, originalLink } from "./dom.js";
import { href } from "./router.js";
import { typeBadge } from "./search.js";

export const RELIABILITY = {
  A: "Completely reliable", B: "Usually reliable", C: "Fairly reliable",
  D: "Not usually reliable", E: "Unreliable", F: "Reliability cannot be judged",
};
export const CREDIBILITY = {
  1: "Confirmed by other sources", 2: "Probably true", 3: "Possibly true",
  4: "Doubtful", 5: "Improbable", 6: "Truth cannot be judged",
};

const ENTITY_PREFIXES = ["person:", "country:", "office:", "org:", "organization:", "border:"];
export const isEntityId = (id) => ENTITY_PREFIXES.some((p) => String(id).startsWith(p));

export function humanType(type) {
  return String(type || "").replace(/_/g, " ");
}

export function tenure(from, to) {
  if (!from && !to) return "dates not stated";
  return `${from || "?"} → ${to || "present"}`;
}

export function gradeBadge(reliability) {
  const g = reliability || "F";
  return h("span", { class: `grade grade-${g}`, title: `Source reliability ${g}: ${RELIABILITY[g] || "unknown"}` }, g);
}

/** Link to an entity: opens the explorer centred on it. */
export function entityLink(ref, params = {}) {
  if (!ref) return h("span", { class: "muted" }, "unknown");
  const label = ref.label || ref.name || ref.title || ref.id;
  if (!isEntityId(ref.id)) return h("a", { href: href("provenance", { id: ref.id }) }, label);
  return h("a", { href: href("entity", { id: ref.id, ...params }), class: "entity-link", title: ref.id, dataset: { id: ref.id } }, label);
}

function evidenceButton(factId, label = "Evidence") {
  return h("a", { class: "btn btn-small", href: href("provenance", { id: factId }), dataset: { fact: factId },
    title: "Show the sentences that support this fact" }, label);
}

function section(title, count, ...content) {
  return h("section", { class: "panel-section" },
    h("h3", null, title, count !== null && count !== undefined ? h("span", { class: "count" }, String(count)) : null),
    ...content);
}

function listOrEmpty(items, render, emptyText) {
  return items && items.length ? h("ul", { class: "facts" }, items.map(render)) : h("p", { class: "muted" }, emptyText);
}

/** The entity panel (GET /api/entities/{id}); `factLink(id)` builds a provenance link in context. */
export function entityPanel(e, { factLink = (id) => href("provenance", { id }), centerLink = null } = {}) {
  const ev = (id) => h("a", { class: "btn btn-small", href: factLink(id), dataset: { fact: id }, title: "Show the supporting sentences" }, "Evidence");
  const props = Object.entries(e.properties || {}).filter(([, v]) => v !== null && v !== "" && typeof v !== "object");
  const actions = h("div", { class: "actions" },
    centerLink ? h("a", { class: "btn", href: centerLink }, "Centre graph here") : null,
    h("a", { class: "btn", href: factLink(e.id), dataset: { fact: e.id } }, "Mentions"),
    h("a", { class: "btn", href: href("paths", { from: e.id }) }, "Paths from here"),
    e.type === "Country" ? h("a", { class: "btn", href: href("ties", { a: e.id }) }, "Bilateral ties") : null);

  return h("article", { class: "entity-panel", dataset: { id: e.id } },
    h("header", { class: "panel-head" },
      typeBadge(e.type),
      h("h2", { class: "entity-name" }, e.name || e.id),
      h("div", { class: "entity-id" }, h("code", null, e.id))),
    e.aliases && e.aliases.length ? h("div", { class: "aliases" }, h("span", { class: "muted" }, "Also: "),
      e.aliases.map((a) => h("span", { class: "chip" }, a))) : null,
    h("dl", { class: "kv" },
      h("dt", null, "Sources"), h("dd", { class: "sources-count" }, String(e.documents_count ?? 0), " document", e.documents_count === 1 ? "" : "s"),
      props.map(([k, v]) => [h("dt", null, humanType(k)), h("dd", null, String(v))]),
      e.first_seen ? [h("dt", null, "First seen"), h("dd", null, fmtTime(e.first_seen))] : null,
      e.last_seen && e.last_seen !== e.first_seen ? [h("dt", null, "Last seen"), h("dd", null, fmtTime(e.last_seen))] : null),
    actions,
    e.type === "Office" || (e.holders && e.holders.length)
      ? section("Held by", (e.holders || []).length, listOrEmpty(e.holders, (o) => h("li", { class: "fact" },
          h("div", null, entityLink(o.person)),
          h("div", { class: "fact-meta" }, tenure(o.valid_from, o.valid_to), " · ", `${o.sources ?? 1} source${o.sources === 1 ? "" : "s"}`, " ", ev(o.fact_id))),
        "No holder recorded."))
      : null,
    e.type === "Person" || (e.offices && e.offices.length)
      ? section("Offices", (e.offices || []).length, listOrEmpty(e.offices, (o) => h("li", { class: "fact office" },
          h("div", null, entityLink({ id: o.office.id, label: o.office.title || o.office.label || o.office.id }),
            o.office.jurisdiction ? [" · ", entityLink({ id: o.office.jurisdiction.id, label: o.office.jurisdiction.name || o.office.jurisdiction.label })] : null),
          h("div", { class: "fact-meta" }, h("span", { class: "tenure" }, tenure(o.valid_from, o.valid_to)), " · ",
            `${o.sources ?? 1} source${o.sources === 1 ? "" : "s"}`, " ", ev(o.fact_id))),
        "No office recorded."))
      : null,
    section("Statements made", (e.statements_made || []).length, listOrEmpty(e.statements_made, (st) => statementItem(st, ev), "None recorded.")),
    section("Statements about", (e.statements_about || []).length, listOrEmpty(e.statements_about, (st) => statementItem(st, ev, true), "None recorded.")),
    section("Events", (e.events || []).length, listOrEmpty(e.events, (x) => h("li", { class: "fact event" },
      h("div", null, h("strong", null, humanType(x.type)), x.modality && x.modality !== "asserted" ? h("span", { class: "chip chip-modality" }, x.modality) : null,
        " ", h("span", { class: "muted" }, fmtDate(x.date)), x.role ? h("span", { class: "muted" }, ` · as ${x.role}`) : null),
      h("div", { class: "participants" }, (x.participants || []).map((p, i) => [i ? ", " : "", entityLink(p), p.role ? h("span", { class: "muted" }, ` (${p.role})`) : null])),
      h("div", { class: "fact-meta" }, `${x.sources ?? 1} source${x.sources === 1 ? "" : "s"}`, " ", ev(x.id))),
    "None recorded.")));
}

export function statementItem(st, ev, showSpeaker = false) {
  return h("li", { class: "fact statement" },
    h("blockquote", { class: "quote" }, st.text),
    h("div", { class: "fact-meta" },
      showSpeaker && st.speaker ? [entityLink(st.speaker), " · "] : null,
      st.kind || "", st.date ? ` · ${st.date}` : "",
      st.about && st.about.length ? [" · about ", st.about.map((a, i) => [i ? ", " : "", entityLink(a)])] : null,
      " ", ev(st.id)));
}

/** One evidence card: the document, its grade and the sentence with the exact span marked. */
export function evidenceCard(ev, factId) {
  const doc = ev.document || { id: ev.doc_id, title: ev.doc_title, published: ev.published, reliability: ev.reliability };
  const sentenceText = ev.sentence && typeof ev.sentence === "object" ? ev.sentence.text : ev.sentence;
  let start = -1;
  let end = -1;
  if (ev.marked) { start = ev.marked.start; end = ev.marked.end; }
  else if (ev.sentence && typeof ev.sentence === "object" && ev.span) { start = ev.span.start - ev.sentence.start; end = ev.span.end - ev.sentence.start; }
  else { [start, end] = findSpan(sentenceText, ev.span ? ev.span.text : ev.text); }
  const sentenceIndex = ev.sentence && typeof ev.sentence === "object" ? ev.sentence.index : ev.sentence_index;
  const credibility = ev.credibility;
  return h("li", { class: "evidence", dataset: { doc: doc.id || "" } },
    h("div", { class: "evidence-doc" },
      gradeBadge(doc.reliability),
      h("a", { class: "doc-link", href: href("doc", { id: doc.id, hl: factId }), title: "Read the whole document with its extracted spans highlighted" }, doc.title || doc.id || "untitled document")),
    h("div", { class: "evidence-meta" },
      [doc.source, doc.published ? `published ${doc.published}` : "publication date unknown",
        sentenceIndex !== undefined && sentenceIndex !== null ? `sentence ${sentenceIndex + 1}` : null].filter(Boolean).join(" · "),
      doc.url ? [" · ", originalLink(doc.url)] : null),
    h("blockquote", { class: "evidence-sentence" }, markedSentence(sentenceText, start, end)),
    h("div", { class: "evidence-meta small" },
      ev.extractor ? `extractor ${ev.extractor}` : null,
      ev.confidence !== undefined && ev.confidence !== null ? ` · confidence ${fmtNumber(ev.confidence)}` : null,
      credibility ? h("span", { title: CREDIBILITY[credibility] || "" }, ` · credibility ${credibility} (${CREDIBILITY[credibility] || "?"})`) : null,
      ev.ingested_at ? ` · loaded ${fmtTime(ev.ingested_at)}` : null));
}

/** The provenance panel (GET /api/provenance/{id}). */
export function provenancePanel(p) {
  return h("article", { class: "provenance-panel", dataset: { fact: p.fact_id } },
    h("header", { class: "panel-head" },
      h("span", { class: "badge badge-plain" }, p.fact_kind === "relationship" ? humanType(p.type) : (p.type || p.fact_kind || "fact")),
      h("h2", null, "Provenance"),
      h("p", { class: "summary" }, p.summary || p.fact_id),
      h("div", { class: "entity-id" }, h("code", null, p.fact_id))),
    h("p", { class: "sources-line" }, h("strong", null, String(p.sources ?? 0)), ` independent source${p.sources === 1 ? "" : "s"} · ${(p.evidence || []).length} supporting span${(p.evidence || []).length === 1 ? "" : "s"}`),
    p.evidence && p.evidence.length
      ? h("ol", { class: "evidence-list" }, p.evidence.map((ev) => evidenceCard(ev, p.fact_id)))
      : empty("No evidence recorded for this fact.", "Every loaded fact should cite a sentence; this one may have been retracted."));
}

/** Fetch and render an entity panel into `el`. */
export async function loadEntityPanel(el, id, opts, signal) {
  el.replaceChildren(loading("Loading entity…"));
  try {
    const e = await api(`/api/entities/${seg(id)}`, { signal });
    el.replaceChildren(entityPanel(e, opts));
    return e;
  } catch (err) {
    const box = problemBox(err);
    if (box) el.replaceChildren(box);
    return null;
  }
}

/** Fetch and render a provenance panel into `el`. */
export async function loadProvenancePanel(el, id, signal) {
  el.replaceChildren(loading("Loading provenance…"));
  try {
    const p = await api(`/api/provenance/${seg(id)}`, { signal });
    el.replaceChildren(provenancePanel(p));
    return p;
  } catch (err) {
    const box = problemBox(err);
    if (box) el.replaceChildren(box);
    return null;
  }
}
