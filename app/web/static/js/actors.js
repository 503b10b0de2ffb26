// The actor view of the explorer (issue 12): a toggle between the stored graph (statements and
// events as nodes) and actor-to-actor links (`view=actors` on the API), and the side panel of one
// link: its kind, how many events and independent sources make it, and the evidence carrier by carrier.

import { h } from "./dom.js";
import { evidenceCard, humanType, entityLink } from "./panels.js";
import { href } from "./router.js";

/** The toolbar toggle; `on` = actor view shown; `onToggle(next)` switches. */
export function actorToggle(on, onToggle) {
  return h("button", {
    class: ["btn", on ? "btn-primary" : null], type: "button", id: "btn-actors", "aria-pressed": String(on),
    title: "Actor view: events and statements collapsed into links between the actors (a)", "aria-keyshortcuts": "a",
    onclick: () => onToggle(!on),
  }, on ? "Actors ✓" : "Actors");
}

/** Whether an element id is a link of the actor view. */
export const isLinkId = (id) => typeof id === "string" && id.startsWith("link:");

/** The side panel of one actor link (from the neighbourhood response's `links`). */
export function linkPanel(link, labels) {
  const ref = (id) => labels[id] || { id, label: id };
  const arrow = link.directed ? "→" : "↔";
  return h("div", { class: "link-panel", id: "link-panel" },
    h("h2", null, entityLink(ref(link.source)), ` ${arrow} `, entityLink(ref(link.target))),
    h("p", { class: "fact-meta" }, h("strong", null, humanType(link.kind)), ` · ${link.events} event${link.events === 1 ? "" : "s"}`,
      ` · ${link.sources} independent source${link.sources === 1 ? "" : "s"}`),
    h("ol", { class: "link-evidence" }, link.evidence.map((carrier) => h("li", null,
      h("div", { class: "hop-line" }, humanType(carrier.subtype || carrier.type), carrier.date ? ` · ${carrier.date}` : "",
        carrier.modality ? ` · ${carrier.modality}` : "", " ",
        h("a", { class: "btn btn-small", href: href("provenance", { id: carrier.id }) }, "Provenance")),
      h("ul", { class: "evidence-list" }, carrier.evidence.map((ev) => evidenceCard(ev, carrier.id)))))));
}
