// The timeline of an entity across the versions of its source: one bar per
// source, a segment per version (held or not held), the listed intervals,
// and the version shown outlined. Clicking a segment shows that version.

import { h } from './dom.js';

const DAY = 86400000;

function day(text) {
  return new Date(`${text}T00:00:00Z`).getTime();
}

/** The versions of one history, held or not, in order. */
export function versionsOf(history) {
  const all = [
    ...(history.versions || []).map((v) => ({ ...v, held: true })),
    ...(history.not_held || []).map((v) => ({ ...v, held: false })),
  ];
  all.sort((a, b) => a.version - b.version);
  return all;
}

/**
 * The timeline of one or more histories on one time axis.
 * rows: [{history, current: version number shown or null, onSelect(version) or null}].
 */
export function timeline(rows) {
  const dated = rows.map((row) => ({ ...row, versions: versionsOf(row.history) }))
    .filter((row) => row.versions.length);
  if (!dated.length) return h('p', { class: 'empty' }, 'No version of this source is held.');
  const times = dated.flatMap((row) => row.versions.map((v) => day(v.published)));
  const first = Math.min(...times);
  let last = Math.max(...times);
  const span = Math.max(last - first, 90 * DAY);
  const start = first - span * 0.02;
  last += span * 0.12;
  const width = last - start;
  const pos = (t) => `${((t - start) / width) * 100}%`;

  const axis = h('div', { class: 'tl-axis' });
  const firstYear = new Date(start).getUTCFullYear() + 1;
  const lastYear = new Date(last).getUTCFullYear();
  const step = Math.max(1, Math.ceil((lastYear - firstYear + 1) / 10));
  for (let year = firstYear; year <= lastYear; year += step) {
    axis.append(h('span', { class: 'tl-year', style: { left: pos(Date.UTC(year, 0, 1)) } }, String(year)));
  }

  const block = h('div', { class: 'timeline' });
  for (const row of dated) {
    const track = h('div', { class: 'tl-track' });
    row.versions.forEach((v, i) => {
      const from = day(v.published);
      const next = i + 1 < row.versions.length ? day(row.versions[i + 1].published) : last;
      const previous = i > 0 ? row.versions[i - 1] : null;
      const amended = v.held && previous && previous.held && previous.content_hash !== v.content_hash;
      const label = `${row.history.source} v${v.version} · ${v.published} · ${v.held ? (amended ? 'held, listing amended' : 'held') : 'not held'}`;
      const seg = h(row.onSelect ? 'button' : 'span', {
        type: row.onSelect ? 'button' : null,
        class: ['tl-seg', v.held ? 'held' : 'not-held', amended && 'amended', row.current === v.version && 'current'],
        style: { left: pos(from), width: `calc(${((next - from) / width) * 100}% - 2px)` },
        title: label,
        'aria-label': label,
        dataset: { version: v.version, held: v.held ? '1' : '0' },
        onclick: row.onSelect ? () => row.onSelect(v.version) : null,
      }, h('span', { class: 'tl-seg-label' }, `v${v.version} · ${v.published}`));
      track.append(seg);
    });
    const intervals = (row.history.intervals || []).map((iv) => h('li', null,
      h('span', { class: 'iv-from' }, iv.from), ' → ',
      iv.until ? h('span', { class: 'iv-until' }, `${iv.until} (first version without it)`) : h('span', { class: 'iv-open' }, 'still listed')));
    block.append(h('div', { class: 'tl-row' },
      h('div', { class: 'tl-label' },
        h('strong', null, row.history.source),
        h('div', { class: 'muted small' }, row.title || row.history.id)),
      h('div', { class: 'tl-body' }, track,
        h('ul', { class: 'tl-intervals' }, intervals.length ? intervals : h('li', { class: 'muted' }, 'never listed in the versions held')))));
  }
  block.append(h('div', { class: 'tl-row' }, h('div', { class: 'tl-label' }), h('div', { class: 'tl-body' }, axis)));
  block.append(h('div', { class: 'tl-legend' },
    h('span', null, h('i', { class: 'tl-key held' }), 'held'),
    h('span', null, h('i', { class: 'tl-key amended' }), 'held, listing amended'),
    h('span', null, h('i', { class: 'tl-key not-held' }), 'not held'),
    h('span', null, h('i', { class: 'tl-key current' }), 'shown'),
    h('span', { class: 'muted' }, 'One segment per version, from its publication to the next; click one to see it.')));
  return block;
}
