// Thin client for the intelgraph HTTP API (docs/api.md). Errors come back as problem+json
// (RFC 9457) and are raised as ApiError so views can show title, detail and field errors.

import { h } from "./dom.js";

const KEY_STORAGE = "intelgraph.apiKey";

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || { title: `HTTP ${status}`, status };
  }
}

export function getApiKey() {
  try { return sessionStorage.getItem(KEY_STORAGE) || ""; } catch { return ""; }
}

export function setApiKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch { /* storage disabled: the key lives only in the form field */ }
}

/** Encode one path segment; ids contain ':', '@' and (sentences) '#'. */
export const seg = (value) => encodeURIComponent(value);

export function query(params) {
  const usp = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value)) value.forEach((v) => usp.append(key, v));
    else usp.append(key, String(value));
  }
  const text = usp.toString();
  return text ? `?${text}` : "";
}

async function problemOf(response) {
  const type = response.headers.get("content-type") || "";
  try {
    if (type.includes("json")) return await response.json();
    const text = await response.text();
    return { title: response.statusText || `HTTP ${response.status}`, status: response.status, detail: text.slice(0, 500) };
  } catch {
    return { title: `HTTP ${response.status}`, status: response.status };
  }
}

/**
 * Call the API. `opts`: {method, params, body, auth, accept, signal, raw}.
 * `auth: true` sends the session's API key; `raw: true` returns the Response (for CSV).
 */
export async function api(path, opts = {}) {
  const headers = { Accept: opts.accept || "application/json" };
  let body;
  if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  const key = getApiKey();
  if (key && (opts.auth || opts.sendKey !== false)) headers.Authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(path + query(opts.params), { method: opts.method || "GET", headers, body, signal: opts.signal });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, { title: "Server unreachable", detail: "The intelgraph server did not answer. Is it running?" });
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (opts.raw) return response;
  if (response.status === 204) return null;
  return response.json();
}

/** A problem+json error rendered for people: title, status, detail, field errors. */
export function problemBox(err, extra) {
  if (err && err.name === "AbortError") return null;
  const p = err instanceof ApiError ? err.problem : { title: "Unexpected error", detail: String(err && err.message || err) };
  const status = err instanceof ApiError && err.status ? ` (${err.status})` : "";
  const fields = Array.isArray(p.errors) && p.errors.length
    ? h("ul", { class: "problem-fields" }, p.errors.map((e) =>
        h("li", null, h("code", null, [e.location, e.field].filter(Boolean).join(".") || "?"), ": ", e.message || "")))
    : null;
  let hint = null;
  if (err instanceof ApiError && err.status === 401) hint = "This action needs an API key with the write role: enter it in the key field (Ingest view).";
  if (err instanceof ApiError && err.status === 403) hint = "The API key's role is too weak for this action (write is needed).";
  if (err instanceof ApiError && err.status === 503) hint = "The graph database is unreachable; the server reconnects by itself. Try again in a few seconds.";
  return h("div", { class: "problem", role: "alert" },
    h("div", { class: "problem-title" }, `${p.title || "Error"}${status}`),
    p.detail ? h("div", { class: "problem-detail" }, p.detail) : null,
    fields,
    p.query ? h("div", { class: "problem-detail" }, "Query: ", h("code", null, p.query)) : null,
    p.request_id ? h("div", { class: "problem-meta" }, "Request id: ", h("code", null, p.request_id)) : null,
    hint ? h("div", { class: "problem-hint" }, hint) : null,
    extra || null);
}

export function loading(text = "Loading…") {
  return h("div", { class: "state loading", role: "status", "aria-live": "polite" }, h("span", { class: "spinner", "aria-hidden": "true" }), text);
}

export function empty(text, hint) {
  return h("div", { class: "state empty" }, h("div", null, text), hint ? h("div", { class: "hint" }, hint) : null);
}
