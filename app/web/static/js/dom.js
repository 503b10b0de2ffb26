// DOM helpers. Every string from the data reaches the page through text nodes or attributes set
// with DOM APIs, never through innerHTML, so article text cannot inject markup or scripts.

const SVG_NS = "http://www.w3.org/2000/svg";

function apply(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style" && typeof value === "object") {
      for (const [prop, v] of Object.entries(value)) {
        if (v === null || v === undefined) continue;
        if (prop.startsWith("--") || prop.includes("-")) el.style.setProperty(prop, String(v));
        else el.style[prop] = v;
      }
    }
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "value" && "value" in el) el.value = value;
    else if (key === "checked" || key === "disabled" || key === "selected") el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Build an HTML element: h("a", {href, class, onclick}, "text", childNode, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** True for an absolute http(s) URL; anything else (javascript:, data:, relative, junk) is false. */
export function isWebUrl(value) {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** A link to a document's original: an <a> only for http(s) URLs (a document's `url` is data
 *  written by whoever loaded it, so `javascript:` and the like are shown as plain text). */
export function originalLink(url, label = "original") {
  if (!isWebUrl(url)) return h("span", { class: "unsafe-url", title: `not an http(s) link: ${url}` }, label);
  return h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, label);
}

/** Build an SVG element the same way. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** A sentence with one span marked: pre <mark>match</mark> post, all as text nodes. */
export function markedSentence(sentence, start, end, cls = "hl") {
  const text = sentence || "";
  if (start === null || start === undefined || start < 0 || end > text.length || start >= end) {
    return h("span", { class: "sentence" }, text);
  }
  return h("span", { class: "sentence" },
    text.slice(0, start), h("mark", { class: cls }, text.slice(start, end)), text.slice(end));
}

/** Locate `needle` in `haystack` for highlighting when only the span text is known. */
export function findSpan(haystack, needle) {
  if (!haystack || !needle) return [-1, -1];
  const i = haystack.indexOf(needle);
  return i < 0 ? [-1, -1] : [i, i + needle.length];
}

export function fmtDate(value) {
  return value ? String(value) : "undated";
}

export function fmtNumber(value, digits = 2) {
  return typeof value === "number" ? value.toFixed(digits).replace(/\.?0+$/, "") : "–";
}

/** A system timestamp ("2026-11-30T06:07:00.844443000+00:00") shown to the minute, in UTC. */
export function fmtTime(value) {
  if (!value) return "";
  const t = Date.parse(String(value).replace(/(\.\d{3})\d+/, "$1"));
  if (Number.isNaN(t)) return String(value);
  return `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
