// Workflows page: one row per workflow (trigger badges, last run, Run), a server-side Search that also
// matches the hookId of a webhook URL, and pages of 50.
import { h, clear, api, qs, can, when, statusBadge, errorBox } from './dom.js';
import { runDialog } from './run.js';

const PAGE = 50;

export async function render(main, params) {
  const q = params.get('q') || '';
  const search = h('input', { id: 'wf-search', type: 'search', value: q, placeholder: 'name, id or hookId' });
  const list = h('div', {});
  main.append(
    h('h1', {}, 'Workflows'),
    h('form', { class: 'row', role: 'search', onsubmit: (ev) => {
      ev.preventDefault();
      location.hash = '#/workflows' + qs({ q: search.value.trim() });
    } },
    h('label', { for: 'wf-search' }, 'Search'), search, h('button', { type: 'submit' }, 'Find'),
    can('editor') ? h('a', { class: 'button', href: '#/workflows/new' }, 'New workflow') : null),
    list);
  await page(list, q, null);
}

async function page(list, q, cursor) {
  let data;
  try {
    data = await api('/workflows' + qs({ q, limit: PAGE, cursor }));
  } catch (e) {
    clear(list, errorBox(e));
    return;
  }
  if (!data.items.length) {
    clear(list, h('p', {}, q ? 'No workflow matches “' + q + '”.' : 'No workflows yet.'));
    return;
  }
  const body = h('tbody', {}, data.items.map(row));
  clear(list, h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Workflow'), h('th', {}, 'Triggers'), h('th', {}, 'Last run'),
      h('th', { class: 'hide-narrow' }, 'Revision'), h('th', {}, h('span', { class: 'muted' }, 'Actions')))),
    body)),
  data.next ? h('p', {}, h('button', { type: 'button', onclick: () => page(list, q, data.next) }, 'Next page')) : null);
}

function row(w) {
  const run = w.lastRun;
  const last = h('td', {}, run ? [h('a', { href: '#/executions/' + encodeURIComponent(run.id) }, statusBadge(run.status)), ' ',
    h('span', { class: 'muted' }, when(run.creationDate))] : h('span', { class: 'muted' }, 'never'));
  const triggers = w.triggers || [];
  const runButton = triggers.includes('manual') && can('operator')
    ? h('button', { type: 'button', 'aria-label': 'Run ' + (w.name || w.id), onclick: () => runDialog(w) }, 'Run') : null;
  return h('tr', {},
    h('td', {}, h('a', { href: '#/workflows/' + encodeURIComponent(w.id) + (w.team === 'default' ? '' : '/editor?team=' + encodeURIComponent(w.team)) }, w.name || w.id),
      h('div', { class: 'muted' }, w.id + (w.team && w.team !== 'default' ? ' · ' + w.team : ''))),
    h('td', {}, triggers.map((t) => h('span', { class: 'badge' }, t))),
    last,
    h('td', { class: 'hide-narrow' }, String(w.revision)),
    h('td', {}, runButton));
}
