// View state lives in the URL hash (#/view?key=value&...), so every view is a shareable link and
// the browser's back/forward buttons walk through the analyst's steps.

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#\/?/, "");
  const q = raw.indexOf("?");
  const view = (q < 0 ? raw : raw.slice(0, q)) || "home";
  const params = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
  const out = {};
  for (const key of new Set(params.keys())) out[key] = params.get(key);
  return { view: decodeURIComponent(view), params: out };
}

export function href(view, params = {}) {
  const usp = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    usp.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  const text = usp.toString();
  return `#/${view}${text ? `?${text}` : ""}`;
}

/** Go to a view (a new history entry), or replace the current entry. */
export function go(view, params = {}, { replace = false } = {}) {
  const target = href(view, params);
  if (target === location.hash) return;
  if (replace) {
    history.replaceState(null, "", target);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    location.hash = target;
  }
}

/** Change some params of the current view. */
export function update(changes, opts) {
  const { view, params } = parseHash();
  const next = { ...params, ...changes };
  for (const [key, value] of Object.entries(next)) if (value === null || value === undefined || value === "") delete next[key];
  go(view, next, opts);
}

export function listParam(value) {
  return value ? value.split(",").filter(Boolean) : [];
}
