// Topics and groups: partitions and offsets, lag per partition, a message browser that says how much it scanned,
// and a form to produce a record.
import {api, attempt, post} from './api.js';
import {field, fill, h, num, payload, preview, table, time, toast, utcMillis, values} from './dom.js';

export function show(main, state, name) {
  return name ? topic(main, name) : list(main);
}

function list(main) {
  const internal = h('input', {type: 'checkbox', id: 'show-internal'});
  const topics = h('div', {id: 'topics-table'}, h('p', {class: 'muted'}, 'Loading…'));
  const groups = h('div', {id: 'groups-table'}, h('p', {class: 'muted'}, 'Loading…'));
  fill(main,
    h('div', {class: 'page-head'}, h('h1', null, 'Topics and groups')),
    h('section', {class: 'card'},
      h('div', {class: 'section-head'}, h('h2', null, 'Topics'), h('label', {class: 'inline'}, internal, ' show internal topics')),
      topics),
    h('section', {class: 'card'}, h('h2', null, 'Consumer groups'), groups));
  let all = [];
  const renderTopics = () => fill(topics, table(['Topic', 'Partitions', 'Messages', 'Kind'],
    all.filter((t) => internal.checked || !t.internal).map((t) => [
      h('a', {href: `#/topics/${encodeURIComponent(t.name)}`}, t.name), num(t.partitions), num(t.messages),
      t.dlq ? h('span', {class: 'tag warn'}, 'dead letters') : t.internal ? h('span', {class: 'tag'}, 'internal') : '']),
    {empty: 'No topics.'}));
  internal.addEventListener('change', renderTopics);
  const load = async () => {
    try {
      all = await api('/api/topics');
      renderTopics();
    } catch (e) {
      fill(topics, h('p', {class: 'error'}, e.message));
    }
    try {
      const gs = await api('/api/groups');
      fill(groups, table(['Group', 'State', 'Members', 'Topics', 'Lag'], gs.map((g) => [
        g.group, g.state || '–', num(g.members),
        (g.topics || []).map((t) => h('a', {href: `#/topics/${encodeURIComponent(t)}`, class: 'tag'}, t)), num(g.lag)]),
      {empty: 'No consumer groups.'}));
    } catch (e) {
      fill(groups, h('p', {class: 'error'}, e.message));
    }
  };
  load();
  const timer = setInterval(load, 10000);
  return {stop: () => clearInterval(timer)};
}

function topic(main, name) {
  const partitions = h('div', {id: 'partitions-table'}, h('p', {class: 'muted'}, 'Loading…'));
  const groups = h('div', {id: 'topic-groups'});
  const browser = messageBrowser(name);
  fill(main,
    h('div', {class: 'page-head'}, h('h1', null, `Topic ${name}`), h('a', {href: '#/topics'}, 'All topics')),
    h('div', {class: 'two'},
      h('section', {class: 'card'}, h('h2', null, 'Partitions'), partitions),
      h('section', {class: 'card'}, h('h2', null, 'Groups reading it'), groups)),
    browser.node,
    produceForm(name, () => browser.latest()));
  const load = async () => {
    try {
      const t = await api(`/api/topics/${encodeURIComponent(name)}`);
      fill(partitions, table(['Partition', 'Start', 'End', 'Messages'],
        (t.partitions || []).map((p) => [p.partition, num(p.start), num(p.end), num(p.end - p.start)])));
      browser.setPartitions((t.partitions || []).map((p) => p.partition));
      fill(groups, (t.groups || []).length
        ? (t.groups || []).map((g) => h('div', {class: 'group'},
          h('h3', null, g.group, ' ', h('span', {class: 'muted'}, `lag ${num(g.lag)}`)),
          table(['Partition', 'Committed', 'End', 'Lag'],
            (g.partitions || []).map((p) => [p.partition, num(p.committed), num(p.end),
              h('span', {class: p.lag > 0 ? 'warn' : ''}, num(p.lag))]))))
        : h('p', {class: 'muted'}, 'No consumer group has committed offsets on this topic.'));
    } catch (e) {
      fill(partitions, h('p', {class: 'error'}, e.message));
    }
  };
  load();
  browser.latest();
  const timer = setInterval(load, 10000);
  return {stop: () => clearInterval(timer)};
}

