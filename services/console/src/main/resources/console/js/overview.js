// Overview: the pipeline as a graph (sources → topics → services → stores, each edge's live rate) and the
// services' health, lag, freshness and dead letters, redrawn on every overview event.
import {duration, fill, h, healthBadge, num, rate, s, table, time} from './dom.js';

const KIND_ORDER = {source: 0, topic: 1, service: 2, store: 3};
const GAP_X = 56;
const GAP_Y = 14;
const HEIGHT = {service: 78, topic: 34, source: 34, store: 34};

export function show(main, state) {
  const graph = h('div', {class: 'graph', id: 'pipeline-graph'}, h('p', {class: 'muted'}, 'Loading the pipeline…'));
  const services = h('div', {id: 'services-table'});
  const stamp = h('span', {class: 'muted'});
  const dlqLine = h('p', {id: 'overview-dlq'});
  fill(main,
    h('div', {class: 'page-head'}, h('h1', null, 'Pipeline'), stamp),
    h('section', {'aria-label': 'Pipeline graph', class: 'card'}, graph),
    h('section', {class: 'card'}, h('h2', null, 'Services'), services, dlqLine));
  const render = (o) => {
    if (!o) return;
    stamp.textContent = `as of ${time(o.at)}`;
    fill(graph, draw(o, graph.clientWidth || 1200));
    fill(services, serviceTable(o.services || []));
    const d = o.dlq || {total: 0, open: 0};
    fill(dlqLine, 'Dead letters: ', h('a', {href: '#/dlq'}, `${num(d.open)} open`), ` of ${num(d.total)}.`);
  };
  render(state.overview);
  const listener = (e) => render(e.detail);
  state.bus.addEventListener('overview', listener);
  return {stop: () => state.bus.removeEventListener('overview', listener)};
}

function serviceTable(list) {
  return table(
    ['Service', 'Health', 'Rate', 'Lag (records)', 'Lag (time)', 'Freshness', 'DLQ', 'Catch up in'],
    list.map((sv) => [
      h('a', {href: `#/service/${encodeURIComponent(sv.name)}`}, sv.title || sv.name),
      healthBadge(sv.health), rate(sv.rate), num(sv.lag_records), duration(sv.lag_seconds),
      duration(sv.freshness_seconds),
      sv.dlq_count ? h('a', {href: '#/dlq', class: 'warn'}, num(sv.dlq_count)) : '0',
      sv.eta_seconds === null || sv.eta_seconds === undefined ? '–' : duration(sv.eta_seconds),
    ]),
    {empty: 'No services are running.'});
}

/** Edges that close a cycle (a service reading the topic it writes), found by a depth-first walk. */
function backEdges(nodes, edges) {
  const out = new Map(nodes.map((n) => [n.id, []]));
  for (const e of edges) if (out.has(e.from)) out.get(e.from).push(e);
  const seen = new Set();
  const onPath = new Set();
  const back = new Set();
  const visit = (id) => {
    seen.add(id);
    onPath.add(id);
    for (const e of out.get(id) || []) {
      if (onPath.has(e.to)) back.add(e);
      else if (!seen.has(e.to)) visit(e.to);
    }
    onPath.delete(id);
  };
  const byKind = [...nodes].sort((a, b) => (KIND_ORDER[a.kind] ?? 1) - (KIND_ORDER[b.kind] ?? 1));
  for (const n of byKind) if (!seen.has(n.id)) visit(n.id);
  return back;
}

/** Columns: each kind's usual place, pushed right until every forward edge goes left to right; no empty column. */
function layers(nodes, edges) {
  const back = backEdges(nodes, edges);
  const forward = edges.filter((e) => !back.has(e));
  const layer = new Map(nodes.map((n) => [n.id, KIND_ORDER[n.kind] ?? 1]));
  for (let i = 0; i < nodes.length; i++) {
    let changed = false;
    for (const e of forward) {
      if (!layer.has(e.from) || !layer.has(e.to)) continue;
      const want = layer.get(e.from) + 1;
      if (layer.get(e.to) < want) { layer.set(e.to, want); changed = true; }
    }
    if (!changed) break;
  }
  // A node nobody feeds sits just left of the first node it feeds, so its edges do not run behind other nodes.
  const fed = new Set(forward.map((e) => e.to));
  for (const n of nodes) {
    if (fed.has(n.id)) continue;
    const targets = forward.filter((e) => e.from === n.id && layer.has(e.to)).map((e) => layer.get(e.to));
    if (targets.length) layer.set(n.id, Math.max(layer.get(n.id), Math.min(...targets) - 1));
  }
  const used = [...new Set(layer.values())].sort((a, b) => a - b);
  for (const [id, l] of layer) layer.set(id, used.indexOf(l));
  return layer;
}

