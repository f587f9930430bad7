// The console's JSON API (docs/console-api.md): fetch with the token flow for writes, and the live stream.
import {toast} from './dom.js';

const TOKEN_KEY = 'sluice.console.token';

/** An API answer that is not 2xx: message is the JSON's "error". */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

function send(path, method, body) {
  const headers = {Accept: 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token && method !== 'GET') headers.Authorization = `Bearer ${token}`;
  return fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin'});
}

/**
 * Calls the API and returns its JSON. A write answered 401 asks for the token once (kept in sessionStorage for
 * this tab) and is sent again with it. Throws ApiError with the JSON's message.
 */
export async function api(path, {method = 'GET', body, params} = {}) {
  const url = path + query(params);
  let res = await send(url, method, body);
  if (res.status === 401 && method !== 'GET') {
    sessionStorage.removeItem(TOKEN_KEY);
    if (await askToken()) res = await send(url, method, body);
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) {
    const message = (json && json.error) || text || res.statusText || `HTTP ${res.status}`;
    throw new ApiError(res.status, message, json);
  }
  return json;
}

/** Shorthand for a write. */
export function post(path, body) {
  return api(path, {method: 'POST', body: body === undefined ? {} : body});
}

/** Runs an async action, showing its error as a toast; returns its value or undefined. */
export async function attempt(action) {
  try {
    return await action();
  } catch (e) {
    toast(e instanceof ApiError ? `${e.message} (HTTP ${e.status})` : `Failed: ${e.message}`);
    return undefined;
  }
}

let pending = null;

function askToken() {
  if (pending) return pending;
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  input.value = '';
  pending = new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const token = dialog.returnValue === 'ok' ? input.value.trim() : '';
      input.value = '';
      if (token) sessionStorage.setItem(TOKEN_KEY, token);
      pending = null;
      resolve(Boolean(token));
    }, {once: true});
    dialog.showModal();
  });
  return pending;
}

/**
 * The live stream: /api/stream (server-sent events), or polling /api/overview every 5 s when the stream is not
 * there. Listeners get "overview", "dlq" and "action" events as DOM CustomEvents on the returned target.
 */
export function live(onState) {
  const bus = new EventTarget();
  const emit = (type, detail) => bus.dispatchEvent(new CustomEvent(type, {detail}));
  let timer = null;
  const poll = async () => {
    try {
      emit('overview', await api('/api/overview'));
      onState('polling');
    } catch {
      onState('offline');
    }
  };
  const startPolling = () => {
    if (timer) return;
    onState('polling');
    poll();
    timer = setInterval(poll, 5000);
  };
  if (!('EventSource' in window)) {
    startPolling();
    return bus;
  }
  const source = new EventSource('/api/stream');
  let opened = false;
  source.addEventListener('open', () => {
    opened = true;
    onState('live');
    if (timer) { clearInterval(timer); timer = null; }
  });
  source.addEventListener('error', () => {
    // Closed for good (no stream endpoint): poll. Reconnecting: poll meanwhile, the stream takes over on open.
    if (source.readyState === EventSource.CLOSED || !opened) startPolling();
    else onState('reconnecting');
  });
  for (const type of ['overview', 'dlq', 'action']) {
    source.addEventListener(type, (e) => {
      try { emit(type, JSON.parse(e.data)); } catch { /* a malformed event: skip */ }
    });
  }
  return bus;
}
