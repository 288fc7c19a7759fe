// The Editor tab: YAML with colouring and line numbers, validation problems marked at their lines as you
// type (POST /workflows/validate), Save (a new revision), and the revision history with a diff of any two.
import { h, clear, api, can, when, errorBox } from './dom.js';
import { highlight, lineOf, diff } from './yaml.js';

export function editor(box, { source, workflow }) {
  const area = h('textarea', { id: 'yaml', spellcheck: 'false', 'aria-label': 'Workflow YAML', 'aria-describedby': 'problems', value: source });
  const shown = h('pre', { class: 'highlight', 'aria-hidden': 'true' });
  const problems = h('div', { id: 'problems', 'aria-live': 'polite' });
  const status = h('div', { role: 'status' });
  let timer = null;
  let marked = new Set();
  const paint = () => { clear(shown, highlight(area.value, marked)); shown.scrollTop = area.scrollTop; shown.scrollLeft = area.scrollLeft; };
  const validate = async () => {
    try {
      const r = await api('/workflows/validate', { method: 'POST', body: area.value || ' ', type: 'application/yaml' });
      // A YAML syntax problem names its line ("line 2, column 8"); the others are traced from their path.
      const found = (r.problems || []).map((p) => {
        const m = /\bline (\d+)/.exec((p.path || '') + ' ' + (p.message || ''));
        return { ...p, line: m ? Number(m[1]) : lineOf(area.value, p.path) };
      });
      marked = new Set(found.map((p) => p.line));
      clear(problems, found.length
        ? h('ul', { class: 'problems error', 'aria-label': 'Problems' }, found.map((p) => h('li', {}, 'Line ' + p.line + ': ' + (p.path ? p.path + ' — ' : '') + p.message)))
        : h('p', { class: 'muted' }, 'No problems.'));
    } catch (e) {
      marked = new Set();
      clear(problems, errorBox(e));
    }
    paint();
  };
  area.addEventListener('input', () => { paint(); clearTimeout(timer); timer = setTimeout(validate, 300); });
  area.addEventListener('scroll', () => { shown.scrollTop = area.scrollTop; shown.scrollLeft = area.scrollLeft; });
  area.addEventListener('keydown', (ev) => {
    // Tab indents by two spaces; Escape then Tab leaves the editor, so the keyboard is never trapped.
    if (ev.key === 'Tab' && !ev.shiftKey && !area.dataset.escaped) {
      ev.preventDefault();
      area.setRangeText('  ', area.selectionStart, area.selectionEnd, 'end');
      area.dispatchEvent(new Event('input'));
    }
    if (ev.key === 'Escape') area.dataset.escaped = '1'; else if (ev.key !== 'Tab') delete area.dataset.escaped;
  });
  const history = h('div', {});
  const save = can('editor') ? h('button', { type: 'button', class: 'primary', onclick: async () => {
    try {
      const r = await api('/workflows', { method: 'POST', body: area.value, type: 'application/yaml' });
      clear(status, h('p', {}, 'Saved revision ' + r.revision + '.'));
      if (!workflow || workflow.id !== r.id || workflow.team !== r.team) {
        location.hash = '#/workflows/' + encodeURIComponent(r.id) + '/editor' + (r.team === 'default' ? '' : '?team=' + encodeURIComponent(r.team));
      } else {
        loadHistory(history, r);
      }
    } catch (e) {
      clear(status, errorBox(e));
      if (e.body && e.body.problems) validate();
    }
  } }, 'Save') : null;
  box.append(h('div', { class: 'editor' }, shown, area), problems,
    h('div', { class: 'row' }, save, h('span', { class: 'muted' }, 'Tab indents; Esc then Tab moves on.')), status, history);
  paint();
  validate();
  if (workflow) loadHistory(history, workflow);
  return () => clearTimeout(timer);
}

async function loadHistory(box, w) {
  const base = '/workflows/' + encodeURIComponent(w.id) + '/revisions';
  const team = '?team=' + encodeURIComponent(w.team);
  const data = await api(base + team);
  const pick = (id, label, selected) => [h('label', { for: id }, label),
    h('select', { id }, data.items.map((r) => h('option', { value: r.revision, selected: r.revision === selected ? 'selected' : null },
      'revision ' + r.revision + ' · ' + when(r.createdAt))))];
  const [lFrom, from] = pick('diff-from', 'Diff from', data.items[1]?.revision ?? data.items[0]?.revision);
  const [lTo, to] = pick('diff-to', 'Diff to', data.items[0]?.revision);
  const out = h('div', {});
  clear(box, h('h2', {}, 'Revisions'), h('div', { class: 'row' }, lFrom, from, lTo, to,
    h('button', { type: 'button', onclick: async () => {
      try {
        const [a, b] = await Promise.all([api(base + '/' + from.value + team), api(base + '/' + to.value + team)]);
        clear(out, h('div', { class: 'diff', 'aria-label': 'Diff' }, diff(a.source || '', b.source || '')));
      } catch (e) { clear(out, errorBox(e)); }
    } }, 'Show diff')), out);
}
