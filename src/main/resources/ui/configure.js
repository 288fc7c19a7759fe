// The Configure tab: enable or disable each trigger (a new revision), and the webhook's tools — Build
// webhook URL, Generate token / Generate secret (shown once, with Copy), a curl example, Capture a sample
// with the proposed parameters — plus a Cron field with the next fire times, and event subscriptions.
import { h, clear, api, can, pretty, errorBox, copyButton } from './dom.js';
import { setTrigger } from './yaml.js';

const CAPTURE_SECONDS = 180;

export async function configure(box, w) {
  const base = '/workflows/' + encodeURIComponent(w.id);
  const team = '?team=' + encodeURIComponent(w.team);
  const edit = can('editor');
  const status = h('div', { role: 'status' });
  const triggers = w.triggers || {};

  /** Saves a new revision with `triggers.<kind>` set (or removed when value is null), then reloads the tab. */
  async function saveTrigger(kind, value) {
    const rev = await api(base + '/revisions/' + w.revision + team);
    const source = setTrigger(rev.source, kind, value);
    if (source == null) {
      clear(status, h('p', { class: 'error' }, 'This workflow writes its triggers inline; change them in the Editor.'));
      return;
    }
    try {
      const type = /^\s*\{/.test(rev.source) ? 'application/json' : 'application/yaml';
      if (type === 'application/json') {
        const doc = JSON.parse(rev.source);
        doc.triggers = doc.triggers || {};
        if (value == null) delete doc.triggers[kind]; else doc.triggers[kind] = value;
        await api('/workflows', { method: 'POST', body: JSON.stringify(doc), type });
      } else {
        await api('/workflows', { method: 'POST', body: source, type });
      }
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) {
      clear(status, errorBox(e));
    }
  }

  const toggle = (kind, label, value) => {
    const id = 'enable-' + kind;
    return h('div', { class: 'row' }, h('input', { id, type: 'checkbox', checked: !!triggers[kind], disabled: !edit,
      onchange: (ev) => saveTrigger(kind, ev.target.checked ? value() : null) }), h('label', { for: id }, label));
  };

  // Webhook
  const hook = triggers.webhook || {};
  const authType = typeof hook.auth === 'string' ? hook.auth : hook.auth?.type || 'none';
  const methodSel = h('select', { id: 'wh-method' }, ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'].map((m) =>
    h('option', { value: m, selected: (hook.methods || ['POST'])[0] === m ? 'selected' : null }, m)));
  const authSel = h('select', { id: 'wh-auth' }, [['none', 'none'], ['token', 'token'], ['bearer', 'bearer'], ['hmac', 'hmac (standard-webhooks)']].map(([v, t]) =>
    h('option', { value: v, selected: (w.triggers?.webhook ? authType : 'token') === v ? 'selected' : null }, t)));
  const modeSel = h('select', { id: 'wh-mode' }, ['async', 'sync', 'static'].map((m) =>
    h('option', { value: m, selected: (hook.response?.mode || 'async') === m ? 'selected' : null }, m)));
  const formBox = h('input', { id: 'wh-form', type: 'checkbox', checked: !!hook.form });
  const webhookValue = () => {
    const v = { ...hook, methods: [methodSel.value], auth: authSel.value === 'hmac' ? { type: 'hmac', scheme: 'standard-webhooks' } : authSel.value };
    v.response = { ...(hook.response || {}), mode: modeSel.value };
    if (formBox.checked) v.form = hook.form || true; else delete v.form;
    return v;
  };
  const urlOut = h('div', {});
  const credOut = h('div', {});
  const curlOut = h('div', {});
  let url = w.webhook?.url || null;
  let credential = null;
  const drawCurl = () => {
    if (!url) return;
    const kind = authType;
    const auth = kind === 'bearer' ? ` \\\n  -H 'Authorization: Bearer ${credential || '<token>'}'` : '';
    const target = kind === 'token' ? url + '?token=' + (credential || '<token>') : url;
    const cmd = `curl -X ${(hook.methods || ['POST'])[0]} '${target}'${auth} \\\n  -H 'Content-Type: application/json' \\\n  -d '{"hello": "world"}'`;
    clear(curlOut, h('h3', {}, 'Try it with curl'), h('pre', { 'aria-label': 'curl example' }, cmd), copyButton(() => cmd, 'Copy curl'));
  };
  const shownOnce = (label, value) => {
    credential = value;
    clear(credOut, h('p', {}, label + ' — shown only now; copy it:'), h('div', { class: 'secret' },
      h('code', { 'aria-label': label }, value), copyButton(() => value)));
    drawCurl();
  };
  const webhookTools = triggers.webhook ? h('div', {},
    h('div', { class: 'row' },
      h('button', { type: 'button', onclick: () => {
        url = w.webhook?.url;
        clear(urlOut, h('p', {}, 'Webhook URL: ', h('code', { 'aria-label': 'Webhook URL' }, url || '—'), ' '), url ? copyButton(() => url) : null);
        drawCurl();
      } }, 'Build webhook URL'),
      edit && (authType === 'token' || authType === 'bearer') ? h('button', { type: 'button', onclick: async () => {
        try { const t = await api(base + '/webhook/tokens' + team, { method: 'POST', body: {} }); shownOnce('Token', t.token); } catch (e) { clear(credOut, errorBox(e)); }
      } }, 'Generate token') : null,
      edit && authType === 'hmac' ? h('button', { type: 'button', onclick: async () => {
        try { const s = await api(base + '/webhook/secrets' + team, { method: 'POST', body: {} }); shownOnce('Secret', s.secret); } catch (e) { clear(credOut, errorBox(e)); }
      } }, 'Generate secret') : null,
      hook.form ? h('a', { href: '/forms/' + encodeURIComponent(w.webhook?.hookId || ''), target: '_blank', rel: 'noopener' }, 'Open public form') : null),
    urlOut, credOut, curlOut, edit ? capture(base, team, hook, saveTrigger) : null) : null;

  // Schedule
  const sched = Array.isArray(triggers.schedule) ? triggers.schedule[0] || {} : {};
  const cron = h('input', { id: 'cron', type: 'text', value: sched.cron || '0 9 * * MON-FRI', autocomplete: 'off' });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const zone = h('select', { id: 'timezone' }, ['UTC', ...zones.filter((z) => z !== 'UTC')].map((z) =>
    h('option', { value: z, selected: (sched.timezone || localZone) === z ? 'selected' : null }, z)));
  const preview = h('div', { 'aria-live': 'polite' });
  let previewTimer = null;
  const refreshPreview = () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(async () => {
      try {
        const r = await api('/schedules/preview?cron=' + encodeURIComponent(cron.value) + '&timezone=' + encodeURIComponent(zone.value) + '&count=5');
        clear(preview, h('ol', { 'aria-label': 'Next fire times' }, r.next.map((t) => h('li', {}, h('time', { datetime: t }, t)))));
      } catch (e) { clear(preview, errorBox(e)); }
    }, 250);
  };
  cron.addEventListener('input', refreshPreview);
  zone.addEventListener('change', refreshPreview);
  refreshPreview();

  // Events
  const ev0 = Array.isArray(triggers.events) ? triggers.events[0] || {} : {};
  const evType = h('input', { id: 'event-type', type: 'text', value: ev0.type || '' });
  const evFilter = h('input', { id: 'event-filter', type: 'text', value: ev0.filter || '' });

  box.append(status,
    h('section', { class: 'panel', 'aria-labelledby': 'cfg-manual' }, h('h2', { id: 'cfg-manual' }, 'Manual'),
      toggle('manual', 'Enable manual trigger', () => ({}))),
    h('section', { class: 'panel', 'aria-labelledby': 'cfg-webhook' }, h('h2', { id: 'cfg-webhook' }, 'Webhook'),
      h('div', { class: 'row' }, h('label', { for: 'wh-method' }, 'Method'), methodSel, h('label', { for: 'wh-auth' }, 'Auth type'), authSel,
        h('label', { for: 'wh-mode' }, 'Response mode'), modeSel, formBox, h('label', { for: 'wh-form' }, 'Public form')),
      h('div', { class: 'row' }, toggle('webhook', 'Enable webhook trigger', webhookValue),
        edit && triggers.webhook ? h('button', { type: 'button', onclick: () => saveTrigger('webhook', webhookValue()) }, 'Save webhook settings') : null),
      webhookTools),
    h('section', { class: 'panel', 'aria-labelledby': 'cfg-schedule' }, h('h2', { id: 'cfg-schedule' }, 'Schedule'),
      h('div', { class: 'row' }, h('label', { for: 'cron' }, 'Cron'), cron, h('label', { for: 'timezone' }, 'Time zone'), zone),
      h('h3', { class: 'muted' }, 'Next 5 fire times'), preview,
      toggle('schedule', 'Enable schedule trigger', () => [{ ...sched, cron: cron.value, timezone: zone.value }]),
      edit && triggers.schedule ? h('button', { type: 'button', onclick: () => saveTrigger('schedule', [{ ...sched, cron: cron.value, timezone: zone.value }]) }, 'Save schedule') : null),
    h('section', { class: 'panel', 'aria-labelledby': 'cfg-events' }, h('h2', { id: 'cfg-events' }, 'Events'),
      h('div', { class: 'row' }, h('label', { for: 'event-type' }, 'Event type'), evType, h('label', { for: 'event-filter' }, 'Filter (JSONata)'), evFilter),
      toggle('events', 'Enable event trigger', () => [{ type: evType.value || 'com.example.event', ...(evFilter.value ? { filter: evFilter.value } : {}) }])));
  return () => clearTimeout(previewTimer);
}

