// A workflow's page: tabs Editor, Configure, Activity and Requests (and the editor alone for a new one).
import { h, api, when, pretty } from './dom.js';
import { editor } from './editor.js';
import { configure } from './configure.js';
import { list as activityList } from './activity.js';

const TABS = [['editor', 'Editor'], ['configure', 'Configure'], ['activity', 'Activity'], ['requests', 'Requests']];
const TEMPLATE = 'id: my-workflow\nname: My workflow\ntriggers:\n  manual: {}\nsteps:\n  - id: hello\n    type: transform\n    output: \'{ "hello": "world" }\'\n';

export async function renderNew(main) {
  main.append(h('h1', {}, 'New workflow'));
  const box = h('div', {});
  main.append(box);
  editor(box, { source: TEMPLATE, workflow: null });
}

/** `team`: from the link, for an id that several teams use (else null). */
export async function render(main, id, tab, team) {
  const w = await api('/workflows/' + encodeURIComponent(id) + (team ? '?team=' + encodeURIComponent(team) : ''));
  const path = '/workflows/' + encodeURIComponent(w.id);
  const teamPart = w.team === 'default' ? '' : '?team=' + encodeURIComponent(w.team);
  main.append(
    h('h1', {}, w.name || w.id),
    h('p', { class: 'muted' }, w.id + ' · team ' + w.team + ' · revision ' + w.revision + (w.description ? ' · ' + w.description : '')),
    h('nav', { class: 'tabs', 'aria-label': 'Workflow' }, TABS.map(([key, label]) =>
      h('a', { href: '#' + path + '/' + key + teamPart, 'aria-current': key === tab ? 'page' : null }, label))));
  const box = h('section', { 'aria-label': TABS.find(([k]) => k === tab)[1] });
  main.append(box);
  if (tab === 'editor') {
    const rev = await api(path + '/revisions/' + w.revision + '?team=' + encodeURIComponent(w.team));
    return editor(box, { source: rev.source, workflow: w });
  }
  if (tab === 'configure') return configure(box, w);
  if (tab === 'activity') return activityList(box, { workflowId: w.id }, false);
  return requests(box, w);
}

async function requests(box, w) {
  const data = await api('/workflows/' + encodeURIComponent(w.id) + '/requests?team=' + encodeURIComponent(w.team) + '&limit=50');
  if (!data.items.length) {
    box.append(h('p', {}, 'No requests received yet. Each request to the hook URL — accepted or refused — shows here.'));
    return null;
  }
  box.append(h('h2', {}, 'Recent requests'), ...data.items.map((r) => h('details', { class: 'panel' },
    h('summary', {}, when(r.receivedAt), ' · ', h('code', {}, r.method + ' ' + r.path), ' → ', String(r.status),
      r.activityId ? [' · ', h('a', { href: '#/executions/' + encodeURIComponent(r.activityId) }, 'run ' + r.activityId)] : null),
    h('h3', { class: 'muted' }, 'Headers (credentials redacted)'), pretty(r.headers),
    h('h3', { class: 'muted' }, 'Body'), h('pre', {}, bodyText(r.body)),
    r.reply !== undefined ? [h('h3', { class: 'muted' }, 'Reply'), pretty(r.reply)] : null)));
  return null;
}

/** A logged body as text: JSON pretty-printed when it parses, anything else exactly as received. */
function bodyText(body) {
  if (typeof body !== 'string') return JSON.stringify(body, null, 2);
  try { return JSON.stringify(JSON.parse(body), null, 2); } catch { return body; }
}
