// Search: look a name up as it is typed (debounced, stale requests aborted),
// each result with its score, badge, source, programs and explanation.
// Lookups are recorded in the audit log but raise no alert; "Screen" records
// the same query as a screening, whose matches raise alerts.
// Keyboard: arrow keys move through the results, Enter opens one.

import { api } from './api.js';
import { h, replace, errorBox, empty } from './dom.js';
import { explanation } from './explain.js';
import { badge, programChips, scoreBar, sourceChip, versionLabel } from './format.js';

const DEBOUNCE_MS = 250;
const SCHEMAS = [
  ['', 'Any type'], ['Person', 'Person'], ['Organization', 'Organization'], ['Company', 'Company'],
  ['LegalEntity', 'Legal entity'], ['Vessel', 'Vessel'], ['Airplane', 'Aircraft'],
];

/** The search page; `params` come from `#/search?q=…&type=…&dob=…&country=…&as_of=…`. */
export function searchPage(params) {
  const field = (id, label, input) => h('label', { class: `field field-${id}` }, h('span', null, label), input);
  const name = h('input', {
    id: 'q', type: 'search', autocomplete: 'off', spellcheck: 'false', value: params.get('q') || '',
    placeholder: 'Name of a person, company, vessel… in any script', 'aria-label': 'Name',
  });
  const schema = h('select', { id: 'type', 'aria-label': 'Type' },
    SCHEMAS.map(([value, label]) => h('option', { value, selected: value === (params.get('type') || '') }, label)));
  const birth = h('input', { id: 'dob', type: 'text', inputmode: 'numeric', placeholder: 'YYYY[-MM[-DD]]', value: params.get('dob') || '', pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?' });
  const country = h('input', { id: 'country', type: 'text', placeholder: 'IR, Iran…', value: params.get('country') || '' });
  const asOf = h('input', { id: 'as-of', type: 'date', value: params.get('as_of') || '' });

  const meta = h('div', { class: 'search-meta', id: 'search-meta' });
  const list = h('ol', { class: 'results', id: 'results' });
  const status = h('div', { id: 'search-status' });

  let timer = null;
  let controller = null;
  let results = [];
  let selected = 0;
  let openWhenReady = false;

  function state() {
    return {
      q: name.value.trim(), type: schema.value, dob: birth.value.trim(),
      country: country.value.trim(), as_of: asOf.value,
    };
  }

  function remember(s) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(s)) if (v) search.set(k, v);
    const text = search.toString();
    history.replaceState(null, '', `#/search${text ? `?${text}` : ''}`);
  }

  function select(index) {
    if (!results.length) return;
    selected = Math.max(0, Math.min(results.length - 1, index));
    list.querySelectorAll('.result').forEach((li, i) => {
      li.classList.toggle('selected', i === selected);
      li.setAttribute('aria-selected', i === selected ? 'true' : 'false');
      if (i === selected) li.scrollIntoView({ block: 'nearest' });
    });
  }

  function open(index) {
    const result = results[index];
    if (result) location.hash = `#/entity/${encodeURIComponent(result.id)}`;
  }

  function render(answer, s, ms, purpose) {
    results = answer.results || [];
    selected = 0;
    const versions = (answer.versions || []).map(versionLabel).join(', ');
    const matches = results.filter((r) => r.match).length;
    replace(meta,
      h('span', { class: 'count' }, results.length
        ? `${matches} match${matches === 1 ? '' : 'es'}, ${results.length - matches} near miss${results.length - matches === 1 ? '' : 'es'}`
        : 'No result'),
      h('span', { class: 'muted' }, ` · threshold ${answer.threshold} · ${ms} ms`),
      answer.screening_id !== undefined
        ? h('span', { class: 'muted', id: 'recorded-as' }, purpose === 'lookup'
          ? ` · lookup #${answer.screening_id} (no alert raised)`
          : ` · screening #${answer.screening_id}`)
        : null,
      h('div', { class: 'versions muted' }, versions ? `Screened: ${versions}` : 'No list version screened'),
      (answer.unknown_sources || []).map((u) => h('div', { class: 'warn' }, `${u.source}: unknown — ${u.reason}`)));
    replace(list, results.map((r, i) => resultItem(r, i, s.q, answer.threshold)));
    if (!results.length) list.append(h('li', { class: 'empty' }, 'No listed party scores near this name.'));
    select(0);
  }

  function resultItem(r, i, queryName, threshold) {
    const href = `#/entity/${encodeURIComponent(r.id)}`;
    return h('li', {
      class: ['result', r.match ? 'is-match' : 'is-near'], role: 'option', dataset: { id: r.id },
      onmouseenter: () => select(i),
    },
    h('div', { class: 'result-head' },
      h('span', { class: 'rank' }, String(i + 1)),
      h('div', { class: 'result-title' },
        h('a', { class: 'caption', href }, r.caption),
        h('div', { class: 'result-sub' },
          h('span', { class: 'schema' }, r.schema), sourceChip(r.source), h('code', { class: 'id' }, r.id),
          (r.programs || []).length ? h('span', { class: 'programs' }, programChips(r.programs)) : null)),
      r.match ? badge('Match', 'match') : badge('Near miss', 'near'),
      scoreBar(r.score, threshold, r.match)),
    explanation(r, queryName),
    alertLine(r.alert));
  }

  function alertLine(alert) {
    if (!alert) return null;
    return h('div', { class: `alert-line alert-${alert.status}` },
      `Alert #${alert.id}: ${alert.status}`, alert.reason ? ` — ${alert.reason}` : '');
  }

  async function run(purpose = 'lookup') {
    clearTimeout(timer);
    timer = null;
    const s = state();
    remember(s);
    if (controller) controller.abort();
    controller = null;
    replace(status);
    const wantOpen = openWhenReady;
    openWhenReady = false;
    if (!s.q) {
      results = [];
      replace(meta);
      replace(list, h('li', { class: 'hint' },
        h('p', null, 'Type a name to look it up in the lists held. Results appear as you type.'),
        h('p', { class: 'muted' }, 'Lookups are recorded in the audit log and raise no alert; Screen records a screening, whose matches raise alerts.'),
        h('p', { class: 'muted' }, '↑ ↓ move through the results, Enter opens one.')));
      return;
    }
    if (s.dob && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(s.dob)) {
      replace(status, errorBox({ code: 'bad_request', message: 'Birth date must be YYYY, YYYY-MM or YYYY-MM-DD.' }, 'Check the birth date'));
      return;
    }
    const body = { name: s.q, limit: 15, purpose };
    if (s.type) body.schema = s.type;
    if (s.dob) body.birth_date = s.dob;
    if (s.country) body.countries = s.country.split(/[,;]/).map((c) => c.trim()).filter(Boolean);
    if (s.as_of) body.as_of = s.as_of;
    const mine = new AbortController();
    controller = mine;
    openWhenReady = wantOpen;
    list.classList.add('stale');
    const started = performance.now();
    try {
      const answer = await api('/v1/screen', { method: 'POST', body, signal: mine.signal });
      if (controller !== mine) return;
      render(answer, s, Math.round(performance.now() - started), purpose);
      if (openWhenReady) open(0);
    } catch (err) {
      if (err.name === 'AbortError' || controller !== mine) return;
      replace(status, errorBox(err, 'The screening failed'));
    } finally {
      if (controller === mine) {
        controller = null;
        list.classList.remove('stale');
      }
    }
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(() => run(), DEBOUNCE_MS);
  }

  const screenButton = h('button', {
    type: 'button', id: 'screen-button',
    title: 'Record this query as a screening: its matches raise alerts for review',
    onclick: () => run('screening'),
  }, 'Screen');

  const form = h('form', {
    class: 'search-form card', role: 'search',
    onsubmit: (event) => {
      event.preventDefault();
      enter();
    },
    oninput: later,
    onchange: later,
    onkeydown: (event) => {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        select(selected + 1);
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        select(selected - 1);
      } else if (event.key === 'Enter') {
        event.preventDefault();
        enter();
      }
    },
  },
  h('div', { class: 'search-row' }, field('q', 'Name', name), screenButton),
  h('div', { class: 'search-row filters' },
    field('type', 'Type', schema), field('dob', 'Birth date', birth),
    field('country', 'Country', country), field('as-of', 'Lists as of', asOf)));

  // Enter opens the selected result; typed ahead of the answer, it opens the
  // top result of the answer to what was typed.
  function enter() {
    if (timer !== null || controller !== null) {
      openWhenReady = true;
      if (timer !== null) run();
    } else {
      open(selected);
    }
  }

  const node = h('div', { class: 'page page-search' }, form, status, meta, list);
  setTimeout(() => run(), 0);
  return {
    node,
    focus: () => name.focus(),
    cleanup: () => {
      clearTimeout(timer);
      if (controller) controller.abort();
    },
  };
}
