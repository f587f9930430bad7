// Dead letters: every *.dlq record with its origin and error, filters, the payload, replay (one, a selection, or
// all that match; always a dry run first), resolve, and the outcomes and history of each action.
import {api, attempt, post} from './api.js';
import {field, fill, h, num, payload, preview, table, time, toast, utcMillis, values} from './dom.js';

export function show(main, state) {
  const summary = h('div', {id: 'dlq-summary'});
  const topicSelect = h('select', {name: 'topic'}, h('option', {value: ''}, 'all dead-letter topics'));
  const filters = h('form', {class: 'row', id: 'dlq-filters', 'aria-label': 'Filter dead letters'},
    field('Topic', topicSelect),
    field('Since (UTC)', h('input', {name: 'since', type: 'datetime-local', step: 1})),
    field('Error contains', h('input', {name: 'error', type: 'search', placeholder: 'class or message'})),
    field('Status', h('select', {name: 'status'}, ['', 'open', 'replayed', 'resolved'].map((v) => h('option', {value: v}, v || 'any')))),
    field('Limit', h('input', {name: 'limit', type: 'number', min: 1, max: 1000, value: 100})),
    h('div', {class: 'field buttons'}, h('button', {type: 'submit', class: 'primary'}, 'Apply'),
      h('button', {type: 'button', id: 'dlq-refresh', onclick: () => load()}, 'Refresh')));
  const status = h('p', {id: 'dlq-status', class: 'muted', role: 'status'});
  const force = h('input', {type: 'checkbox', id: 'dlq-force'});
  const replaySelected = h('button', {type: 'button', id: 'dlq-replay-selected', disabled: true}, 'Replay selected');
  const replayMatching = h('button', {type: 'button', id: 'dlq-replay-matching'}, 'Replay all matching');
  const bulk = h('div', {class: 'buttons bulk'}, replaySelected, replayMatching,
    h('label', {class: 'inline', title: 'replay records already replayed or resolved too'}, force, ' force'));
  const plan = h('div', {id: 'dlq-plan', role: 'region', 'aria-label': 'Replay plan'});
  const list = h('div', {id: 'dlq-list'});
  const detail = h('section', {class: 'card', id: 'dlq-detail', hidden: true, 'aria-label': 'Dead letter'});
  const outcomes = h('ol', {id: 'dlq-outcomes', class: 'outcomes', reversed: true});
  fill(main,
    h('div', {class: 'page-head'}, h('h1', null, 'Dead letters')),
    h('section', {class: 'card'}, summary),
    h('section', {class: 'card'}, filters, status, bulk, plan, list),
    detail,
    h('section', {class: 'card'}, h('h2', null, 'Outcomes'), outcomes,
      h('p', {class: 'muted', id: 'dlq-no-outcomes'}, 'Replays and resolutions made here, or by anyone while this page is open, show here.')));

  const selected = new Set();
  let records = [];
  let shownId = null;

  function filterValues() {
    const v = values(filters);
    if (v.since) v.since = new Date(utcMillis(v.since)).toISOString();
    return v;
  }

  async function loadSummary() {
    try {
      const s = await api('/api/dlq/summary');
      // The summary knows each record's state: the header's badge follows it while this page is open.
      document.getElementById('dlq-badge').dispatchEvent(new CustomEvent('summary', {detail: s}));
      fill(summary, h('div', {class: 'section-head'}, h('h2', null, 'By topic'),
        h('span', null, `${num(s.open)} open of ${num(s.total)}`)),
      table(['Dead-letter topic', 'Total', 'Open'], (s.topics || []).map((t) => [
        h('a', {href: `#/topics/${encodeURIComponent(t.topic)}`}, t.topic), num(t.total),
        h('span', {class: t.open ? 'warn' : ''}, num(t.open))]), {empty: 'No dead-letter topics yet.'}));
      const keep = topicSelect.value;
      fill(topicSelect, h('option', {value: ''}, 'all dead-letter topics'),
        (s.topics || []).map((t) => h('option', {value: t.topic}, t.topic)));
      topicSelect.value = keep;
    } catch (e) {
      fill(summary, h('p', {class: 'error'}, e.message));
    }
  }

  async function load() {
    loadSummary();
    try {
      const r = await api('/api/dlq', {params: filterValues()});
      records = r.records || [];
      status.textContent = `scanned ${num(r.scanned)}, matched ${num(r.matched)}${records.length < r.matched ? `, showing ${records.length}` : ''}`;
      for (const id of [...selected]) if (!records.some((x) => x.id === id)) selected.delete(id);
      renderList();
      if (shownId) {
        const again = records.find((x) => x.id === shownId);
        if (again) renderDetail(again);
      }
    } catch (e) {
      status.textContent = '';
      fill(list, h('p', {class: 'error'}, e.message));
    }
  }

  function renderList() {
    const all = h('input', {type: 'checkbox', 'aria-label': 'Select all shown',
      checked: records.length > 0 && records.every((r) => selected.has(r.id)),
      onchange: (e) => { records.forEach((r) => (e.target.checked ? selected.add(r.id) : selected.delete(r.id))); renderList(); }});
    const rows = records.map((r) => {
      const box = h('input', {type: 'checkbox', 'aria-label': `Select ${r.id}`, checked: selected.has(r.id),
        onchange: (e) => { if (e.target.checked) selected.add(r.id); else selected.delete(r.id); updateBulk(); }});
      const o = r.original || {};
      const err = r.error || {};
      return h('tr', {class: `dlq-row status-${r.status}`, 'data-id': r.id},
        h('td', null, box),
        h('td', null, h('button', {type: 'button', class: 'link', onclick: () => renderDetail(r)}, r.id)),
        h('td', null, `${o.topic ?? '?'} / ${o.partition ?? '?'} @ ${o.offset ?? '?'}`),
        h('td', null, h('code', null, shortClass(err.class)), h('div', {class: 'muted small'}, preview(err.message || '', 100))),
        h('td', null, time(r.dead_lettered_at)),
        h('td', null, h('span', {class: `tag status status-${r.status}`}, r.status)),
        h('td', {class: 'actions'},
          h('button', {type: 'button', 'data-action': 'replay', onclick: () => replay({ids: [r.id]}, `replay ${r.id}`)}, 'Replay'),
          r.status === 'resolved' ? null : h('button', {type: 'button', 'data-action': 'resolve', onclick: () => renderDetail(r, true)}, 'Resolve')));
    });
    fill(list, table([all, 'ID', 'Original (topic / partition @ offset)', 'Error', 'Dead-lettered', 'Status', ''], rows,
      {empty: 'No dead letters match.', cls: 'dlq'}));
    updateBulk();
  }

  function updateBulk() {
    replaySelected.disabled = selected.size === 0;
    replaySelected.textContent = selected.size ? `Replay selected (${selected.size})` : 'Replay selected';
  }

  function renderDetail(r, focusResolve = false) {
    shownId = r.id;
    detail.hidden = false;
    const o = r.original || {};
    const err = r.error || {};
    const note = h('input', {name: 'note', placeholder: 'why it is resolved (optional)', maxlength: 500});
    const resolveForm = h('form', {class: 'row', id: 'dlq-resolve-form'}, field('Note', note),
      h('div', {class: 'field buttons'}, h('button', {type: 'submit'}, 'Mark resolved')));
    resolveForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const res = await attempt(() => post(`/api/dlq/${encodeURIComponent(r.id)}/resolve`, note.value ? {note: note.value} : {}));
      if (res) {
        outcome(`resolved ${res.id}`, [`${res.id}: ${res.status} at ${time(res.at)}`]);
        load();
      }
    });
    const headers = Object.entries(r.headers || {});
    fill(detail,
      h('div', {class: 'section-head'}, h('h2', null, r.id),
        h('button', {type: 'button', class: 'link', onclick: () => { detail.hidden = true; shownId = null; }}, 'Close')),
      h('dl', {class: 'kv'},
        kv('Status', h('span', {class: `tag status status-${r.status}`}, r.status)),
        kv('Original', `${o.topic} partition ${o.partition} offset ${o.offset} (${time(o.timestamp)})`),
        kv('Service', r.service || '–'),
        kv('Dead-lettered', time(r.dead_lettered_at)),
        kv('Error class', h('code', null, err.class || '–')),
        kv('Error message', h('span', {class: 'wrap'}, err.message || '–'))),
      h('h3', null, 'Key'), h('pre', null, payload(r.key)),
      h('h3', null, 'Value'), h('pre', {class: 'payload'}, payload(r.value)),
      h('details', null, h('summary', null, `Headers (${headers.length})`),
        h('pre', null, headers.map(([k, v]) => `${k}: ${v}`).join('\n') || 'none')),
      h('h3', null, 'History'),
      (r.history || []).length
        ? h('ul', {class: 'history'}, r.history.map((x) => h('li', null, `${time(x.at)} ${x.action}`,
          x.by ? ` by ${x.by}` : '', x.to ? ` → ${x.to.topic} partition ${x.to.partition} offset ${x.to.offset}` : '')))
        : h('p', {class: 'muted'}, 'No action yet.'),
      h('div', {class: 'buttons'}, h('button', {type: 'button', class: 'primary', onclick: () => replay({ids: [r.id]}, `replay ${r.id}`)}, 'Replay…')),
      r.status === 'resolved' ? null : resolveForm);
    if (focusResolve) note.focus();
    else detail.scrollIntoView({block: 'start'});
  }

  /** A dry run first: shows what would go and what would be skipped, then replays on confirmation. */
  async function replay(what, label) {
    const body = {...what, force: force.checked};
    const dry = await attempt(() => post('/api/dlq/replay', {...body, dry_run: true}));
    if (!dry) return;
    const go = h('button', {type: 'button', class: 'primary', id: 'dlq-replay-confirm', disabled: !dry.replayed.length},
      dry.replayed.length ? `Replay ${dry.replayed.length} now` : 'Nothing to replay');
    const cancel = h('button', {type: 'button', onclick: () => fill(plan)}, 'Cancel');
    fill(plan, h('div', {class: 'plan'},
      h('h3', null, `Dry run: ${label}`),
      h('p', null, `Would replay ${dry.replayed.length}, would skip ${(dry.skipped || []).length}.`),
      dry.replayed.length ? h('ul', null, dry.replayed.map((x) => h('li', null, `${x.id} → ${x.to ? x.to.topic : '?'}`))) : null,
      (dry.skipped || []).length ? h('ul', {class: 'muted'}, dry.skipped.map((x) => h('li', null, `${x.id}: ${x.reason}`))) : null,
      h('div', {class: 'buttons'}, go, cancel)));
    plan.scrollIntoView({block: 'nearest'});
    go.addEventListener('click', async () => {
      go.disabled = true;
      const done = await attempt(() => post('/api/dlq/replay', body));
      fill(plan);
      if (!done) return;
      outcome(label, [
        ...done.replayed.map((x) => `replayed ${x.id} → ${x.to.topic} partition ${x.to.partition} offset ${x.to.offset}`),
        ...(done.skipped || []).map((x) => `skipped ${x.id}: ${x.reason}`)]);
      toast(`Replayed ${done.replayed.length}, skipped ${(done.skipped || []).length}.`, 'ok');
      selected.clear();
      load();
    });
  }

  function outcome(label, lines) {
    document.getElementById('dlq-no-outcomes')?.remove();
    outcomes.prepend(h('li', {class: 'outcome'}, h('strong', null, `${time(new Date().toISOString())} ${label}`),
      lines.length ? h('ul', null, lines.map((l) => h('li', null, l))) : ' (nothing done)'));
  }

  replaySelected.addEventListener('click', () => replay({ids: [...selected]}, `replay ${selected.size} selected`));
  replayMatching.addEventListener('click', () => {
    const f = filterValues();
    const match = {};
    for (const k of ['topic', 'since', 'error']) if (f[k]) match[k] = f[k];
    replay({all_matching: match}, `replay all matching ${Object.entries(match).map(([k, v]) => `${k}=${v}`).join(' ') || '(every open record)'}`);
  });
  filters.addEventListener('submit', (e) => { e.preventDefault(); load(); });

  const onDlq = () => load();
  const onAction = (e) => {
    const a = e.detail || {};
    if (a.kind === 'replay' || a.kind === 'resolve') {
      const shown = [...outcomes.querySelectorAll('li.outcome')].some((li) => a.id && li.textContent.includes(a.id));
      if (!shown) outcome(`${a.kind} ${a.id ?? ''} (live)`, a.outcome ? [String(typeof a.outcome === 'object' ? JSON.stringify(a.outcome) : a.outcome)] : []);
    }
  };
  state.bus.addEventListener('dlq', onDlq);
  state.bus.addEventListener('action', onAction);
  load();
  return {stop() { state.bus.removeEventListener('dlq', onDlq); state.bus.removeEventListener('action', onAction); }};
}

function kv(k, v) {
  return h('div', null, h('dt', null, k), h('dd', null, v));
}

function shortClass(name) {
  if (!name) return '–';
  const i = name.lastIndexOf('.');
  return i < 0 ? name : name.slice(i + 1);
}
