// The console's shell: sign-in, navigation and a hash router. Each page module exports
// render(main, params) and may return a cleanup function (stop polling, close a stream).
import { h, clear, session, api, errorBox } from './dom.js';
import * as workflows from './workflows.js';
import * as workflow from './workflow.js';
import * as activity from './activity.js';
import * as execution from './execution.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const signOut = document.getElementById('sign-out');
let cleanup = null;

const ROUTES = [
  [/^#\/workflows\/new$/, () => workflow.renderNew],
  [/^#\/workflows\/([^/?]+)(?:\/(editor|configure|activity|requests))?(?:\?team=([^&]*))?$/,
    (m) => (el) => workflow.render(el, decodeURIComponent(m[1]), m[2] || 'editor', m[3] ? decodeURIComponent(m[3]) : null)],
  [/^#\/executions\/([^/]+)$/, (m) => (el) => execution.render(el, decodeURIComponent(m[1]))],
  [/^#\/activity(?:\?(.*))?$/, (m) => (el) => activity.render(el, new URLSearchParams(m[1] || ''))],
  [/^#\/workflows(?:\?(.*))?$/, (m) => (el) => workflows.render(el, new URLSearchParams(m[1] || ''))],
];

async function route() {
  if (cleanup) { cleanup(); cleanup = null; }
  if (!session.key() || !session.me()) { showSignIn(); return; }
  showChrome();
  const hash = location.hash || '#/workflows';
  for (const [re, page] of ROUTES) {
    const m = hash.match(re);
    if (m) {
      markNav(hash);
      clear(main);
      try { cleanup = (await page(m)(main)) || null; } catch (e) { main.append(errorBox(e)); }
      return;
    }
  }
  location.hash = '#/workflows';
}

function markNav(hash) {
  for (const a of nav.querySelectorAll('a')) {
    const here = (hash.startsWith('#/activity') || hash.startsWith('#/executions')) ? '#/activity' : '#/workflows';
    if (a.getAttribute('href') === here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}

function showChrome() {
  const me = session.me();
  nav.hidden = false;
  signOut.hidden = false;
  who.textContent = me.name + ' · ' + me.role + (me.team ? ' · ' + me.team : '');
}

function showSignIn(message) {
  nav.hidden = true;
  signOut.hidden = true;
  who.textContent = '';
  const input = h('input', { id: 'api-key', type: 'password', autocomplete: 'off', required: true });
  const status = h('p', { role: 'status' }, message || '');
  const form = h('form', { class: 'panel sign-in', onsubmit: async (ev) => {
    ev.preventDefault();
    session.set(input.value.trim());
    try {
      session.setMe(await api('/me'));
      route();
    } catch (e) {
      session.clear();
      clear(status, errorBox(e));
    }
  } },
  h('h1', {}, 'Sign in to Flowgate'),
  h('div', { class: 'field' }, h('label', { for: 'api-key' }, 'API key'), input,
    h('span', { class: 'muted' }, 'Kept in this tab only (session storage). The admin key is in data/admin.key; ./flowgate keys create makes others.')),
  h('button', { type: 'submit', class: 'primary' }, 'Sign in'), status);
  clear(main, form);
  input.focus();
}

signOut.addEventListener('click', () => {
  session.clear();
  if (cleanup) { cleanup(); cleanup = null; }
  showSignIn('Signed out.');
});
window.addEventListener('flowgate:unauthorized', () => {
  // Only for a signed-in session (a key revoked meanwhile); a wrong key at sign-in is answered by the form.
  if (session.me()) { session.clear(); showSignIn('The key is no longer valid; sign in again.'); }
});
window.addEventListener('hashchange', route);
route();
