// A development stand-in for `interdict serve`: serves the UI's files from
// crates/webui/assets and answers the HTTP API v1 by running the `interdict`
// CLI (`screen`, `show`, `history`, `lists`, `diff` with --json) on a data
// directory, with an in-memory alert queue. For UI development only; the
// committed e2e test (crates/cli/tests/ui_e2e.rs) runs against the real server.
//
//   INTERDICT_BIN=target/debug/interdict INTERDICT_DATA=/tmp/data \
//   FAKE_KEY=idk_dev_x FAKE_ROLE=analyst node e2e/fake-server.mjs [port]

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const assets = join(here, '..', 'crates', 'webui', 'assets');
const bin = process.env.INTERDICT_BIN || 'interdict';
const data = process.env.INTERDICT_DATA;
const key = process.env.FAKE_KEY || 'idk_dev_secret';
const role = process.env.FAKE_ROLE || 'analyst';
const port = Number(process.argv[2] || 8077);
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };

const alerts = [];
let seq = 0;

function cli(args) {
  return new Promise((resolve) => {
    execFile(bin, ['--data', data, ...args], { maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? err.code ?? 1 : 0, stdout, stderr });
    });
  });
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function fail(res, status, code, message) {
  send(res, status, { error: { code, message } });
}

async function body(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

async function screen(q) {
  const args = ['screen', q.name, '--json', '--limit', String(q.limit || 10)];
  if (q.schema) args.push('--type', q.schema);
  if (q.birth_date) args.push('--birth-date', q.birth_date);
  for (const c of q.countries || []) args.push('--country', c);
  for (const s of q.sources || []) args.push('--source', s);
  if (q.as_of) args.push('--as-of', q.as_of);
  if (q.threshold) args.push('--threshold', String(q.threshold));
  const out = await cli(args);
  if (out.code !== 0 && out.code !== 3) return { error: out.stderr.trim() };
  const answer = JSON.parse(out.stdout);
  seq += 1;
  answer.screening_id = seq;
  const subject = q.subject_ref || q.name.toLowerCase().trim();
  for (const r of answer.results) {
    if (!r.match) continue;
    const earlier = alerts.filter((a) => a.subject_key === subject && a.entity_id === r.id && a.decisions.some((d) => d.decision === 'false_positive'));
    const alert = {
      id: alerts.length + 1, screening_seq: seq, created_at: new Date().toISOString(), actor: 'dev', channel: 'api',
      subject_key: subject, query: q, entity_id: r.id, caption: r.caption, score: r.score,
      status: earlier.length ? 'suppressed' : 'open', reason: earlier.length ? `false positive decided on alert ${earlier[0].id}` : null,
      decisions: [], explanation: r.explanation, matched_name: r.matched_name,
    };
    alerts.push(alert);
    r.alert = { id: alert.id, status: alert.status, reason: alert.reason };
  }
  return answer;
}

async function api(req, res, url) {
  const auth = req.headers.authorization || '';
  if (auth !== `Bearer ${key}`) return fail(res, 401, 'unauthorized', 'missing or unknown API key');
  const path = url.pathname;
  let m;
  if (path === '/v1/whoami') return send(res, 200, { id: 'dev', role });
  if (path === '/v1/screen' && req.method === 'POST') {
    let q;
    try {
      q = await body(req);
    } catch (err) {
      return fail(res, 400, 'invalid_json', String(err.message));
    }
    if (q.queries) {
      const results = [];
      for (const one of q.queries) results.push(await screen(one));
      return send(res, 200, { results });
    }
    if (!q.name) return fail(res, 400, 'bad_request', '"name" is required');
    const answer = await screen(q);
    if (answer.error) return fail(res, 400, 'bad_request', answer.error);
    return send(res, 200, answer);
  }
  if ((m = path.match(/^\/v1\/entities\/([^/]+)\/history$/))) {
    const out = await cli(['history', decodeURIComponent(m[1]), '--json']);
    return out.code ? fail(res, 404, 'not_found', out.stderr.trim()) : send(res, 200, out.stdout);
  }
  if ((m = path.match(/^\/v1\/entities\/([^/]+)$/))) {
    const args = ['show', decodeURIComponent(m[1]), '--json'];
    if (url.searchParams.get('as_of')) args.push('--as-of', url.searchParams.get('as_of'));
    if (url.searchParams.get('version')) args.push('--version', url.searchParams.get('version'));
    const out = await cli(args);
    if (out.code) return fail(res, 404, 'not_found', out.stderr.trim());
    const answer = JSON.parse(out.stdout);
    // FAKE_PARTY=1: a canned merged view, to develop the `party` section.
    if (process.env.FAKE_PARTY === '1' && ['ofac-sdn:10481', 'un-sc:IRi.039'].includes(answer.id)) {
      answer.party = {
        id: 'party:soleimani', caption: 'Qasem Soleimani',
        members: [{ id: 'ofac-sdn:10481', caption: 'SOLEIMANI, Qasem', source: 'ofac-sdn' },
          { id: 'un-sc:IRi.039', caption: 'QASEM SOLEIMANI', source: 'un-sc' }],
      };
    }
    return send(res, 200, answer);
  }
  if (path === '/v1/lists') {
    const out = await cli(['lists', '--json']);
    return out.code ? fail(res, 500, 'internal', out.stderr.trim()) : send(res, 200, out.stdout);
  }
  if ((m = path.match(/^\/v1\/lists\/([^/]+)\/diff$/))) {
    const args = ['diff', decodeURIComponent(m[1]), '--json'];
    if (url.searchParams.get('from')) args.push('--from', url.searchParams.get('from'));
    if (url.searchParams.get('to')) args.push('--to', url.searchParams.get('to'));
    const out = await cli(args);
    return out.code ? fail(res, 400, 'bad_request', out.stderr.trim()) : send(res, 200, out.stdout);
  }
  if (path === '/v1/alerts') {
    const status = url.searchParams.get('status') || 'open';
    const limit = Number(url.searchParams.get('limit') || 50);
    const offset = Number(url.searchParams.get('offset') || 0);
    const chosen = alerts.filter((a) => status === 'all' || a.status === status).reverse();
    return send(res, 200, { alerts: chosen.slice(offset, offset + limit), total: chosen.length });
  }
  if ((m = path.match(/^\/v1\/alerts\/(\d+)$/))) {
    const alert = alerts[Number(m[1]) - 1];
    return alert ? send(res, 200, alert) : fail(res, 404, 'not_found', `no alert ${m[1]}`);
  }
  if ((m = path.match(/^\/v1\/alerts\/(\d+)\/decision$/)) && req.method === 'POST') {
    const alert = alerts[Number(m[1]) - 1];
    if (!alert) return fail(res, 404, 'not_found', `no alert ${m[1]}`);
    const d = await body(req);
    if (!['false_positive', 'confirmed_match'].includes(d.decision)) return fail(res, 400, 'bad_request', 'decision must be false_positive or confirmed_match');
    if (!d.comment || !d.comment.trim()) return fail(res, 400, 'bad_request', 'a comment is required');
    alert.decisions.push({ decision: d.decision, comment: d.comment, actor: 'dev', at: new Date().toISOString() });
    alert.status = 'decided';
    return send(res, 200, alert);
  }
  return fail(res, 404, 'not_found', `no route ${req.method} ${path}`);
}

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  try {
    if (url.pathname === '/') {
      res.writeHead(302, { Location: '/ui/' });
      return res.end();
    }
    if (url.pathname.startsWith('/ui/')) {
      const rel = normalize(url.pathname.slice(4) || 'index.html');
      if (rel.startsWith('..')) return fail(res, 404, 'not_found', 'no such file');
      const bytes = await readFile(join(assets, rel || 'index.html')).catch(() => null);
      if (!bytes) return fail(res, 404, 'not_found', 'no such file');
      res.writeHead(200, { 'Content-Type': TYPES[extname(rel)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
      return res.end(bytes);
    }
    return await api(req, res, url);
  } catch (err) {
    return fail(res, 500, 'internal', String(err.stack || err));
  }
}).listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${port}`);
});
