// End-to-end tests of the web UI in headless Chromium, against a running
// `interdict serve` whose data directory holds un-sc 2018-10-29 and
// 2020-11-24 and ofac-sdn 2023-12-28 (crates/cli/tests/ui_e2e.rs sets it up
// and runs this file).
//
//   INTERDICT_URL=http://127.0.0.1:PORT INTERDICT_KEY=idk_… node e2e/ui.test.mjs
//
// Optional: INTERDICT_SCREENER_KEY (a screener's key: the alert queue must be
// hidden), INTERDICT_SCREENSHOTS (folder for the page screenshots, default
// /tmp/interdict-ui), CHROMIUM (default /usr/bin/chromium).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.INTERDICT_URL;
const KEY = process.env.INTERDICT_KEY;
const SCREENER_KEY = process.env.INTERDICT_SCREENER_KEY;
const SHOTS = process.env.INTERDICT_SCREENSHOTS || '/tmp/interdict-ui';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
if (!BASE || !KEY) {
  console.error('INTERDICT_URL and INTERDICT_KEY must be set');
  process.exit(2);
}
mkdirSync(SHOTS, { recursive: true });

let browser;
let page;
const pageErrors = [];

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

async function apiCall(path, init = {}) {
  const response = await fetch(`${BASE}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', ...(init.headers || {}) },
  });
  const data = await response.json();
  assert.ok(response.ok, `${path}: ${response.status} ${JSON.stringify(data)}`);
  return data;
}

async function signIn(p, key) {
  await p.goto(`${BASE}/ui/`);
  await p.locator('#key-input').fill(key);
  await p.locator('#login button[type=submit]').click();
  await p.locator('#who .role').waitFor();
}

before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('console', (msg) => { if (msg.type() === 'error') pageErrors.push(msg.text()); });
});

after(async () => {
  if (browser) await browser.close();
});

test('a wrong key is refused inline; the right one signs in as analyst', async () => {
  await page.goto(`${BASE}/`);
  assert.match(page.url(), /\/ui\/$/, '/ redirects to /ui/');
  await page.locator('#key-input').fill('idk_nope_0000000000000000000000000000');
  await page.locator('#login button[type=submit]').click();
  await page.locator('#login .error').waitFor();
  assert.equal(await page.locator('#login .error-code').textContent(), 'unauthorized');
  await shot('login');
  await page.locator('#key-input').fill(KEY);
  await page.locator('#login button[type=submit]').click();
  await page.locator('#who .role').waitFor();
  assert.equal(await page.locator('#who .role').textContent(), 'analyst');
  assert.ok(await page.locator('#nav-alerts').isVisible(), 'analysts see the alert queue');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('interdict.key')), KEY);
});

test('search: live results, the expected top hit, highlighted tokens and the explanation', async () => {
  await page.goto(`${BASE}/ui/#/search`);
  await page.locator('#q').pressSequentially('Qasem Soleimani', { delay: 20 });
  const first = page.locator('#results .result').first();
  await first.waitFor();
  await page.waitForFunction(() => document.querySelector('#results .result')?.dataset.id
    && !document.querySelector('#results').classList.contains('stale'));
  assert.equal(await first.getAttribute('data-id'), 'ofac-sdn:10481');
  assert.equal(await first.locator('.caption').textContent(), 'SOLEIMANI, Qasem');
  assert.equal(await first.locator('.badge').textContent(), 'Match');
  const ids = await page.locator('#results .result').evaluateAll((items) => items.map((i) => i.dataset.id));
  assert.ok(ids.slice(0, 3).includes('un-sc:IRi.039'), `UN listing near the top: ${ids}`);
  // Both query words are highlighted in the query and in the listed name.
  const queryMarks = await first.locator('.explain-row').nth(0).locator('mark.hl').allTextContents();
  assert.deepEqual(queryMarks, ['Qasem', 'Soleimani']);
  const listMarks = await first.locator('.explain-row').nth(1).locator('mark.hl').allTextContents();
  assert.deepEqual(listMarks, ['Qasem', 'SOLEIMANI']);
  assert.equal(await first.locator('.pair-exact').count(), 2);
  assert.ok((await first.locator('.programs').textContent()).includes('IRGC'));
  const meta = await page.locator('#search-meta').textContent();
  assert.match(meta, /ofac-sdn v1 · 2023-12-28/);
  assert.match(meta, /un-sc v2 · 2020-11-24/);
  assert.match(page.url(), /#\/search\?q=Qasem\+Soleimani/);
  // What was typed is a lookup: recorded, no alert.
  assert.match(meta, /lookup #\d+ \(no alert raised\)/);
  assert.equal(await page.locator('#results .alert-line').count(), 0, 'a lookup raises no alert');
  await shot('search');
});

test('search: Screen records the query as a screening whose matches raise alerts', async () => {
  await page.locator('#screen-button').click();
  await page.waitForFunction(() => /screening #\d+/.test(document.querySelector('#recorded-as')?.textContent || ''));
  const first = page.locator('#results .result').first();
  assert.equal(await first.getAttribute('data-id'), 'ofac-sdn:10481');
  assert.match(await first.locator('.alert-line').textContent(), /^Alert #\d+: open/);
  const alertId = Number((await first.locator('.alert-line').textContent()).match(/#(\d+)/)[1]);
  const alert = await apiCall(`/v1/alerts/${alertId}`);
  assert.equal(alert.entity_id, 'ofac-sdn:10481');
  assert.equal(alert.channel, 'api');
  await shot('search-screened');
});

test('search: a spelling variant and a title are explained', async () => {
  await page.locator('#q').fill('Gen. Qassem Suleimani');
  await page.waitForFunction(() => {
    const r = document.querySelector('#results .result');
    return r && !document.querySelector('#results').classList.contains('stale')
      && r.querySelector('.explain-row')?.textContent.includes('Qassem');
  });
  const first = page.locator('#results .result').first();
  const kinds = await first.locator('.pair .pair-kind').allTextContents();
  assert.ok(kinds.some((k) => k !== 'exact'), `a non-exact match kind: ${kinds}`);
  assert.equal(await first.locator('.hl-dropped').textContent(), 'Gen');
  assert.ok((await first.locator('.facts').textContent()).includes('titles dropped: gen'));
  await shot('search-variant');
});

test('search: an Arabic-script query is transliterated, its words marked by position', async () => {
  await page.locator('#q').fill('قاسم سليماني');
  await page.waitForFunction(() => {
    const r = document.querySelector('#results .result');
    return r && !document.querySelector('#results').classList.contains('stale')
      && r.querySelector('.explain-row')?.textContent.includes('قاسم');
  });
  const first = page.locator('#results .result').first();
  assert.equal(await first.getAttribute('data-id'), 'ofac-sdn:10481');
  const marks = first.locator('.explain-row').nth(0).locator('mark.hl');
  assert.deepEqual(await marks.allTextContents(), ['قاسم', 'سليماني']);
  assert.deepEqual(await first.locator('.pair .pair-kind').allTextContents(), ['transliterated', 'transliterated']);
});

test('search: arrow keys move, Enter opens the selected result', async () => {
  await page.locator('#q').fill('Qasem Soleimani');
  await page.waitForFunction(() => document.querySelector('#results .result')?.querySelector('.explain-row')?.textContent.includes('Qasem Soleimani')
    && !document.querySelector('#results').classList.contains('stale'));
  await page.locator('#q').press('ArrowDown');
  const second = await page.locator('#results .result').nth(1).getAttribute('data-id');
  assert.equal(await page.locator('#results .result.selected').getAttribute('data-id'), second);
  await page.locator('#q').press('ArrowUp');
  await page.locator('#q').press('Enter');
  await page.waitForURL(/#\/entity\/ofac-sdn%3A10481$/);
  await page.locator('.entity-title').waitFor();
  assert.equal(await page.locator('.entity-title').textContent(), 'SOLEIMANI, Qasem');
});

test('search and entity: list data and queries are shown as text, never as HTML', async () => {
  await page.goto(`${BASE}/ui/#/search`);
  const hostile = 'M & S "Syndicate" <b>';
  await page.locator('#q').fill(hostile);
  await page.waitForFunction(() => document.querySelector('#results .result')?.dataset.id === 'ofac-sdn:8178');
  const first = page.locator('#results .result').first();
  assert.equal(await first.locator('.caption').textContent(), 'M & S SYNDICATE (PVT) LTD.');
  assert.equal(await first.locator('.explain-row').first().locator('.hl-name').textContent(), hostile);
  assert.equal(await page.locator('#results b').count(), 0);
  // OFAC's remarks hold "<Head Office>."; it is text on the entity page.
  await page.goto(`${BASE}/ui/#/entity/${encodeURIComponent('ofac-sdn:7638')}`);
  await page.locator('.note-text').waitFor();
  assert.ok((await page.locator('.note-text').textContent()).includes('<Head Office>.'));
});

test('search: a bad birth date is explained inline', async () => {
  await page.goto(`${BASE}/ui/#/search`);
  await page.locator('#q').fill('Qasem Soleimani');
  await page.locator('#dob').fill('1957-3');
  await page.locator('#search-status .error').waitFor();
  assert.match(await page.locator('#search-status .error').textContent(), /YYYY, YYYY-MM or YYYY-MM-DD/);
  await page.locator('#dob').fill('');
});

test('entity page: names, sanctions, identifiers and the timeline', async () => {
  await page.goto(`${BASE}/ui/#/entity/${encodeURIComponent('un-sc:IRi.039')}`);
  await page.locator('.entity-title').waitFor();
  assert.equal(await page.locator('.entity-title').textContent(), 'QASEM SOLEIMANI');
  const names = await page.locator('.names-name li').allTextContents();
  assert.deepEqual(names, ['QASEM SOLEIMANI']);
  const aliases = await page.locator('.names-alias li, .names-weakAlias li').allTextContents();
  assert.ok(aliases.includes('Qasim Soleimani'), `aliases: ${aliases}`);
  assert.match(await page.locator('#entity-version').textContent(), /un-sc v2 · 2020-11-24/);
  // The timeline: the first row is the entity's own source, where both
  // versions hold it and the shown one is outlined; the rows after it are the
  // other records of the same party (the merged view), here OFAC's.
  await page.locator('.tl-seg').first().waitFor();
  const own = page.locator('.timeline .tl-row').first();
  const segments = await own.locator('.tl-seg').evaluateAll((s) => s.map((x) => `${x.dataset.version}:${x.dataset.held}`));
  assert.deepEqual(segments, ['1:1', '2:1']);
  assert.equal(await own.locator('.tl-seg.current').getAttribute('data-version'), '2');
  assert.match(await own.locator('.tl-intervals').textContent(), /2018-10-29 → still listed/);
  const rowTitles = await page.locator('.timeline .tl-label').allTextContents();
  assert.ok(rowTitles.some((t) => t.includes('ofac-sdn:10481')), `timeline rows: ${rowTitles}`);
  await shot('entity');
  // Clicking the first segment shows version 1.
  await own.locator('.tl-seg[data-version="1"]').click();
  await page.waitForURL(/version=1$/);
  await page.waitForFunction(() => document.querySelector('#entity-version')?.textContent.includes('v1 · 2018-10-29'));
  await page.locator('.timeline .tl-row').first().locator('.tl-seg.current[data-version="1"]').waitFor();
});

test('entity page: the as-of selector reloads the entity as of a date', async () => {
  await page.goto(`${BASE}/ui/#/entity/${encodeURIComponent('un-sc:IRi.039')}`);
  await page.locator('#as-of-date').waitFor();
  await page.locator('#as-of-date').fill('2019-06-01');
  await page.locator('#as-of-form button[type=submit]').click();
  await page.waitForURL(/as_of=2019-06-01$/);
  await page.waitForFunction(() => document.querySelector('#entity-version')?.textContent.includes('v1 · 2018-10-29'));
  await page.locator('#as-of-date').fill('2010-01-01');
  await page.locator('#as-of-form button[type=submit]').click();
  await page.waitForFunction(() => document.querySelector('.badge-unknown'));
  assert.match(await page.locator('#entity-version').textContent(), /before the first version/);
});

test('entity page: an OFAC listing with flags, identifiers and links', async () => {
  await page.goto(`${BASE}/ui/#/entity/${encodeURIComponent('ofac-sdn:10481')}`);
  await page.locator('.sanction').first().waitFor();
  assert.ok((await page.locator('.chip-flag').allTextContents()).includes('Subject to Secondary Sanctions'));
  assert.ok((await page.locator('.chip-program').allTextContents()).includes('IRGC'));
  assert.ok(await page.locator('table.table code').count() >= 1, 'identifiers are listed');
  await shot('entity-ofac');
});

test('entity page: an unknown entity is an inline error, not a blank page', async () => {
  await page.goto(`${BASE}/ui/#/entity/${encodeURIComponent('nosuch:1')}`);
  await page.locator('.page-entity .error').first().waitFor();
  assert.ok((await page.locator('.page-entity .error-code').first().textContent()).length > 0);
});

test('diff page: un-sc between its two versions, with real counts', async () => {
  await page.goto(`${BASE}/ui/#/diff/un-sc?from=1&to=2`);
  await page.locator('#count-added').waitFor();
  assert.equal(await page.locator('#count-added').textContent(), '28');
  assert.equal(await page.locator('#count-removed').textContent(), '103');
  assert.equal(await page.locator('#count-changed').textContent(), '596');
  assert.equal(await page.locator('#diff-from').inputValue(), '1');
  assert.equal(await page.locator('#diff-to').inputValue(), '2');
  // Open one changed row: a before/after table.
  await page.locator('.tab-changed').click();
  const row = page.locator('details.diff-row.changed').first();
  await row.locator('summary').click();
  await row.locator('.diff-table').waitFor();
  assert.ok(await row.locator('.diff-table tbody tr').count() >= 1);
  await shot('diff');
  // All 727 rows, 150 at a time as the end of the list comes into view.
  await page.locator('.tab-all').click();
  assert.equal(await page.locator('#diff-shown').textContent(), '150 of 727 shown');
  for (let i = 0; i < 100 && (await page.locator('#diff-rows .diff-row').count()) < 727; i += 1) {
    await page.mouse.wheel(0, 20000);
    await page.waitForTimeout(50);
  }
  assert.equal(await page.locator('#diff-rows .diff-row').count(), 727);
  assert.equal(await page.locator('#diff-shown').textContent(), '727 of 727 shown');
  // Added rows, filtered.
  await page.locator('.tab-added').click();
  assert.equal(await page.locator('.diff-row.added').count(), Number(await page.locator('#count-added').textContent()));
});

test('alert queue: an alert from an API screening is decided false positive and leaves the open queue', async () => {
  const subject = `e2e-${Date.now()}`;
  const answer = await apiCall('/v1/screen', { method: 'POST', body: JSON.stringify({ name: 'Qasem Soleimani', subject_ref: subject }) });
  const hit = answer.results.find((r) => r.id === 'ofac-sdn:10481');
  assert.ok(hit && hit.match && hit.alert, JSON.stringify(answer.results[0]));
  assert.equal(hit.alert.status, 'open');
  const alertId = hit.alert.id;

  await page.goto(`${BASE}/ui/#/alerts`);
  const row = page.locator(`#alerts-table tr[data-id="${alertId}"]`);
  await row.waitFor();
  assert.ok((await row.textContent()).includes('SOLEIMANI, Qasem'));
  await shot('alerts');
  await row.click();
  await page.waitForURL(new RegExp(`#/alerts/${alertId}$`));
  await page.locator('#decision-comment').waitFor();
  assert.match(await page.locator('.query-name').textContent(), /Qasem Soleimani/);
  // The explanation recorded with the screening: both words matched exactly.
  assert.deepEqual(await page.locator('.page-alert .explain .pair-exact .pair-q').allTextContents(), ['qasem', 'soleimani']);
  assert.ok(await page.locator('#decide-fp').isDisabled(), 'a comment is required');
  await page.locator('#decision-comment').fill('Different person: e2e check <b>&</b>');
  await shot('alert');
  await page.locator('#decide-fp').click();
  await page.waitForURL(/#\/alerts\?status=open$/);
  await page.locator('.flash').waitFor();
  await page.waitForFunction(() => !document.querySelector('.page-alerts .loading'));
  assert.equal(await page.locator(`#alerts-table tr[data-id="${alertId}"]`).count(), 0, 'the alert left the open queue');

  const decided = await apiCall(`/v1/alerts/${alertId}`);
  assert.equal(decided.status, 'decided');
  assert.equal(decided.decisions.at(-1).decision, 'false_positive');
  assert.equal(decided.decisions.at(-1).comment, 'Different person: e2e check <b>&</b>');

  // The decided tab shows it, the comment as text.
  await page.goto(`${BASE}/ui/#/alerts/${alertId}`);
  await page.locator('.decisions .comment').waitFor();
  assert.equal(await page.locator('.decisions .comment').textContent(), 'Different person: e2e check <b>&</b>');

  // The same subject screened again: suppressed by the decision.
  const again = await apiCall('/v1/screen', { method: 'POST', body: JSON.stringify({ name: 'Qasem Soleimani', subject_ref: subject }) });
  assert.equal(again.results.find((r) => r.id === 'ofac-sdn:10481').alert.status, 'suppressed');
});

test('a screener does not see the alert queue; logging out forgets the key', async () => {
  if (SCREENER_KEY) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const other = await context.newPage();
    await signIn(other, SCREENER_KEY);
    assert.equal(await other.locator('#who .role').textContent(), 'screener');
    assert.equal(await other.locator('#nav-alerts').isVisible(), false);
    await other.goto(`${BASE}/ui/#/search?q=Soleimani`);
    await other.locator('#results .result').first().waitFor();
    await other.screenshot({ path: join(SHOTS, 'search-1024.png') });
    await context.close();
  }
  await page.goto(`${BASE}/ui/#/search`);
  await page.locator('#logout').click();
  await page.locator('#key-input').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('interdict.key')), null);
});

test('no script error on any page', () => {
  assert.deepEqual(pageErrors.filter((e) => !e.includes('401') && !e.includes('404') && !e.includes('400')), []);
});
