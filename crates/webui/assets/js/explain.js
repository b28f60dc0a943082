// Why a result scored as it did: the query's tokens against the list name's,
// the kind of each match, the tokens highlighted in both names, and the
// other features (birth date, country, gender, identifiers, rules).

import { h } from './dom.js';

const KIND_LABELS = {
  exact: 'exact', transliterated: 'transliterated', phonetic: 'phonetic', typo: 'typo',
  initial: 'initial', variant: 'name variant', joined: 'joined', acronym: 'acronym',
  legal_form: 'legal form', particle: 'particle',
};

const RULE_LABELS = {
  number_mismatch: 'numbers differ', nothing_distinctive: 'nothing distinctive',
  one_word_only: 'one word only', lone_given_name: 'lone given name', weak_alias: 'weak alias',
};

/** A word as the matcher sees it, roughly: lower case, no accents, letters and digits. */
export function normalizeWord(word) {
  return word.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Which side's tokens matched what: normalized word → {kind, other, similarity}. */
function tokenMap(tokens, side) {
  const other = side === 'query' ? 'list' : 'query';
  const map = new Map();
  for (const pair of tokens || []) {
    for (const part of String(pair[side] || '').split(/\s+/)) {
      const key = normalizeWord(part);
      if (key && !map.has(key)) map.set(key, { kind: pair.kind, other: pair[other], similarity: pair.similarity, self: pair[side] });
    }
  }
  return map;
}

/**
 * The name with its matched words highlighted (class `hl hl-<kind>`), the
 * titles dropped struck through; the rest as plain text.
 */
export function highlightName(text, tokens, side, dropped = []) {
  const map = tokenMap(tokens, side);
  const droppedSet = new Set((dropped || []).map(normalizeWord));
  const out = h('span', { class: 'hl-name' });
  const pattern = /[\p{L}\p{N}\p{M}]+(?:['\u2019][\p{L}\p{N}\p{M}]+)*/gu;
  const words = [...text.matchAll(pattern)];
  const lookup = (word) => {
    const key = normalizeWord(word);
    return map.get(key) || map.get(key.replace(/s$/, ''));
  };
  // A name in another script (Arabic, Cyrillic, …) shares no spelling with
  // its transliterated tokens: when every word pairs with one token, in order,
  // mark them by position.
  const byPosition = side === 'query' && words.length > 0 && words.length === (tokens || []).length
    && !words.some((m) => lookup(m[0])) && /[^\p{Script=Latin}\p{N}\p{P}\s]/u.test(text);
  let last = 0;
  for (const [index, match] of words.entries()) {
    if (match.index > last) out.append(text.slice(last, match.index));
    const word = match[0];
    const key = normalizeWord(word);
    const pair = byPosition ? tokens[index] : null;
    const hit = pair ? { kind: pair.kind, other: pair.list, similarity: pair.similarity, self: pair.query } : lookup(word);
    if (hit) {
      const tip = side === 'query'
        ? `${hit.self} → ${hit.other} (${KIND_LABELS[hit.kind] || hit.kind}, ${hit.similarity})`
        : `${hit.other} → ${hit.self} (${KIND_LABELS[hit.kind] || hit.kind}, ${hit.similarity})`;
      out.append(h('mark', { class: `hl hl-${hit.kind}`, title: tip }, word));
    } else if (side === 'query' && droppedSet.has(key)) {
      out.append(h('s', { class: 'hl-dropped', title: 'title, dropped before matching' }, word));
    } else {
      out.append(word);
    }
    last = match.index + word.length;
  }
  if (last < text.length) out.append(text.slice(last));
  return out;
}

function agreement(label, value, extra) {
  const text = value === 'agree' ? 'agrees' : value === 'conflict' ? 'conflicts' : 'unknown';
  return h('span', { class: `fact fact-${value}` }, `${label} ${text}${extra || ''}`);
}

/** The explanation block of one result. */
export function explanation(result, queryName) {
  const ex = result.explanation || {};
  const name = ex.name || {};
  const tokens = name.tokens || [];
  const block = h('div', { class: 'explain' });

  block.append(h('div', { class: 'explain-names' },
    h('div', { class: 'explain-row' }, h('span', { class: 'explain-label' }, 'Query'),
      highlightName(queryName || '', tokens, 'query', name.dropped_titles)),
    h('div', { class: 'explain-row' }, h('span', { class: 'explain-label' }, 'Listed as'),
      highlightName(result.matched_name || result.caption || '', tokens, 'list'))));

  const pairs = h('div', { class: 'pairs' });
  for (const t of tokens) {
    pairs.append(h('span', { class: `pair pair-${t.kind}`, title: `similarity ${t.similarity}` },
      h('span', { class: 'pair-q' }, t.query),
      h('span', { class: 'pair-arrow' }, t.kind === 'exact' ? '=' : '≈'),
      h('span', { class: 'pair-l' }, t.list),
      h('span', { class: 'pair-kind' }, KIND_LABELS[t.kind] || t.kind)));
  }
  for (const m of name.missing || []) {
    pairs.append(h('span', { class: 'pair pair-missing', title: 'query word with no counterpart in the list name' },
      h('span', { class: 'pair-q' }, m), h('span', { class: 'pair-kind' }, 'not in list name')));
  }
  for (const x of name.extra || []) {
    pairs.append(h('span', { class: 'pair pair-extra', title: 'list word with no counterpart in the query' },
      h('span', { class: 'pair-l' }, x), h('span', { class: 'pair-kind' }, 'not in query')));
  }
  block.append(pairs);

  const facts = h('div', { class: 'facts' });
  facts.append(h('span', { class: 'fact' }, `name ${Number(name.score ?? 0).toFixed(3)}`));
  facts.append(agreement('birth date', ex.birth_date,
    ex.birth_date === 'conflict' && ex.birth_year_near ? ' (within a year)' : ''));
  facts.append(agreement('country', ex.country));
  if (ex.gender && ex.gender !== 'unknown') facts.append(agreement('gender', ex.gender));
  for (const id of ex.identifiers || []) facts.append(h('span', { class: 'fact fact-agree' }, `identifier ${id} matches`));
  if ((name.dropped_titles || []).length) {
    facts.append(h('span', { class: 'fact' }, `titles dropped: ${name.dropped_titles.join(', ')}`));
  }
  if (ex.schema_mismatch) facts.append(h('span', { class: 'fact fact-conflict' }, 'type mismatch'));
  if (ex.weak_alias) facts.append(h('span', { class: 'fact fact-warn' }, 'weak alias'));
  for (const rule of name.rules || []) {
    facts.append(h('span', { class: 'fact fact-rule', title: 'a rule capped the name score' }, `rule: ${RULE_LABELS[rule] || rule}`));
  }
  block.append(facts);
  return block;
}
