// UI timings in headless Chromium against a running `interdict serve`
// (bench/ui.sh sets one up with ofac-sdn 2019-01-04 and 2023-12-28):
// the list diff page on a diff of thousands of entities (first rows, every
// row rendered by scrolling, a filter), and search (keystroke to results).
// Prints one JSON object.

import { chromium } from 'playwright-core';

const BASE = process.env.INTERDICT_URL;
const KEY = process.env.INTERDICT_KEY;
const ROUNDS = Number(process.env.ROUNDS || 5);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
await context.addInitScript((key) => sessionStorage.setItem('interdict.key', key), KEY);
const page = await context.newPage();
page.on('crash', () => console.error('page crashed'));
page.on('pageerror', (e) => console.error('pageerror', String(e)));
await page.goto(`${BASE}/ui/#/search`);
await page.locator('#q').waitFor();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = { rounds: ROUNDS, diff_first_rows_ms: [], diff_all_rows_ms: [], diff_filter_ms: [], search_ms: [] };
let rows = 0;
for (let round = 0; round < ROUNDS; round += 1) {
  await page.goto(`${BASE}/ui/#/search`);
  await page.locator('#q').waitFor();
  let t = performance.now();
  await page.goto(`${BASE}/ui/#/diff/ofac-sdn`);
  await page.locator('#diff-rows .diff-row').first().waitFor();
  result.diff_first_rows_ms.push(performance.now() - t);
  const total = Number((await page.locator('#count-all').textContent()).replace(/,/g, ''));
  rows = total;
  t = performance.now();
  await page.evaluate(async (want) => {
    while (document.querySelectorAll('#diff-rows .diff-row').length < want) {
      window.scrollTo(0, document.body.scrollHeight);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
  }, total);
  result.diff_all_rows_ms.push(performance.now() - t);
  t = performance.now();
  await page.locator('.diff-filter').fill('ofac-sdn:1');
  await page.waitForFunction(() => document.querySelector('#diff-shown').textContent.includes('of'));
  result.diff_filter_ms.push(performance.now() - t);

  await page.goto(`${BASE}/ui/#/search`);
  await page.locator('#q').fill('');
  t = performance.now();
  await page.locator('#q').fill(`Qasem Soleimani ${round}`);
  await page.waitForFunction(() => document.querySelector('#search-meta .count'));
  result.search_ms.push(performance.now() - t);
}
await browser.close();
const summary = { diff_rows: rows, rounds: ROUNDS };
for (const [key, values] of Object.entries(result)) {
  if (Array.isArray(values)) summary[`${key}_median`] = Math.round(median(values));
}
summary.note = 'search_ms includes the 250 ms debounce';
console.log(JSON.stringify(summary, null, 2));
