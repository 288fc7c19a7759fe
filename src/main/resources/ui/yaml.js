// Just enough YAML for the editor: colouring lines (keys, strings, numbers, comments), finding the line a
// validation problem's path points at, replacing one block under `triggers:`, and a line diff.
import { h } from './dom.js';

/** One span per line; text only. `problemLines`: 1-based line numbers to mark. */
export function highlight(text, problemLines) {
  return text.split('\n').map((line, i) => {
    const m = line.match(/^(\s*(?:- )?)([^\s:#][^:#]*?)(:)(?=\s|$)(.*)$/);
    const parts = m ? [m[1], h('span', { class: 'y-key' }, m[2]), m[3], ...value(m[4])] : value(line);
    return h('span', { class: 'line' + (problemLines.has(i + 1) ? ' problem' : '') }, parts, '\n');
  });
}

function value(rest) {
  const hash = rest.search(/(^|\s)#/);
  const body = hash >= 0 ? rest.slice(0, hash) : rest;
  const comment = hash >= 0 ? h('span', { class: 'y-com' }, rest.slice(hash)) : null;
  const t = body.trim();
  let cls = null;
  if (/^(["']).*\1$/.test(t)) cls = 'y-str';
  else if (/^-?\d+(\.\d+)?$/.test(t)) cls = 'y-num';
  else if (/^(true|false|null|~)$/.test(t)) cls = 'y-bool';
  return [cls ? h('span', { class: cls }, body) : body, comment];
}

/** The 1-based line a path such as `steps[1].type` or `triggers.webhook.auth` points at (best effort). */
export function lineOf(text, path) {
  const lines = text.split('\n');
  const segs = [];
  for (const part of String(path || '').split('.')) {
    const m = part.match(/^([^[]*)((?:\[\d+\])*)$/);
    if (!m) { segs.push(part); continue; }
    if (m[1]) segs.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) segs.push(Number(idx[1]));
  }
  let from = 0, to = lines.length, parentIndent = -1, found = 0;
  const indentOf = (l) => l.match(/^\s*/)[0].length;
  const blank = (l) => /^\s*(#.*)?$/.test(l);
  for (const seg of segs) {
    let hit = -1, hitIndent = Infinity, count = -1;
    for (let i = from; i < to; i++) {
      if (blank(lines[i])) continue;
      const l = lines[i];
      if (typeof seg === 'number') {
        const m = l.match(/^(\s*)- /);
        if (!m || m[1].length < parentIndent || (hitIndent !== Infinity && m[1].length !== hitIndent)) continue;
        hitIndent = m[1].length;
        if (++count === seg) { hit = i; break; }
      } else {
        const m = l.match(/^(\s*(?:- )?)["']?([^"':]+)["']?:(\s|$)/);
        if (m && m[2].trim() === seg && m[1].length > parentIndent && m[1].length < hitIndent) {
          hit = i; hitIndent = m[1].length;
        }
      }
    }
    if (hit < 0) break;
    found = hit + 1;
    let end = hit + 1;
    while (end < to && (blank(lines[end]) || indentOf(lines[end]) > hitIndent
      || (typeof seg !== 'number' && indentOf(lines[end]) === hitIndent && /^\s*- /.test(lines[end])))) end++;
    from = typeof seg === 'number' ? hit : hit + 1;
    to = end;
    parentIndent = hitIndent;
  }
  return found || 1;
}

/**
 * The source with `triggers.<kind>` set to `value` (a JSON value written as flow YAML) or removed (null).
 * Other lines stay as written. Returns null when `triggers` is written inline and cannot be edited here.
 */
export function setTrigger(text, kind, value) {
  const lines = text.replace(/\n+$/, '').split('\n');
  let t = lines.findIndex((l) => /^triggers:\s*(#.*)?$/.test(l));
  if (t < 0) {
    if (lines.some((l) => /^triggers:/.test(l))) return null;
    if (value == null) return text;
    lines.push('triggers:');
    t = lines.length - 1;
  }
  let end = t + 1;
  while (end < lines.length && (/^\s*(#.*)?$/.test(lines[end]) || /^\s/.test(lines[end]))) end++;
  const child = lines.slice(t + 1, end).find((l) => /^\s+\S/.test(l) && !/^\s*#/.test(l));
  const indent = child ? child.match(/^\s*/)[0] : '  ';
  let start = -1, stop = end;
  for (let i = t + 1; i < end; i++) {
    if (lines[i].startsWith(indent + kind + ':')) {
      start = i;
      stop = i + 1;
      while (stop < end && (lines[stop].match(/^\s*/)[0].length > indent.length || /^\s*$/.test(lines[stop])
        || (lines[stop].startsWith(indent + '- ')))) stop++;
      break;
    }
  }
  const replacement = value == null ? [] : [indent + kind + ': ' + JSON.stringify(value)];
  if (start >= 0) lines.splice(start, stop - start, ...replacement);
  else lines.splice(end, 0, ...replacement);
  return lines.join('\n') + '\n';
}

/** A line diff (longest common subsequence) of two texts as elements. */
export function diff(a, b) {
  const x = a.split('\n'), y = b.split('\n');
  const n = x.length, m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--)
    lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) { out.push(h('span', { class: 'same' }, '  ' + x[i])); i++; j++; }
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) { out.push(h('span', { class: 'add' }, '+ ' + y[j])); j++; }
    else { out.push(h('span', { class: 'del' }, '- ' + x[i])); i++; }
  }
  return out;
}
