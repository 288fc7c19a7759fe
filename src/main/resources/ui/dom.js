// Small helpers shared by every page: element building (text only — never HTML from data), the API client
// with the signed-in key, and formatting.

/** h('a', {href: '#/x', onclick: fn}, 'text', child): children become text nodes or elements, never HTML. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'hidden') el[k] = v;
    else if (k === 'style' || k === 'innerHTML') throw new Error('not allowed: ' + k);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return el;
}

const KEY = 'flowgate.key';
export const session = {
  key: () => sessionStorage.getItem(KEY),
  set: (k) => sessionStorage.setItem(KEY, k),
  clear: () => { sessionStorage.removeItem(KEY); sessionStorage.removeItem('flowgate.me'); },
  me: () => JSON.parse(sessionStorage.getItem('flowgate.me') || 'null'),
  setMe: (me) => sessionStorage.setItem('flowgate.me', JSON.stringify(me)),
};

const RANK = { viewer: 0, operator: 1, editor: 2, admin: 3 };
/** Whether the signed-in key's role reaches `role` (admin ⊃ editor ⊃ operator ⊃ viewer). */
export function can(role) {
  const me = session.me();
  return !!me && RANK[me.role] >= RANK[role];
}

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.msg) || 'HTTP ' + status);
    this.status = status;
    this.body = body || {};
  }
}

/** Calls the API with the session's key. `body`: an object (sent as JSON) or a string with `type`. */
export async function api(path, { method = 'GET', body, type, signal } = {}) {
  const headers = { Authorization: 'Bearer ' + session.key(), Accept: 'application/json' };
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = type || 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await fetch('/api/v1' + path, { method, headers, body: payload, signal });
  const text = await res.text();
  const json = text ? safeJson(text) : null;
  if (res.status === 401) {
    window.dispatchEvent(new CustomEvent('flowgate:unauthorized'));
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return { raw: text }; }
}

/** Query string from an object, leaving out empty values. */
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? '?' + s : '';
}

/** Boomerang dates ("2019-12-04T20:47:27.394+0000") and ISO ones, as local time. */
export function parseDate(s) {
  if (!s) return null;
  const d = new Date(s.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return isNaN(d) ? null : d;
}

export function when(s) {
  const d = parseDate(s);
  return d ? d.toLocaleString() : '—';
}

export function duration(ms) {
  if (ms == null) return '—';
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
}

export function statusBadge(status) {
  return h('span', { class: 'status status-' + status }, status || '—');
}

export function pretty(value) {
  return h('pre', {}, JSON.stringify(value, null, 2));
}

export function errorBox(e) {
  return h('p', { class: 'error', role: 'alert' }, e instanceof ApiError ? e.message + (e.body.code ? ' (' + e.body.code + ')' : '') : String(e));
}

/** A button that copies `text()` to the clipboard and says so. */
export function copyButton(text, label = 'Copy') {
  const b = h('button', { type: 'button', onclick: async () => {
    try { await navigator.clipboard.writeText(text()); b.textContent = 'Copied'; } catch { b.textContent = 'Copy failed — select the text'; }
    setTimeout(() => { b.textContent = label; }, 2000);
  } }, label);
  return b;
}
