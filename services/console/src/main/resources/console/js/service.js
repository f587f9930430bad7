// Service: health details, charts over time (rate, lag, batch latency, errors) from the kept history, and the
// estimated time to catch up.
import {api} from './api.js';
import {duration, fill, h, healthBadge, num, rate, table} from './dom.js';

const CHARTS = [
  {title: 'Throughput', unit: 'records/s', series: [['rate', 'records/s', '#2b6cb0']]},
  {title: 'Lag', unit: 'records', series: [['lag_records', 'records', '#c05621']], second: ['lag_seconds', 'seconds', '#805ad5']},
  {title: 'Batch latency', unit: 'ms', series: [['batch_latency_ms', 'ms', '#2f855a']]},
  {title: 'Errors', unit: 'errors', series: [['errors', 'errors', '#c53030']]},
];

export function show(main, state, name) {
  const head = h('div', {class: 'page-head'}, h('h1', null, `Service ${name}`));
  const summary = h('div', {id: 'service-summary', class: 'card'}, h('p', {class: 'muted'}, 'Loading…'));
  const minutes = h('select', {id: 'history-minutes', 'aria-label': 'History window'},
    [15, 60, 360, 1440].map((m) => h('option', {value: m, selected: m === 60}, m < 60 ? `${m} min` : `${m / 60} h`)));
  const charts = h('div', {class: 'charts', id: 'service-charts'});
  const details = h('div', {class: 'card', id: 'service-details'});
  fill(main, head, summary,
    h('section', {class: 'card'}, h('div', {class: 'section-head'}, h('h2', null, 'Over time'), minutes), charts),
    details);

  let plots = [];
  let stopped = false;
  let lastHistory = 0;

  async function loadDetails() {
    try {
      const d = await api(`/api/services/${encodeURIComponent(name)}`);
      renderSummary(summary, d);
      renderDetails(details, d);
    } catch (e) {
      fill(summary, h('p', {class: 'error'}, e.message));
    }
  }

  async function loadHistory() {
    lastHistory = Date.now();
    try {
      const hist = await api(`/api/services/${encodeURIComponent(name)}/history`, {params: {minutes: minutes.value}});
      if (!stopped) plots = drawCharts(charts, hist, plots);
    } catch (e) {
      fill(charts, h('p', {class: 'error'}, e.message));
      plots = [];
    }
  }

  minutes.addEventListener('change', () => { plots.forEach((p) => p.destroy()); plots = []; loadHistory(); });
  const onOverview = (e) => {
    const sv = (e.detail.services || []).find((x) => x.name === name);
    if (sv) renderSummary(summary, sv);
    if (Date.now() - lastHistory > 4000) loadHistory();
  };
  state.bus.addEventListener('overview', onOverview);
  loadDetails();
  loadHistory();
  const detailTimer = setInterval(loadDetails, 15000);
  const resize = () => plots.forEach((p) => p.setSize(size(p.root.parentElement)));
  window.addEventListener('resize', resize);
  return {
    stop() {
      stopped = true;
      clearInterval(detailTimer);
      window.removeEventListener('resize', resize);
      state.bus.removeEventListener('overview', onOverview);
      plots.forEach((p) => p.destroy());
    },
  };
}

function renderSummary(node, sv) {
  const eta = sv.eta_seconds === null || sv.eta_seconds === undefined
    ? (sv.lag_records ? 'not catching up (lag is not shrinking)' : 'caught up')
    : `about ${duration(sv.eta_seconds)}`;
  fill(node, h('dl', {class: 'stats'},
    stat('Health', healthBadge(sv.health)),
    stat('Rate', rate(sv.rate)),
    stat('Lag', sv.lag_records === null || sv.lag_records === undefined ? '–' : `${num(sv.lag_records)} records`),
    stat('Oldest unread', duration(sv.lag_seconds)),
    stat('Freshness', duration(sv.freshness_seconds)),
    stat('Dead letters', sv.dlq_count ? h('a', {href: '#/dlq'}, num(sv.dlq_count)) : '0'),
    stat('Time to catch up', h('span', {id: 'service-eta'}, eta)),
    sv.url ? stat('URL', h('code', null, sv.url)) : null));
}