/** Capture a sample: waits up to 3 minutes for the next request on the hook, then proposes its parameters. */
function capture(base, team, hook, saveTrigger) {
  const out = h('div', { 'aria-live': 'polite' });
  let timer = null;
  const button = h('button', { type: 'button', onclick: async () => {
    button.disabled = true;
    let left = CAPTURE_SECONDS;
    const tick = () => { clear(out, h('p', { role: 'timer' }, 'Listening for a request… ' + Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0') + ' left')); left--; };
    tick();
    timer = setInterval(tick, 1000);
    try {
      const r = await api(base + '/webhook/capture' + team, { method: 'POST', body: {} });
      clearInterval(timer);
      if (!r.captured) { clear(out, h('p', {}, 'No request arrived within 3 minutes.')); return; }
      proposed(out, r, hook, saveTrigger);
    } catch (e) {
      clearInterval(timer);
      clear(out, errorBox(e));
    } finally {
      button.disabled = false;
    }
  } }, 'Capture a sample');
  return h('div', {}, h('h3', {}, 'Parameters from a sample'), button, out);
}

function proposed(out, r, hook, saveTrigger) {
  const rows = (r.params || []).map((p, i) => ({ p, box: h('input', { type: 'checkbox', id: 'req-' + i, 'aria-label': 'Required: ' + p.name }) }));
  const whole = h('input', { type: 'checkbox', id: 'whole-body' });
  clear(out, h('p', {}, 'Captured a request:'), pretty(r.request?.body ?? r.request),
    h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Proposed parameters' },
      h('thead', {}, h('tr', {}, ['Name', 'In', 'Type', 'Required'].map((t) => h('th', {}, t)))),
      h('tbody', {}, rows.map(({ p, box }) => h('tr', {}, h('td', {}, h('code', {}, p.name)), h('td', {}, p.in), h('td', {}, p.type), h('td', {}, box)))))),
    h('div', { class: 'row' }, whole, h('label', { for: 'whole-body' }, 'Use the whole body as one parameter')),
    h('button', { type: 'button', onclick: () => {
      const sample = r.request?.body;
      const wholeType = Array.isArray(sample) ? 'array' : sample !== null && typeof sample === 'object' ? 'object' : 'any';
      // `$` names the whole body (JSONata's root), checked as one parameter.
      const params = whole.checked ? [{ name: '$', in: 'body', type: wholeType, required: true }]
        : rows.map(({ p, box }) => ({ ...p, required: box.checked }));
      saveTrigger('webhook', { ...hook, params });
    } }, 'Save parameters'));
}
