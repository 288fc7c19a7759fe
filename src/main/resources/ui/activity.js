// Activity page: executions of every workflow (or one, on a workflow's Activity tab), filtered on the
// server, live over the executions stream (GET /api/v1/executions/stream), with a runs-per-minute chart by
// status over the last hour.
import { h, clear, api, qs, when, duration, statusBadge, errorBox, parseDate } from './dom.js';
import { followExecutions } from './stream.js';

/** While the stream is open: a slow re-read catches what it does not push (other nodes of a cluster). */
const LIVE_REFRESH_MS = 30000;
/** While the stream is down: the list is polled, and the stream tried again. */
const FALLBACK_REFRESH_MS = 5000;
const RECONNECT_MS = 5000;
/** Changes arriving together cause one re-read. */
const DEBOUNCE_MS = 250;
const STATUSES = ['notstarted', 'inProgress', 'waiting', 'completed', 'failure', 'cancelled'];
const TRIGGERS = ['manual', 'webhook', 'schedule', 'event', 'workflow'];
const RANGES = { '': 'any time', PT1H: 'last hour', PT24H: 'last 24 hours', P7D: 'last 7 days' };

export async function render(main, params) {
  main.append(h('h1', {}, 'Activity'));
  const chart = h('div', { class: 'panel chart', role: 'img', 'aria-label': 'Runs per minute by status, last hour' });
  main.append(chart);
  const approvals = h('div', {});
  main.append(approvals);
  pendingApprovals(approvals);
  // The chart reads up to 2,000 runs: it starts once the list is on screen, so it never delays the list.
  let stopChart = () => {};
  let pokeChart = () => {};
  let stopped = false;
  const stopList = list(main, { workflowId: params.get('workflowId') || '' }, true,
    () => { if (!stopped) ({ stop: stopChart, poke: pokeChart } = runsPerMinute(chart)); }, () => pokeChart());
  return () => { stopped = true; stopList(); stopChart(); };
}

/** Approval steps waiting for a decision in the key's teams (GET /approvals), each linking to its run. */
async function pendingApprovals(box) {
  let data;
  try { data = await api('/approvals?limit=20'); } catch (e) { clear(box, errorBox(e)); return; }
  if (!data.items.length) return;
  clear(box, h('section', { class: 'panel', 'aria-labelledby': 'pending-approvals' },
    h('h2', { id: 'pending-approvals' }, data.items.length >= 20 ? 'Waiting for approval (oldest 20)' : 'Waiting for approval (' + data.items.length + ')'),
    h('ul', {}, data.items.map((p) => h('li', {},
      h('a', { href: '#/executions/' + encodeURIComponent(p.executionId) }, p.workflowId + ' · ' + p.stepId),
      p.message ? ' — ' + p.message : '', h('span', { class: 'muted' }, ' since ' + when(p.waitingSince)))))));
}

/**
 * The filtered, live list; `fixed.workflowId` pins a workflow (the workflow page's tab). `onChange` is told of
 * each streamed change. Returns a stop function.
 */
export function list(container, fixed, showWorkflowFilter, onFirstDraw, onChange) {
  const f = { workflowId: fixed.workflowId || '', status: '', trigger: '', range: '', id: '' };
  const select = (id, label, options, key) => {
    const s = h('select', { id, onchange: () => { f[key] = s.value; refresh(); } },
      Object.entries(options).map(([v, t]) => h('option', { value: v }, t)));
    return [h('label', { for: id }, label), s];
  };
  const wf = h('input', { id: 'act-workflow', type: 'text', value: f.workflowId, size: 14, onchange: () => { f.workflowId = wf.value.trim(); refresh(); } });
  const search = h('input', { id: 'act-search', type: 'search', placeholder: 'activity id' });
  const table = h('div', { 'aria-live': 'polite' });
  container.append(
    h('form', { class: 'row', role: 'search', onsubmit: (ev) => { ev.preventDefault(); f.id = search.value.trim(); refresh(); } },
      h('label', { for: 'act-search' }, 'Search'), search, h('button', { type: 'submit' }, 'Find')),
    h('div', { class: 'row' },
      showWorkflowFilter ? [h('label', { for: 'act-workflow' }, 'Workflow'), wf] : null,
      select('act-status', 'Status', Object.fromEntries([['', 'any'], ...STATUSES.map((s) => [s, s])]), 'status'),
      select('act-trigger', 'Trigger', Object.fromEntries([['', 'any'], ...TRIGGERS.map((s) => [s, s])]), 'trigger'),
      select('act-range', 'Time range', RANGES, 'range')),
    table);
  let cursors = [null];
  let stopped = false;
  let timer = null;
  let soon = null;
  let live = false;
  let stopStream = () => {};
  let retry = null;
  let reopened = false;
  function connect() {
    stopStream = followExecutions(() => {
      live = true;
      table.dataset.live = 'true';
      if (reopened) {
        refresh(); // what changed while the stream was down
      } else if (cursors.length === 1) {
        clearTimeout(timer); // the first read's fallback re-read: the stream does it now
        timer = setTimeout(refresh, LIVE_REFRESH_MS);
      }
      reopened = true;
    }, (x) => {
      if (onChange) onChange(x);
      // Only the first page moves; older pages stay still while being read.
      if (cursors.length > 1 || (f.workflowId && x.workflowId !== f.workflowId)) return;
      clearTimeout(soon);
      soon = setTimeout(refresh, DEBOUNCE_MS);
    }, () => {
      live = false;
      delete table.dataset.live;
      if (stopped) return;
      if (cursors.length === 1) { clearTimeout(timer); timer = setTimeout(refresh, FALLBACK_REFRESH_MS); }
      retry = setTimeout(connect, RECONNECT_MS);
    });
  }
  async function refresh() {
    clearTimeout(timer);
    clearTimeout(soon);
    const from = f.range ? new Date(Date.now() - isoMillis(f.range)).toISOString() : '';
    try {
      const data = await api('/executions' + qs({ workflowId: f.workflowId, status: f.status, trigger: f.trigger, from, id: f.id,
        limit: 50, cursor: cursors[cursors.length - 1] }));
      draw(table, data, f, () => { cursors.push(data.next); refresh(); }, cursors.length > 1 ? () => { cursors.pop(); refresh(); } : null);
    } catch (e) {
      clear(table, errorBox(e));
    }
    if (onFirstDraw) { onFirstDraw(); onFirstDraw = null; }
    // Live: the stream asks for a re-read of the first page; a slow re-read backs it up (a fast one while
    // the stream is down). Older pages stay still while being read.
    clearTimeout(timer);
    if (!stopped && cursors.length === 1) timer = setTimeout(refresh, live ? LIVE_REFRESH_MS : FALLBACK_REFRESH_MS);
  }
  refresh();
  connect();
  return () => { stopped = true; clearTimeout(timer); clearTimeout(soon); clearTimeout(retry); stopStream(); };
}

