// Data: a panel per service, through the services' own APIs (/api/proxy/{service}/...). A panel whose service is
// not running says so and calls nothing.
import {api, attempt, post} from './api.js';
import {field, fill, h, num, table, time, toast, values} from './dom.js';
import {recordRow} from './topics.js';

const proxy = (service, path) => `/api/proxy/${service}/${path}`;

const PANELS = [
  {service: 'text-writer', title: 'Text messages', build: textMessages},
  {service: 'embeddings', title: 'Semantic search', build: semanticSearch},
  {service: 'request-events', title: 'Request events', build: requestEvents},
  {service: 'inventory', title: 'Inventory', build: inventory},
  {service: 'search-indexer', title: 'Product search', build: productSearch},
  {service: 'analytics', title: 'Analytics', build: analytics},
  {service: 'activity-processor', title: 'User activity', build: activity},
];

export function show(main, state) {
  const grid = h('div', {class: 'panels', id: 'data-panels'}, h('p', {class: 'muted'}, 'Loading…'));
  fill(main, h('div', {class: 'page-head'}, h('h1', null, 'Data')), grid);
  const render = (o) => {
    const running = new Map((o.services || []).map((sv) => [sv.name, sv]));
    const up = (p) => (running.has(p.service) && running.get(p.service).health !== 'unreachable' ? 0 : 1);
    const ordered = [...PANELS].sort((a, b) => up(a) - up(b));
    fill(grid, ordered.map((p) => {
      const sv = running.get(p.service);
      const body = h('div', {class: 'panel-body'});
      const node = h('section', {class: 'card panel', id: `panel-${p.service}`, 'aria-label': p.title},
        h('div', {class: 'section-head'}, h('h2', null, p.title), h('span', {class: 'muted'}, p.service)), body);
      if (!sv || sv.health === 'unreachable') {
        node.classList.add('off');
        fill(body, h('p', {class: 'muted not-running'},
          sv ? `${p.service} is not reachable right now.` : `${p.service} is not running in this platform.`,
          ' ', h('code', null, './sluice up'), ' starts every service; ', h('code', null, `./sluice run ${p.service}`), ' this one.'));
      } else {
        p.build(body, o);
      }
      return node;
    }));
  };
  if (state.overview) {
    render(state.overview);
  } else {
    api('/api/services').then((services) => render({services, edges: []}))
      .catch((e) => fill(grid, h('p', {class: 'error'}, e.message)));
  }
  return null;
}

/** Renders a JSON answer: a list of objects as a table (under its summary fields), anything else as JSON. */
export function jsonView(v) {
  if (Array.isArray(v)) return rowsTable(v);
  if (v && typeof v === 'object') {
    const lists = Object.entries(v).filter(([, x]) => Array.isArray(x));
    if (lists.length === 1) {
      const rest = Object.entries(v).filter(([, x]) => !Array.isArray(x) && (x === null || typeof x !== 'object'));
      return h('div', null,
        rest.length ? h('p', {class: 'muted'}, rest.map(([k, x]) => `${k}: ${x ?? '–'}`).join(' · ')) : null,
        rowsTable(lists[0][1]));
    }
    if (Object.values(v).every((x) => x === null || typeof x !== 'object')) {
      return h('dl', {class: 'kv'}, Object.entries(v).map(([k, x]) => h('div', null, h('dt', null, k), h('dd', null, x ?? '–'))));
    }
  }
  return h('pre', null, JSON.stringify(v, null, 2));
}

function rowsTable(list) {
  if (!list.length) return h('p', {class: 'muted'}, 'None.');
  if (typeof list[0] !== 'object' || list[0] === null) return h('pre', null, JSON.stringify(list, null, 2));
  const cols = [...new Set(list.flatMap((r) => Object.keys(r)))].slice(0, 8);
  return table(cols, list.map((r) => cols.map((c) => cell(r[c]))));
}

function cell(x) {
  if (x === null || x === undefined) return '–';
  if (typeof x === 'object') return h('code', {class: 'wrap'}, JSON.stringify(x));
  const t = String(x);
  return t.length > 160 ? `${t.slice(0, 159)}…` : t;
}

async function into(node, action) {
  fill(node, h('p', {class: 'muted'}, 'Loading…'));
  try {
    fill(node, jsonView(await action()));
  } catch (e) {
    fill(node, h('p', {class: 'error'}, e.status === 404 ? `Not found: ${e.message}` : e.message));
  }
}

function textMessages(body) {
  const stats = h('div', {class: 'stats-line'});
  const list = h('div', {id: 'text-messages-list'});
  const input = h('input', {name: 'message', required: true, maxlength: 10000, placeholder: 'Hello, Sluice'});
  const form = h('form', {class: 'row', id: 'text-message-form'}, field('New message', input),
    h('div', {class: 'field buttons'}, h('button', {type: 'submit', class: 'primary'}, 'Create')));
  const refresh = () => {
    into(list, () => api(proxy('text-writer', 'messages'), {params: {limit: 20}}));
    api(proxy('text-writer', 'stats')).then((s) => fill(stats,
      `${num(s.total_messages)} messages, ${num(s.recent_messages_1h)} in the last hour, newest ${time(s.newest_message)}`))
      .catch((e) => fill(stats, h('span', {class: 'error'}, e.message)));
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await attempt(() => post(proxy('text-writer', 'messages'), {message: input.value}));
    if (r) {
      toast(`Message ${r.id} ${r.status}.`, 'ok');
      form.reset();
      refresh();
    }
  });
  fill(body, stats, form, h('div', {class: 'buttons'}, h('button', {type: 'button', onclick: refresh}, 'Refresh')), list);
  refresh();
}

