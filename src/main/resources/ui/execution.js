// Execution view: the step timeline (order, name, status, start, duration bar) kept live by the status
// stream, each step's outputs and error, its outbound deliveries with attempts and Redeliver, Cancel and Retry.
import { h, clear, api, can, when, duration, statusBadge, pretty, errorBox, parseDate } from './dom.js';
import { followExecution } from './stream.js';

const TERMINAL = ['completed', 'failure', 'cancelled'];

export async function render(main, id) {
  const head = h('div', {});
  const actions = h('div', { class: 'row' });
  const timeline = h('ol', { class: 'timeline', 'aria-label': 'Steps' });
  const details = h('div', {});
  const deliveries = h('div', {});
  const notice = h('div', { role: 'status' });
  main.append(head, actions, notice, h('h2', {}, 'Steps'), timeline, details, h('h2', {}, 'Deliveries'), deliveries);
  let doc = await api('/executions/' + encodeURIComponent(id));
  const draw = (d) => {
    doc = d;
    drawHead(head, d);
    drawActions(actions, d, notice);
    drawTimeline(timeline, d);
    drawDetails(details, d);
  };
  draw(doc);
  loadDeliveries(deliveries, id);
  if (TERMINAL.includes(doc.status)) return null;
  return followExecution(id, draw, () => loadDeliveries(deliveries, id));
}

function drawHead(head, d) {
  clear(head,
    h('h1', {}, 'Run ', h('code', {}, d.id)),
    h('dl', { class: 'kv panel' },
      h('dt', {}, 'Status'), h('dd', { 'aria-live': 'polite', id: 'run-status' }, statusBadge(d.status)),
      h('dt', {}, 'Workflow'), h('dd', {}, h('a', { href: '#/workflows/' + encodeURIComponent(d.workflowId) + '/editor' + (d.teamName && d.teamName !== 'default' ? '?team=' + encodeURIComponent(d.teamName) : '') }, d.workflowId), ' · revision ' + d.revision),
      h('dt', {}, 'Trigger'), h('dd', {}, d.trigger),
      h('dt', {}, 'Started'), h('dd', {}, when(d.creationDate)),
      h('dt', {}, 'Duration'), h('dd', {}, duration(d.duration)),
      d.error ? [h('dt', {}, 'Error'), h('dd', { class: 'error' }, d.error)] : null));
}

function drawActions(actions, d, notice) {
  if (!can('operator')) { clear(actions); return; }
  const running = !TERMINAL.includes(d.status);
  const stepSelect = h('select', { id: 'retry-step' }, h('option', { value: '' }, 'first failed step'),
    (d.steps || []).map((s) => h('option', { value: s.taskId }, s.taskName || s.taskId)));
  const act = (path, body) => async () => {
    try {
      await api('/executions/' + encodeURIComponent(d.id) + path, { method: 'POST', body });
      // Draw the view again: a retried run goes on under the same id, and its new stream follows it.
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) { clear(notice, errorBox(e)); }
  };
  const retryable = d.status === 'failure' || d.status === 'cancelled';
  clear(actions,
    running ? h('button', { type: 'button', onclick: act('/cancel', {}) }, 'Cancel') : null,
    retryable ? [h('label', { for: 'retry-step' }, 'Retry from'), stepSelect,
      h('button', { type: 'button', onclick: () => act('/retry', stepSelect.value ? { stepId: stepSelect.value } : {})() }, 'Retry')] : null);
}

function drawTimeline(list, d) {
  const start = parseDate(d.creationDate)?.getTime() || 0;
  const steps = (d.steps || []).slice().sort((a, b) => a.order - b.order);
  const end = Math.max(start + (d.duration || 1), ...steps.map((s) => (parseDate(s.startTime)?.getTime() || start) + (s.duration || 0)));
  const span = Math.max(1, end - start);
  clear(list, steps.map((s) => {
    const from = parseDate(s.startTime)?.getTime();
    const bar = h('span', { class: 'bar status-' + s.flowTaskStatus, title: duration(s.duration) });
    if (from != null) {
      bar.style.left = ((from - start) / span * 100).toFixed(2) + '%';
      bar.style.width = Math.max(0.5, (s.duration || 0) / span * 100).toFixed(2) + '%';
    } else {
      bar.hidden = true;
    }
    return h('li', {},
      h('span', { class: 'muted' }, String(s.order)),
      h('span', {}, h('a', { href: '#step-' + s.taskId, onclick: (ev) => { ev.preventDefault(); document.getElementById('step-' + s.taskId)?.scrollIntoView(); } }, s.taskName || s.taskId),
        h('div', { class: 'muted' }, s.startTime ? when(s.startTime) : 'not started')),
      h('span', {}, statusBadge(s.flowTaskStatus), h('div', { class: 'muted' }, duration(s.duration))),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar));
  }));
}

function drawDetails(details, d) {
  clear(details, (d.steps || []).filter((s) => s.outputs && Object.keys(s.outputs).length || s.error).map((s) =>
    h('section', { class: 'panel', id: 'step-' + s.taskId },
      h('h2', {}, (s.taskName || s.taskId) + ' — ', statusBadge(s.flowTaskStatus)),
      s.error ? h('p', { class: 'error' }, s.error) : null,
      s.outputs && Object.keys(s.outputs).length ? [h('h3', { class: 'muted' }, 'Outputs'), pretty(s.outputs)] : null)));
}

async function loadDeliveries(box, id) {
  let data;
  try { data = await api('/deliveries?executionId=' + encodeURIComponent(id)); } catch (e) { clear(box, errorBox(e)); return; }
  if (!data.items.length) { clear(box, h('p', { class: 'muted' }, 'No outbound webhooks for this run.')); return; }
  clear(box, h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, ['Step', 'Event', 'URL', 'Status', 'Attempts', 'Last code', ''].map((t) => h('th', {}, t)))),
    h('tbody', {}, data.items.map((dl) => deliveryRow(dl, box, id))))));
}

function deliveryRow(dl, box, id) {
  const attempts = h('td', {}, h('button', { type: 'button', onclick: async (ev) => {
    const full = await api('/deliveries/' + encodeURIComponent(dl.id));
    ev.target.replaceWith(h('ul', {}, (full.attemptLog || []).map((a) =>
      h('li', {}, '#' + a.n + ' ' + when(a.at) + ' → ' + (a.statusCode ?? a.error ?? '—') + ' in ' + duration(a.latencyMs)))));
  } }, dl.attempts === 1 ? '1 attempt' : dl.attempts + ' attempts'));
  return h('tr', {}, h('td', {}, dl.stepId || '—'), h('td', {}, dl.event), h('td', {}, h('code', {}, dl.url)),
    h('td', {}, statusBadge(dl.status)), attempts, h('td', {}, dl.lastStatusCode ?? '—'),
    h('td', {}, can('operator') ? h('button', { type: 'button', onclick: async () => {
      try { await api('/deliveries/' + encodeURIComponent(dl.id) + '/redeliver', { method: 'POST', body: {} }); loadDeliveries(box, id); } catch (e) { box.prepend(errorBox(e)); }
    } }, 'Redeliver') : null));
}
