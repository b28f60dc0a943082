// The entity page: every name, identifier, address, date, nationality,
// sanctions record and link as its source lists it, the timeline across
// versions, and an as-of selector. A merged cross-jurisdiction view (`party`)
// is shown when the server sends one.

import { api, enc, query } from './api.js';
import { h, replace, errorBox, loading, section, empty } from './dom.js';
import { badge, programChips, propLabel, sourceChip, versionLabel, time } from './format.js';
import { timeline } from './timeline.js';

const NAME_PROPS = ['name', 'alias', 'weakAlias', 'previousName', 'originalName'];
const NAME_PARTS = ['title', 'firstName', 'secondName', 'middleName', 'lastName', 'fatherName', 'motherName', 'nameSuffix'];
const FACT_ORDER = [
  'birthDate', 'birthPlace', 'birthCountry', 'deathDate', 'gender', 'nationality', 'citizenship',
  'country', 'jurisdiction', 'position', 'address', 'religion', 'incorporationDate', 'legalForm',
  'status', 'type', 'flag', 'imoNumber', 'mmsi', 'callSign', 'tonnage', 'grossRegisteredTonnage',
  'ownerName', 'buildDate', 'model', 'serialNumber', 'email', 'phone', 'website',
];
const TRAILING = ['program', 'topics', 'summary', 'notes', 'modifiedAt', 'sourceUrl'];

function entityHref(id, params = {}) {
  return `#/entity/${encodeURIComponent(id)}${query(params)}`;
}

function list(values) {
  return h('ul', { class: 'values' }, values.map((v) => h('li', null, v)));
}

function namesCard(props) {
  const rows = [];
  for (const prop of NAME_PROPS) {
    if (props[prop] && props[prop].length) {
      rows.push(h('div', { class: 'names-group' },
        h('h3', null, propLabel(prop), h('span', { class: 'count' }, String(props[prop].length))),
        h('ul', { class: `values names names-${prop}` }, props[prop].map((n) => h('li', null, n)))));
    }
  }
  const parts = NAME_PARTS.filter((p) => props[p] && props[p].length);
  if (parts.length) {
    rows.push(h('dl', { class: 'kv name-parts' },
      parts.flatMap((p) => [h('dt', null, propLabel(p)), h('dd', null, props[p].join('; '))])));
  }
  return section('Names', rows.length ? rows : empty('No name.'));
}

function factsCard(props) {
  const keys = Object.keys(props).filter((k) => !NAME_PROPS.includes(k) && !NAME_PARTS.includes(k) && !TRAILING.includes(k));
  keys.sort((a, b) => {
    const ia = FACT_ORDER.indexOf(a);
    const ib = FACT_ORDER.indexOf(b);
    return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib) || a.localeCompare(b);
  });
  if (!keys.length) return null;
  return section('Details', h('dl', { class: 'kv facts-list' },
    keys.flatMap((k) => [h('dt', null, propLabel(k)), h('dd', { dataset: { prop: k } }, props[k].length > 1 ? list(props[k]) : props[k][0])])));
}

function notesCard(props) {
  const keys = TRAILING.filter((k) => props[k] && props[k].length);
  if (!keys.length) return null;
  return section('Notes and source',
    keys.map((k) => h('details', { class: 'notes', open: k !== 'notes' || props[k].join(' ').length < 600 },
      h('summary', null, propLabel(k)),
      k === 'sourceUrl'
        ? list(props[k])
        : h('div', { class: 'note-text' }, props[k].map((t) => h('p', null, t))))));
}

function identifiersCard(ids) {
  if (!ids || !ids.length) return null;
  return section('Identifiers', h('table', { class: 'table' },
    h('thead', null, h('tr', null, ['Kind', 'Number', 'Country', 'Issued', 'Expires', 'Note'].map((t) => h('th', null, t)))),
    h('tbody', null, ids.map((id) => h('tr', null,
      h('td', null, id.label || id.kind, id.label && id.kind !== 'other' ? h('span', { class: 'muted small' }, ` ${id.kind}`) : null),
      h('td', null, h('code', null, id.number)),
      h('td', null, id.country || ''),
      h('td', null, id.issued || ''),
      h('td', null, id.expires || ''),
      h('td', { class: 'small' }, id.note || ''))))));
}

function sanctionsCard(sanctions) {
  if (!sanctions || !sanctions.length) return null;
  return section('Sanctions', sanctions.map((s) => {
    const rows = [
      ['Authority', s.authority], ['Authority id', s.authority_id], ['List', s.list_name],
      ['UN reference', s.unsc_id], ['Listed', s.listing_date],
      ['Amended', (s.modified_at || []).join(', ')], ['Reason', s.reason],
    ].filter(([, v]) => v);
    return h('div', { class: 'sanction' },
      h('div', { class: 'sanction-head' }, sourceChip(s.source), programChips(s.programs),
        (s.flags || []).map((f) => h('span', { class: 'chip chip-flag' }, f))),
      rows.length ? h('dl', { class: 'kv' }, rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)])) : null,
      (s.provisions || []).length ? h('div', null, h('h3', null, 'Measures'), list(s.provisions)) : null,
      (s.summary || []).length ? h('div', { class: 'small' }, s.summary.map((t) => h('p', null, t))) : null);
  }));
}

function linksCard(links) {
  if (!links || !links.length) return null;
  return section('Links', h('ul', { class: 'links' }, links.map((l) => h('li', null,
    h('span', { class: 'chip' }, l.relation),
    ' ',
    l.target_id ? h('a', { href: entityHref(l.target_id) }, l.target_name || l.target_id) : h('span', null, l.target_name || ''),
    l.target_id ? h('code', { class: 'muted small' }, ` ${l.target_id}`) : null,
    l.note ? h('span', { class: 'muted small' }, ` — ${l.note}`) : null))));
}

