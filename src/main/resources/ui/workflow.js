// A workflow's page: tabs Editor, Configure, Activity and Requests (and the editor alone for a new one).
import { h, api, when, pretty, errorBox } from './dom.js';
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

/** The request log, newest first, a page at a time: "Load more" appends the next (older) page. */
async function requests(box, w) {
  const base = '/workflows/' + encodeURIComponent(w.id) + '/requests?team=' + encodeURIComponent(w.team) + '&limit=' + REQUESTS_PAGE;
  const data = await api(base);
  if (!data.items.length) {
    box.append(h('p', {}, 'No requests received yet. Each request to the hook URL — accepted or refused — shows here.'));
    return null;
  }
  const list = h('div', { class: 'requests' }, data.items.map(request));
  const more = h('p', {});
  box.append(h('h2', {}, 'Recent requests'), list, more);
  const offer = (next) => {
    more.replaceChildren(next ? h('button', { type: 'button', onclick: async (e) => {
      e.target.disabled = true;
      try {
        const page = await api(base + '&cursor=' + encodeURIComponent(next));
        list.append(...page.items.map(request));
        offer(page.next);
      } catch (err) {
        e.target.disabled = false;
        more.append(errorBox(err));
      }
    } }, 'Load more') : null);
  };
  offer(data.next);
  return null;
}

const REQUESTS_PAGE = 50;

function request(r) {
  return h('details', { class: 'panel' },
    h('summary', {}, when(r.receivedAt), ' · ', h('code', {}, r.method + ' ' + r.path), ' → ', String(r.status),
      r.activityId ? [' · ', h('a', { href: '#/executions/' + encodeURIComponent(r.activityId) }, 'run ' + r.activityId)] : null),
    h('h3', { class: 'muted' }, 'Headers (credentials redacted)'), pretty(r.headers),
    h('h3', { class: 'muted' }, 'Body'), h('pre', {}, bodyText(r.body)),
    r.reply !== undefined ? [h('h3', { class: 'muted' }, 'Reply'), pretty(r.reply)] : null);
}

/** A logged body as text: JSON pretty-printed when it parses, anything else exactly as received. */
function bodyText(body) {
  if (typeof body !== 'string') return JSON.stringify(body, null, 2);
  try { return JSON.stringify(JSON.parse(body), null, 2); } catch { return body; }
}
