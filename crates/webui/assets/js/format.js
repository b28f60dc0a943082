// Small display helpers shared by the pages.

import { h } from './dom.js';

/** 0.8843 → "88%". */
export function percent(score) {
  return `${Math.round(score * 100)}%`;
}

/** A score bar: filled to the score, the threshold marked. */
export function scoreBar(score, threshold, isMatch) {
  return h('div', { class: 'score', title: `score ${score.toFixed(3)} (threshold ${threshold})` },
    h('div', { class: 'score-track' },
      h('div', { class: ['score-fill', isMatch ? 'is-match' : 'is-near'], style: { width: `${Math.min(100, score * 100)}%` } }),
      threshold ? h('div', { class: 'score-threshold', style: { left: `${threshold * 100}%` } }) : null),
    h('span', { class: 'score-value' }, score.toFixed(3)));
}

/** A small coloured label. */
export function badge(text, kind = '') {
  return h('span', { class: ['badge', kind && `badge-${kind}`] }, text);
}

/** The source id as a chip. */
export function sourceChip(source) {
  return h('span', { class: 'chip chip-source' }, source);
}

/** Programs as chips. */
export function programChips(programs) {
  const unique = [...new Set(programs || [])];
  return unique.map((p) => h('span', { class: 'chip chip-program' }, p));
}

/** An RFC 3339 time as "2026-11-29 07:40 UTC". */
export function time(text) {
  if (!text) return '';
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "3 minutes ago", for recent times; the date otherwise. */
export function ago(text) {
  const date = new Date(text);
  const seconds = (Date.now() - date.getTime()) / 1000;
  if (Number.isNaN(seconds)) return text || '';
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return time(text);
}

/** "ofac-sdn v7 · 2023-12-28". */
export function versionLabel(v) {
  return `${v.source} v${v.version} · ${v.published}`;
}

/** FtM property names as labels: "birthDate" → "Birth date". */
export function propLabel(name) {
  const known = {
    weakAlias: 'Weak alias', previousName: 'Previous name', birthDate: 'Birth date',
    birthPlace: 'Birth place', deathDate: 'Death date', idNumber: 'ID number',
    taxNumber: 'Tax number', registrationNumber: 'Registration number', imoNumber: 'IMO number',
    mmsi: 'MMSI', innCode: 'INN', ogrnCode: 'OGRN', leiCode: 'LEI', swiftBic: 'SWIFT/BIC',
    incorporationDate: 'Incorporation date', dissolutionDate: 'Dissolution date',
    firstName: 'First name', middleName: 'Middle name', lastName: 'Last name',
    fatherName: 'Father\u2019s name', motherName: 'Mother\u2019s name', secondName: 'Second name',
    nameSuffix: 'Name suffix', originalName: 'Original name', jurisdiction: 'Jurisdiction',
    buildDate: 'Build date', callSign: 'Call sign', pastFlags: 'Past flags',
    grossRegisteredTonnage: 'Gross tonnage', authority_id: 'Authority id',
  };
  if (known[name]) return known[name];
  const words = name.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A list of values as a compact string list. */
export function values(list) {
  return h('ul', { class: 'values' }, (list || []).map((v) => h('li', null, v)));
}
