// List changes: pick a source and two of its versions, see what was added,
// removed and changed, field by field. Rows are rendered in chunks as they
// scroll into view, so a diff of thousands of entities stays fast.

import { api, enc, query } from './api.js';
import { h, replace, errorBox, loading, empty } from './dom.js';
import { propLabel } from './format.js';

const CHUNK = 150;
let listsCache = null;

function lists() {
  const now = Date.now();
  if (!listsCache || now - listsCache.at > 60000) {
    listsCache = { at: now, call: api('/v1/lists') };
    listsCache.call.catch(() => { listsCache = null; });
  }
  return listsCache.call;
}

function versionOption(v, selected) {
  return h('option', { value: String(v.version), selected },
    `v${v.version} · ${v.published} · ${v.entities.toLocaleString('en')} entities`);
}

function entityLink(id, version) {
  return h('a', { href: `#/entity/${encodeURIComponent(id)}${query({ version })}`, class: 'diff-id' }, id);
}

/** Before/after of one field: values gone struck out, values new marked. */
function fieldRow(field) {
  const before = new Set(field.before);
  const after = new Set(field.after);
  const cell = (values, other, cls) => h('td', null, values.length
    ? h('ul', { class: 'values' }, values.map((v) => h('li', { class: other.has(v) ? 'same' : cls }, v)))
    : h('span', { class: 'muted' }, '—'));
  return h('tr', null,
    h('th', { scope: 'row' }, propLabel(field.field)),
    cell(field.before, after, 'gone'),
    cell(field.after, before, 'new'));
}

function changedRow(change, from, to) {
  const details = h('details', { class: 'diff-row changed' });
  const summary = h('summary', null,
    h('span', { class: 'diff-sign' }, '~'),
    entityLink(change.id, to),
    h('span', { class: 'diff-fields' }, change.fields.map((f) => h('span', { class: 'chip' }, propLabel(f.field)))));
  details.append(summary);
  let filled = false;
  details.addEventListener('toggle', () => {
    if (!details.open || filled) return;
    filled = true;
    details.append(h('table', { class: 'table diff-table' },
      h('thead', null, h('tr', null, h('th', null, 'Field'), h('th', null, `Before (v${from})`), h('th', null, `After (v${to})`))),
      h('tbody', null, change.fields.map(fieldRow))));
  });
  return details;
}

function simpleRow(kind, id, version) {
  return h('div', { class: `diff-row ${kind}` },
    h('span', { class: 'diff-sign' }, kind === 'added' ? '+' : '−'),
    entityLink(id, version),
    h('span', { class: 'muted small' }, kind === 'added' ? 'added' : 'removed'));
}

