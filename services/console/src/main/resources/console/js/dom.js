// Small DOM and formatting helpers shared by the pages. Text always goes in as text (never as HTML).

/** Builds an element: h('a', {href: '#/'}, 'text', child, ...). Attributes starting with "on" are listeners. */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k === 'value' || k === 'checked') node[k] = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else node.append(c instanceof Node ? c : String(c));
  }
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes. */
export function s(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  append(node, children);
  return node;
}

/** Replaces the children of node. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A table from column headings and rows of cells; empty says so in one row. */
export function table(headings, rows, {caption, empty = 'Nothing here yet.', cls} = {}) {
  return h('table', {class: cls},
    caption ? h('caption', null, caption) : null,
    h('thead', null, h('tr', null, headings.map((t) => h('th', {scope: 'col'}, t)))),
    h('tbody', null, rows.length
      ? rows.map((r) => r instanceof Node ? r : h('tr', null, r.map((c) => h('td', null, c))))
      : h('tr', null, h('td', {colspan: headings.length, class: 'muted'}, empty))));
}

export function num(v, digits = 0) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return Number(v).toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: 0});
}

export function rate(v) {
  return v === null || v === undefined ? '–' : `${num(v, v < 10 ? 1 : 0)}/s`;
}

/** Seconds as "4 s", "3 min 2 s", "2 h 5 min", "1 d 3 h". */
export function duration(sec) {
  if (sec === null || sec === undefined || Number.isNaN(sec)) return '–';
  const t = Math.round(Number(sec));
  if (t < 60) return `${Number(sec) < 10 && Number(sec) % 1 ? Number(sec).toFixed(1) : t} s`;
  if (t < 3600) return `${Math.floor(t / 60)} min ${t % 60} s`;
  if (t < 86400) return `${Math.floor(t / 3600)} h ${Math.floor((t % 3600) / 60)} min`;
  return `${Math.floor(t / 86400)} d ${Math.floor((t % 86400) / 3600)} h`;
}

export function time(v) {
  if (v === null || v === undefined || v === '') return '–';
  const d = typeof v === 'number' ? new Date(v) : new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** A key or value from the API: a string, null, or {"base64": "..."} for binary data. */
export function payload(v) {
  if (v === null || v === undefined) return h('span', {class: 'muted'}, 'null');
  if (typeof v === 'object' && v.base64 !== undefined) return h('span', {class: 'binary', title: 'binary, base64'}, `base64:${v.base64}`);
  return typeof v === 'string' ? pretty(v) : JSON.stringify(v, null, 2);
}

function pretty(text) {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try { return JSON.stringify(JSON.parse(t), null, 2); } catch { /* not JSON: as is */ }
  }
  return text;
}

/** A short one-line preview of a payload. */
export function preview(v, max = 120) {
  let text;
  if (v === null || v === undefined) text = 'null';
  else if (typeof v === 'object' && v.base64 !== undefined) text = `base64:${v.base64}`;
  else text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function healthBadge(health) {
  const v = health || 'unknown';
  return h('span', {class: `health health-${v}`}, v);
}

/** Shows a message for a few seconds (errors stay until clicked). */
export function toast(message, kind = 'error') {
  const box = document.getElementById('toasts');
  const item = h('div', {class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status'},
    h('span', null, message),
    h('button', {type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: () => item.remove()}, '×'));
  box.append(item);
  if (kind !== 'error') setTimeout(() => item.remove(), 4000);
}

/** A labelled form field: field('Topic', input). */
export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h('div', {class: 'field'}, h('label', {for: id}, label), control, hint ? h('small', {class: 'muted'}, hint) : null);
}

/** Form values as an object, blank ones left out. */
export function values(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) {
    if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
  }
  return out;
}

/** Epoch ms of a datetime-local value taken as UTC, or undefined. */
export function utcMillis(local) {
  if (!local) return undefined;
  const d = new Date(`${local}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.getTime();
}