function semanticSearch(body) {
  const status = h('p', {class: 'muted'});
  const results = h('div');
  const input = h('input', {name: 'query', type: 'search', required: true, placeholder: 'what are you looking for?'});
  const form = h('form', {class: 'row'}, field('Search the messages by meaning', input),
    h('div', {class: 'field buttons'}, h('button', {type: 'submit', class: 'primary'}, 'Search')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    into(results, () => post(proxy('embeddings', 'embeddings/search'), {query: input.value, limit: 10}));
  });
  api(proxy('embeddings', 'status')).then((s) => fill(status,
    `${s.status}: ${num(s.processed_count)} embedded, backlog ${num(s.backlog)}, model ${s.model || s.model_type}`))
    .catch((e) => fill(status, h('span', {class: 'error'}, e.message)));
  fill(body, status, form, results);
}

/** The request events service writes its events to a topic: the panel shows that topic's latest records. */
function requestEvents(body, o) {
  const events = (id) => id.startsWith('topic:') && !id.endsWith('.dlq');
  const edge = (o.edges || []).find((e) => e.from === 'service:request-events' && events(e.to))
    || (o.edges || []).find((e) => e.to === 'service:request-events' && events(e.from));
  const topic = edge ? (edge.to.startsWith('topic:') ? edge.to : edge.from).slice('topic:'.length) : 'simple-time-events';
  const list = h('div', {id: 'request-events-list'});
  const load = async () => {
    try {
      const r = await api(`/api/topics/${encodeURIComponent(topic)}/messages`, {params: {limit: 20}});
      fill(list, h('p', {class: 'muted'}, `latest on ${topic}: scanned ${num(r.scanned)}, matched ${num(r.matched)}`),
        table(['Partition', 'Offset', 'Time', 'Key', 'Value', 'Headers'], r.records.map(recordRow),
          {empty: 'No events yet.', cls: 'records'}));
    } catch (e) {
      fill(list, h('p', {class: 'error'}, e.message));
    }
  };
  fill(body, h('div', {class: 'buttons'}, h('button', {type: 'button', id: 'request-events-refresh', onclick: load}, 'Refresh'),
    h('a', {href: `#/topics/${encodeURIComponent(topic)}`}, `Browse ${topic}`)), list);
  load();
}

function inventory(body) {
  const item = h('div');
  const low = h('div');
  const id = h('input', {name: 'product_id', type: 'number', required: true, placeholder: '901'});
  const lookup = h('form', {class: 'row'}, field('Product id', id),
    h('div', {class: 'field buttons'}, h('button', {type: 'submit', class: 'primary'}, 'Look up')));
  lookup.addEventListener('submit', (e) => {
    e.preventDefault();
    into(item, () => api(proxy('inventory', `inventory/${encodeURIComponent(id.value)}`)));
  });
  const threshold = h('input', {name: 'threshold', type: 'number', placeholder: 'default'});
  const lowForm = h('form', {class: 'row'}, field('Low stock under', threshold),
    h('div', {class: 'field buttons'}, h('button', {type: 'submit'}, 'Show low stock')));
  lowForm.addEventListener('submit', (e) => {
    e.preventDefault();
    into(low, () => api(proxy('inventory', 'inventory/low-stock'), {params: values(lowForm)}));
  });
  fill(body, lookup, item, lowForm, low);
}

function productSearch(body) {
  const results = h('div');
  const form = h('form', {class: 'row'},
    field('Search products', h('input', {name: 'q', type: 'search', required: true, placeholder: 'laptop'})),
    field('Min price', h('input', {name: 'min_price', type: 'number', step: '0.01'})),
    field('Max price', h('input', {name: 'max_price', type: 'number', step: '0.01'})),
    h('div', {class: 'field buttons'}, h('button', {type: 'submit', class: 'primary'}, 'Search')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    into(results, () => api(proxy('search-indexer', 'products/search'), {params: values(form)}));
  });
  fill(body, form, results);
}

function analytics(body) {
  const summary = h('div');
  fill(body, h('div', {class: 'buttons'}, h('button', {type: 'button', onclick: () => load()}, 'Refresh')), summary);
  const load = () => into(summary, () => api(proxy('analytics', 'analytics/summary')));
  load();
}

function activity(body) {
  const stats = h('div');
  const user = h('div');
  const id = h('input', {name: 'user_id', required: true, placeholder: 'user-1'});
  const form = h('form', {class: 'row'}, field('User', id),
    h('div', {class: 'field buttons'}, h('button', {type: 'submit', class: 'primary'}, 'Show activity')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    into(user, () => api(proxy('activity-processor', `activity/users/${encodeURIComponent(id.value)}`)));
  });
  fill(body, h('h3', null, 'Stats'), stats, form, user);
  into(stats, () => api(proxy('activity-processor', 'activity/stats')));
}