/** The members of a merged view, however the server names them. */
function partyMembers(party) {
  const members = party.entities || party.members || party.listings || [];
  return Array.isArray(members) ? members : [];
}

function partyCard(party) {
  const members = partyMembers(party);
  const scalars = Object.entries(party).filter(([, v]) => typeof v === 'string' || typeof v === 'number');
  return section('Across jurisdictions',
    scalars.length ? h('dl', { class: 'kv' }, scalars.flatMap(([k, v]) => [h('dt', null, propLabel(k)), h('dd', null, String(v))])) : null,
    members.length ? h('ul', { class: 'links party-members' }, members.map((m) => {
      const id = typeof m === 'string' ? m : m.id;
      const caption = typeof m === 'string' ? m : m.caption || m.id;
      const source = typeof m === 'object' && m.source ? m.source : String(id).split(':')[0];
      return h('li', null, sourceChip(source), ' ', h('a', { href: entityHref(id) }, caption), h('code', { class: 'muted small' }, ` ${id}`));
    })) : empty('No member listing in the merged view.'));
}

/** The entity page for `id`; `params`: as_of=YYYY-MM-DD or version=N. */
export function entityPage(id, params) {
  const asOf = params.get('as_of') || '';
  const versionParam = params.get('version') || '';
  const node = h('div', { class: 'page page-entity' }, loading());
  const controller = new AbortController();
  const { signal } = controller;

  const go = (p) => { location.hash = entityHref(id, p); };
  const dateInput = h('input', { type: 'date', id: 'as-of-date', value: asOf, 'aria-label': 'As of date' });
  const controls = h('form', {
    class: 'asof', id: 'as-of-form',
    onsubmit: (event) => {
      event.preventDefault();
      go(dateInput.value ? { as_of: dateInput.value } : {});
    },
  },
  h('label', { for: 'as-of-date' }, 'As of'), dateInput,
  h('button', { type: 'submit' }, 'Show'),
  (asOf || versionParam) ? h('a', { class: 'button-link', href: entityHref(id) }, 'Latest') : null);

  const timelineBox = h('div', { id: 'timeline' }, loading('Loading the history…'));

  async function load() {
    const entityCall = api(`/v1/entities/${enc(id)}${query({ as_of: asOf, version: versionParam })}`, { signal });
    const historyCall = api(`/v1/entities/${enc(id)}/history`, { signal });
    historyCall.catch(() => {}); // handled in renderHistory; not an unhandled rejection meanwhile
    let data;
    try {
      data = await entityCall;
    } catch (err) {
      if (err.name === 'AbortError') return;
      replace(node, h('h1', { class: 'entity-title' }, id), controls, errorBox(err, 'Could not load the entity'),
        section('Timeline', timelineBox));
      renderHistory(historyCall, null);
      return;
    }
    renderEntity(data);
    renderHistory(historyCall, data);
  }

  async function renderHistory(call, data) {
    try {
      const history = await call;
      const rows = [{ history, current: data && data.version ? data.version.version : null, onSelect: (v) => go({ version: v }), title: id }];
      if (data && data.party) {
        const others = partyMembers(data.party).map((m) => (typeof m === 'string' ? m : m.id)).filter((m) => m && m !== id);
        const extra = await Promise.all(others.map((other) => api(`/v1/entities/${enc(other)}/history`, { signal }).then(
          (hist) => ({ history: hist, current: null, onSelect: null, title: other }), () => null)));
        rows.push(...extra.filter(Boolean));
      }
      replace(timelineBox, timeline(rows));
    } catch (err) {
      if (err.name === 'AbortError') return;
      replace(timelineBox, errorBox(err, 'Could not load the history'));
    }
  }

  function renderEntity(data) {
    const e = data.entity;
    const status = data.status === 'listed' ? badge('Listed', 'listed')
      : data.status === 'not_listed' ? badge('Not listed', 'not-listed') : badge('Unknown', 'unknown');
    let where = '';
    if (data.version) where = `${data.status === 'listed' ? 'As listed in' : 'Not in'} ${versionLabel(data.version)} (${data.version.entities} entities, imported ${time(data.version.imported_at)})`;
    else if (data.reason) where = data.reason;
    const head = h('div', { class: 'entity-head card' },
      h('div', { class: 'entity-head-main' },
        h('h1', { class: 'entity-title' }, e ? e.caption : id),
        h('div', { class: 'entity-sub' },
          e ? h('span', { class: 'schema' }, e.schema) : null,
          sourceChip(id.split(':')[0]), h('code', { class: 'id' }, id), status),
        h('div', { class: 'muted small', id: 'entity-version' }, where)),
      controls);
    const cards = [];
    if (e) {
      const props = e.properties || {};
      cards.push(h('div', { class: 'grid-2' },
        h('div', { class: 'col' }, namesCard(props), factsCard(props), identifiersCard(e.identifiers)),
        h('div', { class: 'col' }, sanctionsCard(e.sanctions), linksCard(e.links), notesCard(props))));
    } else {
      cards.push(h('div', { class: 'card' }, empty(data.status === 'not_listed'
        ? 'This version does not hold the entity. The timeline shows the versions that do.'
        : (data.reason || 'Nothing is known of this entity on that date.'))));
    }
    replace(node, head,
      data.party ? partyCard(data.party) : null,
      section('Timeline', timelineBox),
      cards);
    document.title = `${e ? e.caption : id} · interdict`;
  }

  load();
  return { node, cleanup: () => { controller.abort(); document.title = 'interdict'; } };
}
