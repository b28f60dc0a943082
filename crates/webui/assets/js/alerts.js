// The analysts' review queue (in the server's order, oldest first): alerts
// by status, an alert's screening and result, and the decision (false
// positive / confirmed match) with a required comment.

import { api, enc, query } from './api.js';
import { h, replace, errorBox, loading, section, empty } from './dom.js';
import { explanation, normalizeWord } from './explain.js';
import { ago, badge, propLabel, scoreBar, sourceChip, time } from './format.js';

const PAGE = 50;
const STATUSES = ['open', 'reraised', 'suppressed', 'decided', 'all'];
const DECISION_LABELS = { false_positive: 'False positive', confirmed_match: 'Confirmed match' };
let flash = null;

function statusBadge(status) {
  return badge(status.replace(/_/g, ' '), `status-${status}`);
}

function queryName(q) {
  if (!q) return '';
  if (typeof q === 'string') return q;
  return q.name || '';
}

/** The queue; `params`: status (default open), offset. */
export function alertsPage(params) {
  const status = STATUSES.includes(params.get('status')) ? params.get('status') : 'open';
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const controller = new AbortController();
  const href = (s, o) => `#/alerts${query({ status: s, offset: o || null })}`;
  const tabs = h('div', { class: 'tabs' }, STATUSES.map((s) => h('a', {
    href: href(s), class: ['tab', s === status && 'active'], dataset: { status: s },
  }, propLabel(s))));
  const body = h('div', { id: 'alerts-body' }, loading('Loading alerts…'));
  const note = flash ? h('div', { class: 'flash', role: 'status' }, flash) : null;
  flash = null;
  const node = h('div', { class: 'page page-alerts' },
    h('div', { class: 'page-head' }, h('h1', null, 'Alerts'), tabs), note, body);

  (async () => {
    let page;
    try {
      page = await api(`/v1/alerts${query({ status, limit: PAGE, offset })}`, { signal: controller.signal });
    } catch (err) {
      if (err.name === 'AbortError') return;
      replace(body, errorBox(err, 'Could not load the alerts'));
      return;
    }
    const alerts = page.alerts || [];
    if (!alerts.length) {
      replace(body, h('div', { class: 'card' }, empty(status === 'open' ? 'No open alert. The queue is clear.' : `No ${status === 'all' ? '' : `${status} `}alert.`)));
      return;
    }
    const table = h('table', { class: 'table alerts-table', id: 'alerts-table' },
      h('thead', null, h('tr', null, ['#', 'Subject', 'Listed entity', 'Score', 'Status', 'When', 'Who'].map((t) => h('th', null, t)))),
      h('tbody', null, alerts.map((a) => {
        const open = () => { location.hash = `#/alerts/${a.id}`; };
        return h('tr', { class: 'clickable', dataset: { id: a.id }, onclick: (e) => { if (e.target.tagName !== 'A') open(); } },
          h('td', null, h('a', { href: `#/alerts/${a.id}` }, String(a.id))),
          h('td', null, h('div', null, queryName(a.query) || a.subject_key),
            a.subject_key && a.subject_key !== queryName(a.query) ? h('div', { class: 'muted small' }, a.subject_key) : null),
          h('td', null, h('div', null, a.caption), h('code', { class: 'muted small' }, a.entity_id)),
          h('td', { class: 'num' }, Number(a.score).toFixed(3)),
          h('td', null, statusBadge(a.status), a.reason ? h('div', { class: 'muted small' }, a.reason) : null),
          h('td', { title: time(a.created_at) }, ago(a.created_at)),
          h('td', null, h('div', null, a.actor), h('div', { class: 'muted small' }, a.channel)));
      })));
    const total = page.total ?? alerts.length;
    const pager = h('div', { class: 'pager' },
      h('span', { class: 'muted' }, `${offset + 1}–${offset + alerts.length} of ${total}`),
      offset > 0 ? h('a', { href: href(status, Math.max(0, offset - PAGE)), class: 'button-link' }, '← Previous') : null,
      offset + alerts.length < total ? h('a', { href: href(status, offset + PAGE), class: 'button-link' }, 'Next →') : null);
    replace(body, h('div', { class: 'card flush' }, table), pager);
  })();
  return { node, cleanup: () => controller.abort() };
}

function queryCard(alert) {
  const q = alert.query && typeof alert.query === 'object' ? alert.query : { name: alert.query };
  const rows = Object.entries(q).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && !v.length) && v !== '');
  const facts = [
    ['Subject', alert.subject_key], ['Screening', `#${alert.screening_seq}`],
    ['When', time(alert.created_at)], ['Who', `${alert.actor} (${alert.channel})`],
  ];
  return section('Screening',
    h('dl', { class: 'kv' },
      rows.flatMap(([k, v]) => [h('dt', null, propLabel(k)), h('dd', { class: k === 'name' ? 'query-name' : null }, Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v))]),
      facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)])));
}

/** The names of the entity, the words the query shares marked. */
function sharedWords(names, qname) {
  const words = new Set(qname.split(/\s+/).map(normalizeWord).filter(Boolean));
  // Split into words (odd indexes) and what lies between (even indexes).
  return h('ul', { class: 'values names' }, names.map((n) => h('li', null,
    n.split(/([\p{L}\p{N}\p{M}]+)/u).map((part, i) => (i % 2 && words.has(normalizeWord(part))
      ? h('mark', { class: 'hl hl-exact' }, part) : part)))));
}