function draw(table, data, f, next, previous) {
  if (!data.items.length) {
    clear(table, h('p', {}, f.id ? 'No run with id “' + f.id + '”.' : 'No runs match.'));
    return;
  }
  clear(table, h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, ['Activity id', 'Workflow', 'Status', 'Trigger', 'Started', 'Duration'].map((t) => h('th', {}, t)))),
    h('tbody', {}, data.items.map((x) => h('tr', {},
      h('td', {}, h('a', { href: '#/executions/' + encodeURIComponent(x.id) }, h('code', {}, x.id))),
      h('td', {}, x.workflowId), h('td', {}, statusBadge(x.status)), h('td', {}, x.trigger),
      h('td', {}, when(x.creationDate)), h('td', {}, duration(x.duration))))))),
  h('div', { class: 'row' }, previous ? h('button', { type: 'button', onclick: previous }, 'Newer') : null,
    data.next ? h('button', { type: 'button', onclick: next }, 'Older') : null));
}

function isoMillis(range) {
  return { PT1H: 3600e3, PT24H: 86400e3, P7D: 7 * 86400e3 }[range];
}

/** Counts the last hour's runs per minute and status (up to 2,000 runs) and draws them with uPlot. */
function runsPerMinute(box) {
  let plot = null;
  let timer = null;
  let stopped = false;
  async function load() {
    const now = Date.now();
    const first = Math.floor((now - 3600e3) / 60e3);
    const counts = new Map(STATUSES.map((s) => [s, new Array(61).fill(0)]));
    let cursor = null;
    try {
      for (let pages = 0; pages < 4; pages++) {
        const page = await api('/executions' + qs({ from: new Date(first * 60e3).toISOString(), limit: 500, cursor }));
        for (const x of page.items) {
          const minute = Math.floor(parseDate(x.creationDate).getTime() / 60e3) - first;
          if (minute >= 0 && minute <= 60 && counts.has(x.status)) counts.get(x.status)[minute]++;
        }
        if (!page.next) break;
        cursor = page.next;
      }
    } catch (e) {
      clear(box, errorBox(e));
      return;
    }
    const xs = Array.from({ length: 61 }, (_, i) => (first + i) * 60);
    const shown = STATUSES.filter((s) => counts.get(s).some((n) => n > 0));
    const colours = { completed: '#1b7a3d', failure: '#b3261e', cancelled: '#5b6573', inProgress: '#1f5fbf', waiting: '#8a5a00', notstarted: '#9aa5b4' };
    const dataArr = [xs, ...shown.map((s) => counts.get(s))];
    if (plot) plot.destroy();
    clear(box, h('h2', {}, 'Runs per minute, last hour'));
    if (!window.uPlot) return;
    plot = new window.uPlot({
      width: Math.max(280, box.clientWidth - 32), height: 180,
      series: [{}, ...shown.map((s) => ({ label: s, stroke: colours[s], fill: colours[s] + '33', width: 2 }))],
      axes: [{}, { label: 'runs' }], scales: { x: { time: true } },
    }, dataArr, box);
  }
  let loading = false;
  const loop = async () => {
    if (loading) return;
    loading = true;
    clearTimeout(timer);
    try { await load(); } finally { loading = false; }
    if (!stopped) timer = setTimeout(loop, 15000);
  };
  loop();
  // A streamed change: count again soon (changes arriving together cause one re-count).
  let soon = null;
  const poke = () => { if (!stopped && !soon) soon = setTimeout(() => { soon = null; loop(); }, 2000); };
  return { stop: () => { stopped = true; clearTimeout(timer); clearTimeout(soon); if (plot) plot.destroy(); }, poke };
}
