// Execution view: the step timeline (order, name, status, start, duration bar) kept live by the status
// stream, each step's outputs and error, its outbound deliveries with attempts and Redeliver, Cancel and Retry,
// and Approve / Reject (with a comment) on an approval step waiting for a decision.
import { h, clear, api, can, when, duration, statusBadge, pretty, errorBox, parseDate, ApiError } from './dom.js';
import { followExecution } from './stream.js';

const TERMINAL = ['completed', 'failure', 'cancelled'];

export async function render(main, id) {
  const head = h('div', {});
  const actions = h('div', { class: 'row' });
  const timeline = h('ol', { class: 'timeline', 'aria-label': 'Steps' });
  const details = h('div', {});
  const deliveries = h('div', {});
  const notice = h('div', { role: 'status' });
  const approvals = h('div', {});
  main.append(head, actions, notice, approvals, h('h2', {}, 'Steps'), timeline, details, h('h2', {}, 'Deliveries'), deliveries);
  let doc = await api('/executions/' + encodeURIComponent(id));
  const drawApprovals = approvalsOf(approvals, id, notice);
  const draw = (d) => {
    doc = d;
    drawHead(head, d);
    drawActions(actions, d, notice);
    drawApprovals(d);
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

/**
 * The approval steps of this run waiting for a decision (GET /approvals?executionId=), one panel each with the
 * step's message, who may decide, a Comment field and Approve / Reject for operators. Panels are kept across
 * stream updates (a comment being typed stays) and go when their step stops waiting.
 */
function approvalsOf(box, id, notice) {
  const panels = new Map();
  let asked = '';
  let latest = null;
  const waitingSteps = (d) => TERMINAL.includes(d.status) ? []
    : (d.steps || []).filter((s) => s.flowTaskStatus === 'waiting').map((s) => s.taskId);
  const prune = () => {
    const waiting = waitingSteps(latest);
    for (const [stepId, panel] of panels) {
      if (!waiting.includes(stepId)) { panel.remove(); panels.delete(stepId); }
    }
    return waiting;
  };
  return async (d) => {
    latest = d;
    const waiting = prune();
    const key = waiting.join('\n');
    if (key === asked) return;
    asked = key;
    if (!waiting.length) return;
    let data;
    try { data = await api('/approvals?executionId=' + encodeURIComponent(id)); } catch (e) { clear(notice, errorBox(e)); return; }
    const still = prune();
    for (const p of data.items) {
      if (panels.has(p.stepId) || !still.includes(p.stepId)) continue;
      const step = (latest.steps || []).find((s) => s.taskId === p.stepId);
      const panel = approvalPanel(id, p, step ? step.taskName || step.taskId : p.stepId, notice);
      panels.set(p.stepId, panel);
      box.append(panel);
    }
  };
}

function approvalPanel(id, p, name, notice) {
  const fieldId = 'comment-' + p.stepId;
  const headingId = 'approval-' + p.stepId;
  const comment = h('textarea', { id: fieldId, rows: 2, 'aria-describedby': fieldId + '-hint' });
  const problem = h('div', {});
  const buttons = [];
  const decide = (verb) => async () => {
    buttons.forEach((b) => { b.disabled = true; });
    clear(problem);
    const text = comment.value.trim();
    try {
      const out = await api('/executions/' + encodeURIComponent(id) + '/steps/' + encodeURIComponent(p.stepId) + '/' + verb,
        { method: 'POST', body: text ? { comment: text } : {} });
      clear(notice, h('p', {}, (out.decision === 'rejected' ? 'Rejected' : 'Approved') + ' “' + name + '” as ' + out.by + '.'));
    } catch (e) {
      clear(problem, decisionError(e));
      // A 409 means the step is decided or no longer waits: deciding again cannot help.
      buttons.forEach((b) => { b.disabled = e instanceof ApiError && e.status === 409; });
    }
  };
  if (can('operator')) {
    buttons.push(h('button', { type: 'button', class: 'primary', onclick: decide('approve') }, 'Approve'),
      h('button', { type: 'button', onclick: decide('reject') }, 'Reject'));
  }
  return h('section', { class: 'panel approval', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Waiting for approval: ' + name),
    p.message ? h('p', {}, p.message) : null,
    h('p', { class: 'muted' }, 'Waiting since ' + when(p.waitingSince) + ' · ' +
      (p.approvers && p.approvers.length ? 'may decide: ' + p.approvers.join(', ') : 'any operator may decide')),
    buttons.length ? [
      h('div', { class: 'field' }, h('label', { for: fieldId }, 'Comment'), comment,
        h('span', { class: 'muted', id: fieldId + '-hint' }, 'Optional; kept in the step\'s outputs.')),
      h('div', { class: 'row' }, buttons)] : null,
    problem);
}

/** 403 / 409 answers of a decision, said plainly, with the server's own message and code. */
function decisionError(e) {
  if (!(e instanceof ApiError)) return errorBox(e);
  const lead = e.status === 403 ? 'You may not decide on this step. '
    : e.status === 409 && e.body.code === 'already_decided' ? 'This step was already decided. '
      : e.status === 409 ? 'This step no longer waits for a decision. ' : '';
  return h('p', { class: 'error', role: 'alert' }, lead + e.message + (e.body.code ? ' (' + e.body.code + ')' : ''));
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