function resultCard(alert, entityData) {
  const result = alert.result || alert;
  const card = section('Result',
    h('div', { class: 'result-head' },
      h('div', { class: 'result-title' },
        h('a', { class: 'caption', href: `#/entity/${encodeURIComponent(alert.entity_id)}` }, alert.caption),
        h('div', { class: 'result-sub' }, sourceChip(alert.entity_id.split(':')[0]), h('code', { class: 'id' }, alert.entity_id))),
      scoreBar(Number(alert.score), null, true)));
  if (result.explanation) {
    card.append(explanation({ ...result, caption: alert.caption }, queryName(alert.query)));
  } else if (entityData && entityData.entity) {
    const props = entityData.entity.properties || {};
    const names = [...(props.name || []), ...(props.alias || []), ...(props.weakAlias || [])];
    card.append(h('div', { class: 'explain' },
      h('p', { class: 'muted small' }, 'Names listed now, the words shared with the query marked:'),
      sharedWords(names, queryName(alert.query))));
  }
  return card;
}

function decisionsCard(alert) {
  const decisions = alert.decisions || [];
  if (!decisions.length) return null;
  return section('Decisions', h('ol', { class: 'decisions' }, decisions.map((d) => h('li', null,
    badge(DECISION_LABELS[d.decision] || d.decision, d.decision === 'false_positive' ? 'near' : 'match'),
    h('span', { class: 'muted small' }, ` ${d.actor} · ${time(d.at)}`),
    h('p', { class: 'comment' }, d.comment)))));
}

function decisionForm(alert, ctx, onDone) {
  const comment = h('textarea', { id: 'decision-comment', rows: 3, required: true, placeholder: 'Why? (required — it goes into the audit log)' });
  const status = h('div', { class: 'decision-status' });
  const buttons = [];
  const decide = async (decision) => {
    const text = comment.value.trim();
    if (!text) {
      replace(status, errorBox({ code: 'bad_request', message: 'A comment is required.' }, 'Add a comment'));
      comment.focus();
      return;
    }
    buttons.forEach((b) => { b.disabled = true; });
    replace(status, loading('Recording the decision…'));
    try {
      const updated = await api(`/v1/alerts/${enc(String(alert.id))}/decision`, { method: 'POST', body: { decision, comment: text } });
      onDone(updated, decision);
    } catch (err) {
      replace(status, errorBox(err, 'The decision was not recorded'));
      buttons.forEach((b) => { b.disabled = false; });
    }
  };
  const fp = h('button', { type: 'button', class: 'decide decide-fp', id: 'decide-fp', onclick: () => decide('false_positive') }, 'False positive');
  const cm = h('button', { type: 'button', class: 'decide decide-cm', id: 'decide-cm', onclick: () => decide('confirmed_match') }, 'Confirmed match');
  buttons.push(fp, cm);
  const sync = () => buttons.forEach((b) => { b.disabled = !comment.value.trim(); });
  comment.addEventListener('input', sync);
  sync();
  if (!ctx.allows('analyst')) return null;
  return section(alert.status === 'decided' ? 'Change the decision' : 'Decision',
    h('label', { for: 'decision-comment' }, 'Comment'), comment,
    h('div', { class: 'decision-buttons' }, fp, cm), status);
}

/** One alert: its screening, the result, its decisions and the decision form. */
export function alertPage(id, ctx) {
  const controller = new AbortController();
  const node = h('div', { class: 'page page-alert' }, loading('Loading the alert…'));
  (async () => {
    let alert;
    try {
      alert = await api(`/v1/alerts/${enc(id)}`, { signal: controller.signal });
    } catch (err) {
      if (err.name === 'AbortError') return;
      replace(node, h('a', { href: '#/alerts', class: 'back' }, '← Alerts'), errorBox(err, `Could not load alert #${id}`));
      return;
    }
    let entityData = null;
    if (!(alert.result && alert.result.explanation) && !alert.explanation) {
      try {
        entityData = await api(`/v1/entities/${enc(alert.entity_id)}`, { signal: controller.signal });
      } catch (err) {
        if (err.name === 'AbortError') return;
      }
    }
    const onDone = (updated, decision) => {
      flash = `Alert #${updated.id || alert.id} (${alert.caption}) decided: ${DECISION_LABELS[decision]}.`;
      location.hash = '#/alerts?status=open';
    };
    replace(node,
      h('div', { class: 'page-head' },
        h('a', { href: '#/alerts', class: 'back' }, '← Alerts'),
        h('h1', null, `Alert #${alert.id}`), statusBadge(alert.status),
        alert.reason ? h('span', { class: 'muted' }, alert.reason) : null),
      h('div', { class: 'grid-2' },
        h('div', { class: 'col' }, queryCard(alert), decisionsCard(alert)),
        h('div', { class: 'col' }, resultCard(alert, entityData), decisionForm(alert, ctx, onDone))));
    const box = node.querySelector('#decision-comment');
    if (box) box.focus();
  })();
  return { node, cleanup: () => controller.abort() };
}
