// Export of a graph canvas (issue 12): PNG through Cytoscape's own cy.png(), SVG through the small
// serialiser below (node shapes, colours, labels and straight edges at their drawn positions), so no
// SVG exporter has to be vendored. Both download a file named after the view.

import { h } from "./dom.js";

const XML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const esc = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
const num = (x) => Math.round(x * 10) / 10;

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The visible graph as a PNG blob (white background, at twice the screen resolution). */
export function pngBlob(cy) {
  return cy.png({ output: "blob", bg: "#ffffff", full: true, scale: 2 });
}

function polygon(cx, cy, w, hgt, points) {
  return points.map(([x, y]) => `${num(cx + (x * w) / 2)},${num(cy + (y * hgt) / 2)}`).join(" ");
}

const SHAPES = {
  hexagon: [[-1, 0], [-0.5, -1], [0.5, -1], [1, 0], [0.5, 1], [-0.5, 1]],
  diamond: [[0, -1], [1, 0], [0, 1], [-1, 0]],
  rhomboid: [[-1, 1], [-0.33, -1], [1, -1], [0.33, 1]],
};

function nodeSvg(node) {
  const { x, y } = node.position();
  const w = node.width();
  const hgt = node.height();
  const fill = node.style("background-color");
  const stroke = node.style("border-color");
  const sw = parseFloat(node.style("border-width")) || 0;
  const shape = node.style("shape");
  const paint = `fill="${esc(fill)}" stroke="${esc(stroke)}" stroke-width="${num(sw)}"`;
  let body;
  if (shape === "ellipse") body = `<ellipse cx="${num(x)}" cy="${num(y)}" rx="${num(w / 2)}" ry="${num(hgt / 2)}" ${paint}/>`;
  else if (SHAPES[shape]) body = `<polygon points="${polygon(x, y, w, hgt, SHAPES[shape])}" ${paint}/>`;
  else {
    const r = shape.includes("round") || shape === "barrel" ? 6 : 0;
    body = `<rect x="${num(x - w / 2)}" y="${num(y - hgt / 2)}" width="${num(w)}" height="${num(hgt)}" rx="${r}" ${paint}/>`;
  }
  const label = node.data("display") || node.data("label") || node.id();
  const text = `<text x="${num(x)}" y="${num(y + hgt / 2 + 13)}" text-anchor="middle">${esc(label)}</text>`;
  return `<g class="node" data-id="${esc(node.id())}" data-type="${esc(node.data("type"))}">${body}${text}</g>`;
}

function edgeSvg(edge) {
  const s = edge.sourceEndpoint();
  const t = edge.targetEndpoint();
  const color = edge.style("line-color");
  const width = parseFloat(edge.style("width")) || 1;
  const arrow = edge.style("target-arrow-shape") !== "none" ? ' marker-end="url(#arrow)"' : "";
  const label = edge.data("display") || "";
  const mx = (s.x + t.x) / 2;
  const my = (s.y + t.y) / 2;
  return `<g class="edge" data-id="${esc(edge.id())}" data-type="${esc(edge.data("type"))}">`
    + `<line x1="${num(s.x)}" y1="${num(s.y)}" x2="${num(t.x)}" y2="${num(t.y)}" stroke="${esc(color)}" stroke-width="${num(width)}"${arrow}/>`
    + (label ? `<text class="edge-label" x="${num(mx)}" y="${num(my - 3)}" text-anchor="middle">${esc(label)}</text>` : "")
    + "</g>";
}

/** The visible graph as an SVG document (a string), at the nodes' model positions. */
export function svgText(cy) {
  const eles = cy.elements(":visible");
  const bb = eles.boundingBox({ includeLabels: true });
  const pad = 20;
  const [x0, y0] = [bb.x1 - pad, bb.y1 - pad];
  const [w, hgt] = [Math.max(bb.w, 1) + 2 * pad, Math.max(bb.h, 1) + 2 * pad];
  const edges = eles.edges().map(edgeSvg).join("\n");
  const nodes = eles.nodes().map(nodeSvg).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(x0)} ${num(y0)} ${num(w)} ${num(hgt)}" width="${num(w)}" height="${num(hgt)}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#94a3b8"/></marker></defs>
<style>text { font-family: system-ui, sans-serif; font-size: 11px; fill: #1e293b; } .edge-label { font-size: 9px; fill: #475569; }</style>
<rect x="${num(x0)}" y="${num(y0)}" width="${num(w)}" height="${num(hgt)}" fill="#ffffff"/>
${edges}
${nodes}
</svg>
`;
}

/** "PNG" and "SVG" buttons for the toolbar of a view; `graph()` returns its GraphView. */
export function exportButtons(graph, name) {
  const stem = () => `intelgraph-${name()}`.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 120);
  return [
    h("button", { class: "btn", type: "button", id: "btn-export-png", title: "Download the graph as a PNG image",
      onclick: async () => download(await pngBlob(graph().cy), `${stem()}.png`) }, "PNG"),
    h("button", { class: "btn", type: "button", id: "btn-export-svg", title: "Download the graph as an SVG drawing",
      onclick: () => download(new Blob([svgText(graph().cy)], { type: "image/svg+xml" }), `${stem()}.svg`) }, "SVG"),
  ];
}
