// The console's shell: hash routes, the live stream, and the page in view.
import {api, live} from './api.js';
import {fill, h} from './dom.js';
import * as overview from './overview.js';
import * as service from './service.js';
import * as topics from './topics.js';
import * as data from './data.js';
import * as dlq from './dlq.js';

/** Shared by the pages: the last overview seen, and the live events. */
export const state = {overview: null, bus: null};

const routes = [
  {re: /^\/?$/, page: overview, nav: 'overview'},
  {re: /^\/service\/([^/]+)$/, page: service, nav: 'overview'},
  {re: /^\/topics$/, page: topics, nav: 'topics'},
  {re: /^\/topics\/([^/]+)$/, page: topics, nav: 'topics'},
  {re: /^\/data$/, page: data, nav: 'data'},
  {re: /^\/dlq$/, page: dlq, nav: 'dlq'},
];

let current = null;

function route() {
  const path = decodeURIComponent((location.hash || '#/').slice(1)).split('?')[0];
  const main = document.getElementById('main');
  if (current && current.stop) current.stop();
  for (const t of document.querySelectorAll('#toasts .toast-ok')) t.remove();
  current = null;
  const match = routes.map((r) => ({r, m: path.match(r.re)})).find((x) => x.m);
  for (const a of document.querySelectorAll('nav a')) {
    a.toggleAttribute('aria-current', Boolean(match && a.dataset.page === match.r.nav));
  }
  if (!match) {
    fill(main, h('h1', null, 'Not found'), h('p', null, 'No page at ', h('code', null, path), '. ', h('a', {href: '#/'}, 'Overview')));
    return;
  }
  fill(main);
  current = match.r.page.show(main, state, ...match.m.slice(1)) || null;
  main.dataset.page = match.r.nav;
}

function setLive(mode) {
  const label = {live: 'live', polling: 'polling every 5 s', reconnecting: 'reconnecting…', offline: 'offline'}[mode] || mode;
  const node = document.getElementById('live');
  node.textContent = label;
  node.dataset.mode = mode;
}

function dlqBadge(summary) {
  const badge = document.getElementById('dlq-badge');
  const open = summary && typeof summary.open === 'number' ? summary.open : 0;
  badge.hidden = open === 0;
  badge.textContent = open;
  badge.setAttribute('aria-label', `${open} open`);
}

state.bus = live(setLive);
state.bus.addEventListener('overview', (e) => {
  state.overview = e.detail;
  // On the dead-letters page the badge follows that page's summary (it knows what is replayed or resolved).
  if (document.getElementById('main').dataset.page !== 'dlq') dlqBadge(e.detail.dlq);
});
state.bus.addEventListener('dlq', (e) => dlqBadge(e.detail));
document.getElementById('dlq-badge').addEventListener('summary', (e) => dlqBadge(e.detail));
api('/api/overview').then((o) => {
  if (!state.overview) {
    state.overview = o;
    dlqBadge(o.dlq);
    state.bus.dispatchEvent(new CustomEvent('overview', {detail: o}));
  }
}).catch(() => setLive('offline'));

window.addEventListener('hashchange', route);
route();