function messageBrowser(name) {
  const partition = h('select', {name: 'partition'}, h('option', {value: ''}, 'all'));
  const form = h('form', {class: 'row', id: 'browse-form', 'aria-label': 'Browse messages'},
    field('Partition', partition),
    field('From offset', h('input', {name: 'offset', type: 'number', min: 0, placeholder: 'in the partition'})),
    field('Or from time (UTC)', h('input', {name: 'since', type: 'datetime-local', step: 1})),
    field('Contains', h('input', {name: 'q', type: 'search', placeholder: 'text in key, value or headers'})),
    field('Limit', h('input', {name: 'limit', type: 'number', min: 1, max: 500, value: 50})),
    h('div', {class: 'field buttons'}, h('button', {class: 'primary', type: 'submit'}, 'Browse'),
      h('button', {type: 'button', onclick: () => { form.reset(); run({}); }}, 'Latest')));
  const status = h('p', {id: 'browse-status', class: 'muted', role: 'status'});
  const results = h('div', {id: 'browse-results'});
  const more = h('button', {type: 'button', hidden: true}, 'Next page');
  const node = h('section', {class: 'card'}, h('h2', null, 'Messages'), form, status, results, more);
  let next = null;
  let last = {};

  async function run(params) {
    last = params;
    status.textContent = 'Reading…';
    try {
      const r = await api(`/api/topics/${encodeURIComponent(name)}/messages`, {params});
      status.textContent = `scanned ${num(r.scanned)}, matched ${num(r.matched)}${r.records.length < r.matched ? `, showing ${r.records.length}` : ''}`;
      fill(results, table(['Partition', 'Offset', 'Time', 'Key', 'Value', 'Headers'], r.records.map(recordRow),
        {empty: 'No records matched.', cls: 'records'}));
      next = r.next && Object.keys(r.next).length ? r.next : null;
      more.hidden = !(next && params.partition !== undefined && next[params.partition] !== undefined);
    } catch (e) {
      status.textContent = '';
      fill(results, h('p', {class: 'error'}, e.message));
    }
  }
  more.addEventListener('click', () => {
    if (next && last.partition !== undefined) run({...last, offset: next[last.partition], since: undefined});
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = values(form);
    if (v.offset !== undefined && v.partition === undefined) {
      toast('Choose a partition to browse from an offset.');
      return;
    }
    if (v.since) v.since = utcMillis(v.since);
    run(v);
  });
  return {
    node,
    latest: () => run({}),
    setPartitions(list) {
      const keep = partition.value;
      fill(partition, h('option', {value: ''}, 'all'), list.map((p) => h('option', {value: p}, p)));
      partition.value = keep;
    },
  };
}

export function recordRow(r) {
  const headers = Object.entries(r.headers || {});
  return [r.partition, num(r.offset), time(r.timestamp), h('code', null, preview(r.key, 40)),
    h('details', null, h('summary', null, preview(r.value, 200)), h('pre', null, payload(r.value))),
    headers.length ? h('details', null, h('summary', null, `${headers.length}`),
      h('pre', null, headers.map(([k, v]) => `${k}: ${v}`).join('\n'))) : ''];
}

function produceForm(name, after) {
  const result = h('p', {id: 'produce-result', role: 'status'});
  const form = h('form', {id: 'produce-form', 'aria-label': 'Produce a record'},
    h('div', {class: 'row'},
      field('Key', h('input', {name: 'key', placeholder: 'optional'})),
      field('Partition', h('input', {name: 'partition', type: 'number', min: 0, placeholder: 'by key'}))),
    field('Value', h('textarea', {name: 'value', rows: 4, required: true, placeholder: '{"message": "hello"}'})),
    field('Headers', h('textarea', {name: 'headers', rows: 2, placeholder: 'one per line: name=value'})),
    h('div', {class: 'buttons'}, h('button', {type: 'submit', class: 'primary'}, 'Produce')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = values(form);
    const headers = {};
    for (const line of (v.headers || '').split('\n')) {
      const i = line.indexOf('=');
      if (line.trim() && i < 1) { toast(`Header line "${line}" needs name=value.`); return; }
      if (line.trim()) headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    const body = {key: v.key ?? null, value: v.value ?? '', headers,
      partition: v.partition === undefined ? null : Number(v.partition)};
    const r = await attempt(() => post(`/api/topics/${encodeURIComponent(name)}/messages`, body));
    if (r) {
      result.textContent = `Written to ${r.topic} partition ${r.partition} at offset ${r.offset}.`;
      toast(result.textContent, 'ok');
      after();
    }
  });
  return h('section', {class: 'card'}, h('h2', null, 'Produce a record'), form, result);
}