function stat(label, value) {
  return h('div', null, h('dt', null, label), h('dd', null, value));
}

function renderDetails(node, d) {
  const groups = d.groups || [];
  fill(node,
    h('h2', null, 'Consumer groups'),
    groups.length ? groups.map((g) => h('div', {class: 'group'},
      h('h3', null, g.group, ' ', h('span', {class: 'muted'}, `${g.state || ''} · ${num(g.members)} members · lag ${num(g.lag)}`)),
      table(['Topic', 'Partition', 'Committed', 'End', 'Lag'], (g.partitions || []).map((p) => [
        h('a', {href: `#/topics/${encodeURIComponent(p.topic)}`}, p.topic), p.partition, num(p.committed), num(p.end),
        h('span', {class: p.lag > 0 ? 'warn' : ''}, num(p.lag))]), {empty: 'No committed offsets yet.'})))
      : h('p', {class: 'muted'}, 'No consumer groups.'),
    h('h2', null, 'Health details'),
    d.health_details ? healthDetails(d.health_details) : h('p', {class: 'muted'}, 'No details (the service did not answer /health).'));
}

function healthDetails(body) {
  const checks = body.checks || body.details || body.components;
  const rows = checks && typeof checks === 'object'
    ? Object.entries(checks).map(([k, v]) => [k, typeof v === 'object' && v !== null ? healthBadge(String(v.status || '').toLowerCase() || 'unknown') : String(v),
      typeof v === 'object' && v !== null ? h('code', {class: 'wrap'}, JSON.stringify(v.details || v)) : ''])
    : [];
  return h('div', null,
    body.status ? h('p', null, 'Status: ', healthBadge(String(body.status).toLowerCase())) : null,
    rows.length ? table(['Check', 'Status', 'Details'], rows) : null,
    h('details', null, h('summary', null, 'Raw /health body'), h('pre', null, JSON.stringify(body, null, 2))));
}

/** X axis ticks as UTC clock times, with seconds when the ticks are under a minute apart. */
function clock(u, ticks) {
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 60;
  return ticks.map((v) => new Date(v * 1000).toISOString().slice(11, step < 60 ? 19 : 16));
}

function size(container) {
  const w = Math.max(260, (container ? container.clientWidth : 560) - 8);
  return {width: w, height: 170};
}

/** Draws (or updates in place) one uPlot chart per metric. */
function drawCharts(container, hist, plots) {
  const t = hist.t || [];
  const series = hist.series || {};
  if (typeof window.uPlot !== 'function') {
    fill(container, h('p', {class: 'error'}, 'uPlot did not load; the charts cannot be drawn.'));
    return [];
  }
  if (!t.length) {
    fill(container, h('p', {class: 'muted', id: 'history-empty'}, 'No history yet: the first sample comes within a few seconds.'));
    return [];
  }
  const dataFor = (c) => [t, ...c.series.map(([k]) => series[k] || t.map(() => null)),
    ...(c.second ? [series[c.second[0]] || t.map(() => null)] : [])];
  if (plots.length === CHARTS.length) {
    plots.forEach((p, i) => p.setData(dataFor(CHARTS[i])));
    return plots;
  }
  fill(container);
  return CHARTS.map((c) => {
    const box = h('figure', {class: 'chart', 'aria-label': `${c.title} chart`}, h('figcaption', null, c.title));
    container.append(box);
    const opts = {
      ...size(box),
      series: [{},
        ...c.series.map(([, label, color]) => ({label, stroke: color, width: 1.5, fill: `${color}22`, points: {size: 4}})),
        ...(c.second ? [{label: c.second[1], stroke: c.second[2], width: 1.5, scale: 's'}] : [])],
      axes: [{values: clock, space: 70}, {label: c.unit, size: 60}, ...(c.second ? [{scale: 's', side: 1, label: 'seconds', grid: {show: false}}] : [])],
      legend: {live: true},
      tzDate: (ts) => window.uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: {drag: {x: true, y: false}},
    };
    return new window.uPlot(opts, dataFor(c), box);
  });
}
