// Type-ahead search (GET /api/search): a combobox with a listbox of suggestions, driven by the
// keyboard (Up/Down, Enter, Escape) or the mouse. Used by the header search and every actor picker.

import { api, problemBox } from "./api.js";
import { h, replace, clear, debounce } from "./dom.js";
import { TYPE_STYLE } from "./graph.js";

let counter = 0;

export function typeBadge(type) {
  const st = TYPE_STYLE[type] || { color: "#64748b" };
  return h("span", { class: "badge", style: { "--badge": st.color }, title: type }, type || "?");
}

/**
 * Turn `input` into a combobox. `onPick(result)` gets a search result
 * ({id, type, label, aliases, snippet}). `types` limits the search; `value` holds the picked id.
 */
export function autocomplete(input, { onPick, types = null, limit = 8, placeholder } = {}) {
  const id = `suggest-${++counter}`;
  const list = h("ul", { id, class: "suggestions", role: "listbox", hidden: true });
  const wrap = h("div", { class: "combo" });
  input.parentNode.insertBefore(wrap, input);
  wrap.append(input, list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", id);
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("autocomplete", "off");
  input.spellcheck = false;
  if (placeholder) input.placeholder = placeholder;

  let results = [];
  let active = -1;
  let controller = null;
  let lastQuery = "";

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const setActive = (i) => {
    const items = list.querySelectorAll("[role=option]");
    items.forEach((el, j) => el.setAttribute("aria-selected", String(j === i)));
    active = i;
    if (i >= 0 && items[i]) {
      input.setAttribute("aria-activedescendant", items[i].id);
      items[i].scrollIntoView({ block: "nearest" });
    }
  };

  const pick = (result) => {
    close();
    input.value = result.label;
    input.dataset.id = result.id;
    input.dataset.type = result.type;
    onPick && onPick(result);
  };

  const show = (nodes) => {
    replace(list, nodes);
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };

  let pickOnResults = false;
  const runSearch = async () => {
    const q = input.value.trim();
    if (!q) { close(); return; }
    if (controller) controller.abort();
    controller = new AbortController();
    lastQuery = q;
    show([h("li", { class: "suggestion-state", role: "presentation" }, "Searching…")]);
    try {
      const data = await api("/api/search", { params: { q, type: types, limit }, signal: controller.signal });
      if (q !== lastQuery) return;
      results = data.results || [];
      active = -1;
      if (pickOnResults && results.length) { pickOnResults = false; pick(results[0]); return; }
      pickOnResults = false;
      if (!results.length) {
        show([h("li", { class: "suggestion-state", role: "presentation" }, `No match for “${q}”`)]);
        return;
      }
      show(results.map((r, i) => h("li", {
        id: `${id}-${i}`, role: "option", class: "suggestion", "aria-selected": "false",
        dataset: { id: r.id, type: r.type },
        onmousedown: (e) => { e.preventDefault(); pick(r); },
      },
      typeBadge(r.type),
      h("span", { class: "suggestion-label" }, r.label),
      r.aliases && r.aliases.length ? h("span", { class: "suggestion-aliases" }, r.aliases.filter((a) => a !== r.label).slice(0, 3).join(" · ")) : null,
      r.snippet && r.snippet !== r.label ? h("span", { class: "suggestion-snippet" }, r.snippet) : null)));
    } catch (err) {
      if (err.name === "AbortError") return;
      show([h("li", { class: "suggestion-state", role: "presentation" }, problemBox(err))]);
    }
  };
  const search = debounce(runSearch, 120);

  input.addEventListener("input", () => { delete input.dataset.id; search(); });
  input.addEventListener("focus", () => {
    if (results.length && input.value.trim() === lastQuery && !input.dataset.id) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) search(); else setActive(Math.min(active + 1, results.length - 1)); }
    else if (e.key === "ArrowUp") { e.preventDefault(); setActive(Math.max(active - 1, 0)); }
    else if (e.key === "Escape") { if (!list.hidden) { e.stopPropagation(); close(); } else input.blur(); }
    else if (e.key === "Enter") {
      e.preventDefault();
      if (input.value.trim() === lastQuery && results.length && !list.hidden) pick(results[active >= 0 ? active : 0]);
      else if (input.value.trim()) { pickOnResults = true; runSearch(); }
    }
  });
  return { close, clear: () => { input.value = ""; delete input.dataset.id; results = []; clear(list); close(); } };
}