/** The diff page; `source` and `params` (from, to) come from `#/diff/<source>?from=&to=`. */
export function diffPage(source, params) {
  const node = h('div', { class: 'page page-diff' }, loading('Loading the lists…'));
  const controller = new AbortController();
  let observer = null;

  async function load() {
    let all;
    try {
      all = await lists();
    } catch (err) {
      replace(node, errorBox(err, 'Could not load the lists'));
      return;
    }
    const bySource = new Map();
    for (const v of all) {
      if (!bySource.has(v.source)) bySource.set(v.source, []);
      bySource.get(v.source).push(v);
    }
    // In publication order: a version imported late may be an old publication.
    for (const versions of bySource.values()) versions.sort((a, b) => a.published.localeCompare(b.published) || a.version - b.version);
    if (!bySource.size) {
      replace(node, h('div', { class: 'card' }, empty('No list is held yet. Import one with `interdict import`.')));
      return;
    }
    const sources = [...bySource.keys()].sort();
    const chosen = source && bySource.has(source) ? source : (sources.find((s) => bySource.get(s).length > 1) || sources[0]);
    const versions = bySource.get(chosen);
    const to = Number(params.get('to')) || versions[versions.length - 1].version;
    const toIndex = versions.findIndex((v) => v.version === to);
    const from = Number(params.get('from')) || (toIndex > 0 ? versions[toIndex - 1].version : versions[0].version);

    const go = (s, f, t) => { location.hash = `#/diff/${encodeURIComponent(s)}${query({ from: f, to: t })}`; };
    const sourceSelect = h('select', { id: 'diff-source', onchange: () => go(sourceSelect.value) },
      sources.map((s) => h('option', { value: s, selected: s === chosen }, `${s} (${bySource.get(s).length} version${bySource.get(s).length === 1 ? '' : 's'})`)));
    const fromSelect = h('select', { id: 'diff-from', onchange: () => go(chosen, fromSelect.value, toSelect.value) },
      versions.map((v) => versionOption(v, v.version === from)));
    const toSelect = h('select', { id: 'diff-to', onchange: () => go(chosen, fromSelect.value, toSelect.value) },
      versions.map((v) => versionOption(v, v.version === to)));
    const form = h('div', { class: 'card diff-form' },
      h('label', { class: 'field' }, h('span', null, 'Source'), sourceSelect),
      h('label', { class: 'field' }, h('span', null, 'From'), fromSelect),
      h('label', { class: 'field' }, h('span', null, 'To'), toSelect));
    const body = h('div', { id: 'diff-body' });
    replace(node, form, body);
    if (versions.length < 2) {
      replace(body, h('div', { class: 'card' }, empty(`Only one version of ${chosen} is held: nothing to compare.`)));
      return;
    }
    if (from === to) {
      replace(body, h('div', { class: 'card' }, empty('Pick two different versions.')));
      return;
    }
    replace(body, loading('Comparing the versions…'));
    let diff;
    try {
      diff = await api(`/v1/lists/${enc(chosen)}/diff${query({ from, to })}`, { signal: controller.signal });
    } catch (err) {
      if (err.name === 'AbortError') return;
      replace(body, errorBox(err, 'Could not compare the versions'));
      return;
    }
    renderDiff(body, diff);
  }

  function renderDiff(body, diff) {
    const from = diff.from.version;
    const to = diff.to.version;
    const items = [
      ...diff.added.map((id) => ({ kind: 'added', id })),
      ...diff.removed.map((id) => ({ kind: 'removed', id })),
      ...diff.changed.map((c) => ({ kind: 'changed', id: c.id, change: c })),
    ];
    let filterKind = 'all';
    let filterText = '';
    const rows = h('div', { class: 'diff-rows', id: 'diff-rows' });
    const sentinel = h('div', { class: 'diff-sentinel' });
    const shown = h('span', { class: 'muted small', id: 'diff-shown' });

    const tab = (kind, label, count) => h('button', {
      type: 'button', class: ['tab', `tab-${kind}`, kind === filterKind && 'active'], dataset: { kind },
      onclick: () => { filterKind = kind; tabs.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.dataset.kind === kind)); refill(); },
    }, label, h('span', { class: 'count', id: `count-${kind}` }, count.toLocaleString('en')));
    const tabs = h('div', { class: 'tabs' },
      tab('all', 'All', items.length),
      tab('added', 'Added', diff.added.length),
      tab('removed', 'Removed', diff.removed.length),
      tab('changed', 'Changed', diff.changed.length));
    const filter = h('input', {
      type: 'search', placeholder: 'Filter by id or field…', class: 'diff-filter',
      oninput: () => { filterText = filter.value.trim().toLowerCase(); refill(); },
    });

    let matching = items;
    let rendered = 0;
    function more() {
      const end = Math.min(matching.length, rendered + CHUNK);
      const fragment = document.createDocumentFragment();
      for (let i = rendered; i < end; i += 1) {
        const item = matching[i];
        fragment.append(item.kind === 'changed' ? changedRow(item.change, from, to)
          : simpleRow(item.kind, item.id, item.kind === 'added' ? to : from));
      }
      rows.append(fragment);
      rendered = end;
      shown.textContent = `${rendered.toLocaleString('en')} of ${matching.length.toLocaleString('en')} shown`;
    }
    function refill() {
      matching = items.filter((item) => (filterKind === 'all' || item.kind === filterKind)
        && (!filterText || item.id.toLowerCase().includes(filterText)
          || (item.change && item.change.fields.some((f) => f.field.toLowerCase().includes(filterText)))));
      rows.replaceChildren();
      rendered = 0;
      more();
      if (!matching.length) rows.append(empty('Nothing here.'));
    }
    // One chunk per callback; observing the sentinel again makes the observer
    // report it once more, so chunks keep coming while it stays in view.
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && rendered < matching.length) {
        more();
        observer.unobserve(sentinel);
        observer.observe(sentinel);
      }
    }, { rootMargin: '600px' });

    replace(body,
      h('div', { class: 'card diff-summary' },
        h('div', { class: 'diff-versions' },
          h('strong', null, diff.source), ` v${from} (${diff.from.published}, ${diff.from.entities.toLocaleString('en')} entities) → v${to} (${diff.to.published}, ${diff.to.entities.toLocaleString('en')} entities)`),
        h('div', { class: 'diff-tools' }, tabs, filter, shown)),
      h('div', { class: 'card diff-list' }, rows, sentinel));
    refill();
    observer.observe(sentinel);
  }

  load();
  return {
    node,
    cleanup: () => {
      controller.abort();
      if (observer) observer.disconnect();
    },
  };
}
