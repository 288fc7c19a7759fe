// The Run dialog: starts a manual run (with an inputs form when the workflow declares params) and opens
// its execution view.
import { h, api, errorBox } from './dom.js';

export async function runDialog(summary) {
  const w = await api('/workflows/' + encodeURIComponent(summary.id) + '?team=' + encodeURIComponent(summary.team));
  const params = declaredParams(w);
  if (!params.length) {
    return start(w, {});
  }
  const inputs = params.map((p, i) => {
    const id = 'run-input-' + i;
    const input = p.type === 'boolean' ? h('input', { id, type: 'checkbox' })
      : h('input', { id, type: p.type === 'number' || p.type === 'integer' ? 'number' : 'text', required: !!p.required });
    return { p, input, el: h('div', { class: 'field' }, h('label', { for: id }, (p.label || p.name) + (p.required ? ' *' : '')), input) };
  });
  const status = h('div', {});
  const dialog = h('dialog', { 'aria-label': 'Run ' + (w.name || w.id) },
    h('form', { method: 'dialog', onsubmit: async (ev) => {
      ev.preventDefault();
      const values = {};
      for (const { p, input } of inputs) {
        if (p.type === 'boolean') put(values, p.name, input.checked);
        else if (input.value !== '') put(values, p.name, p.type === 'number' || p.type === 'integer' ? Number(input.value) : input.value);
      }
      try { await start(w, values); dialog.close(); dialog.remove(); } catch (e) { status.replaceChildren(errorBox(e)); }
    } },
    h('h2', {}, 'Run ' + (w.name || w.id)),
    h('p', { class: 'muted' }, 'The fields are the webhook trigger\'s declared params; a manual run gets them as inputs (inputs.<name>).'),
    inputs.map((x) => x.el), status,
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Start run'),
      h('button', { type: 'button', onclick: () => { dialog.close(); dialog.remove(); } }, 'Close'))));
  document.body.append(dialog);
  dialog.showModal();
}

/** Dotted names nest, as in a webhook body: order.id → {order: {id: …}}. */
function put(target, dotted, value) {
  const parts = dotted.split('.');
  let at = target;
  for (const part of parts.slice(0, -1)) at = at[part] = typeof at[part] === 'object' && at[part] ? at[part] : {};
  at[parts[parts.length - 1]] = value;
}

function declaredParams(w) {
  const t = w.triggers || {};
  const manual = t.manual && Array.isArray(t.manual.params) ? t.manual.params : null;
  const hook = t.webhook && Array.isArray(t.webhook.params) ? t.webhook.params.filter((p) => (p.in || 'body') === 'body' && p.name !== '$') : [];
  return manual || hook;
}

async function start(w, inputs) {
  const r = await api('/workflows/' + encodeURIComponent(w.id) + '/executions?team=' + encodeURIComponent(w.team),
    { method: 'POST', body: { inputs } });
  location.hash = '#/executions/' + encodeURIComponent(r.activityId);
}