function draw(o, room) {
  const nodes = o.nodes || [];
  const edges = (o.edges || []).filter((e) => e.from !== e.to);
  if (!nodes.length) return h('p', {class: 'muted'}, 'No pipeline to show yet.');
  const services = new Map((o.services || []).map((sv) => [`service:${sv.name}`, sv]));
  const layer = layers(nodes, edges);
  const columns = [];
  for (const n of nodes) (columns[layer.get(n.id)] ||= []).push(n);
  // Nodes as wide as the room allows (170 to 260 px), so that names fit.
  const W = Math.max(170, Math.min(260, Math.floor((room - 20 + GAP_X) / columns.length - GAP_X)));
  // Order each column by its parents' positions (one barycentre pass), to keep edges from crossing.
  const pos = new Map();
  const placed = [];
  columns.forEach((col, ci) => {
    if (!col) return;
    col.sort((a, b) => bary(a) - bary(b) || a.id.localeCompare(b.id));
    let y = 10;
    for (const n of col) {
      const ht = HEIGHT[n.kind] || 34;
      pos.set(n.id, {x: 10 + ci * (W + GAP_X), y, h: ht});
      placed.push(n);
      y += ht + GAP_Y;
    }
    col.height = y;
  });
  function bary(n) {
    const from = edges.filter((e) => e.to === n.id && pos.has(e.from)).map((e) => pos.get(e.from).y);
    return from.length ? from.reduce((a, b) => a + b, 0) / from.length : 0;
  }
  const width = 20 + columns.length * (W + GAP_X) - GAP_X;
  const height = Math.max(...columns.filter(Boolean).map((c) => c.height)) + 4;
  const svg = s('svg', {viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-label': `Pipeline: ${nodes.length} nodes, ${edges.length} edges`, class: 'pipeline'});
  const edgeLayer = s('g', {class: 'edges'});
  const nodeLayer = s('g', {class: 'nodes'});
  svg.append(s('defs', null, s('marker', {id: 'arrow', viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 6, markerHeight: 6,
    orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse'}, s('path', {d: 'M0,0 L8,4 L0,8 z', class: 'arrow'}))),
  edgeLayer, nodeLayer);
  for (const e of edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const backwards = b.x <= a.x;
    // A back edge (a service writing the topic it reads) runs right to left just above the forward one.
    const x1 = backwards ? a.x : a.x + W;
    const y1 = a.y + a.h / 2 - (backwards ? 9 : 0);
    const x2 = backwards ? b.x + W : b.x;
    const y2 = b.y + b.h / 2 - (backwards ? 9 : 0);
    const mid = (x1 + x2) / 2;
    const flowing = e.rate > 0;
    const widthPx = flowing ? Math.min(6, 1.5 + Math.log10(1 + e.rate)) : 1.5;
    edgeLayer.append(s('path', {d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`,
      class: flowing ? 'edge flowing' : 'edge', 'stroke-width': widthPx.toFixed(1), 'marker-end': 'url(#arrow)'},
    s('title', null, `${e.from} → ${e.to}: ${rate(e.rate)}`)));
    if (e.rate !== undefined && e.rate !== null) {
      const lx = mid;
      const ly = (y1 + y2) / 2 - (backwards ? 8 : 0);
      const text = rate(e.rate);
      edgeLayer.append(s('rect', {x: lx - text.length * 3.4 - 4, y: ly - 9, width: text.length * 6.8 + 8, height: 16, rx: 3, class: 'edge-label-bg'}),
        s('text', {x: lx, y: ly + 3, 'text-anchor': 'middle', class: 'edge-label'}, text));
    }
  }
  for (const n of placed) nodeLayer.append(node(n, pos.get(n.id), services.get(n.id), W));
  return svg;
}

function node(n, p, sv, W) {
  const g = s('g', {class: `node node-${n.kind}`, transform: `translate(${p.x},${p.y})`, 'data-id': n.id});
  const health = sv ? sv.health || 'unknown' : null;
  g.append(s('rect', {width: W, height: p.h, rx: n.kind === 'topic' ? 17 : 6, class: health ? `box health-${health}` : 'box'}));
  const label = n.label || n.id;
  // About 7 px a character in the 12 px bold label; the kind word takes its share on non-service nodes.
  const room = Math.floor((W - (sv ? 34 : 20 + (n.kind.length + 1) * 5.6)) / 7);
  // Cut in the middle: the end of a name (".dlq", a table) says as much as its start.
  const keep = Math.ceil((room - 1) / 2);
  const short = label.length > room ? `${label.slice(0, room - 1 - keep)}…${label.slice(-keep)}` : label;
  if (!sv) {
    g.append(s('text', {x: 10, y: 21, class: 'node-label'}, s('tspan', {class: 'kind'}, `${n.kind} `), short),
      s('title', null, `${n.kind}: ${label}`));
    return g;
  }
  g.append(
    s('text', {x: 10, y: 18, class: 'node-label'}, short),
    s('circle', {cx: W - 14, cy: 13, r: 5, class: `dot health-${health}`}),
    s('text', {x: 10, y: 36, class: 'node-detail'}, `${health} · ${rate(sv.rate)}`),
    s('text', {x: 10, y: 52, class: 'node-detail'}, `lag ${num(sv.lag_records)} · ${duration(sv.lag_seconds)}`),
    s('text', {x: 10, y: 68, class: sv.dlq_count ? 'node-detail warn' : 'node-detail'},
      `fresh ${duration(sv.freshness_seconds)} · DLQ ${num(sv.dlq_count)}`),
    s('title', null, `${sv.title || sv.name}: ${health}, open its page`));
  const link = s('a', {href: `#/service/${encodeURIComponent(sv.name)}`, 'aria-label': `Service ${sv.name}`});
  link.append(g);
  return link;
}
