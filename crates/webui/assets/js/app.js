// The single page: key entry, the top bar, and the hash router that hands
// the main area to one page module at a time.

import { api, getKey, setKey, clearKey, setUnauthorizedHandler } from './api.js';
import { h, replace, errorBox, loading } from './dom.js';
import { searchPage } from './search.js';
import { entityPage } from './entity.js';
import { diffPage } from './diff.js';
import { alertsPage, alertPage } from './alerts.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const navAlerts = document.getElementById('nav-alerts');

/** The signed-in key: {id, role}, or null. */
const session = { whoami: null };
let cleanup = null;

const RANK = { screener: 1, analyst: 2, admin: 3 };

/** Whether the signed-in key has at least this role. */
export function allows(role) {
  return session.whoami !== null && (RANK[session.whoami.role] || 0) >= RANK[role];
}

/** `#/entity/x?as_of=...` → {parts: ['entity', 'x'], params: URLSearchParams}. */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return { parts, params: new URLSearchParams(search) };
}

function keyForm(message) {
  nav.hidden = true;
  who.hidden = true;
  const input = h('input', {
    id: 'key-input', type: 'password', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'idk_…', 'aria-label': 'API key', required: true,
  });
  const status = h('div', { class: 'login-status' });
  if (message) status.append(errorBox(message, 'Please sign in again'));
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', {
    class: 'login card', id: 'login',
    onsubmit: async (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      button.disabled = true;
      replace(status, loading('Checking the key…'));
      try {
        const me = await api('/v1/whoami', { key });
        setKey(key);
        session.whoami = me;
        signedIn();
      } catch (err) {
        replace(status, errorBox(err, err.status === 401 ? 'This key was not accepted' : 'Could not check the key'));
        button.disabled = false;
        input.select();
      }
    },
  },
  h('h1', null, 'Sign in to interdict'),
  h('p', { class: 'muted' }, 'Paste your API key. It is kept in this browser tab only and forgotten when the tab closes.'),
  h('label', { for: 'key-input' }, 'API key'),
  input,
  button,
  status);
  replace(main, form);
  input.focus();
}

function logout(message) {
  clearKey();
  session.whoami = null;
  if (cleanup) cleanup();
  cleanup = null;
  keyForm(message);
}

function signedIn() {
  nav.hidden = false;
  navAlerts.hidden = !allows('analyst');
  replace(who,
    h('span', { class: 'who-id', title: 'key id' }, session.whoami.id),
    h('span', { class: `role role-${session.whoami.role}` }, session.whoami.role),
    h('button', { type: 'button', class: 'link', id: 'logout', onclick: () => logout() }, 'Log out'));
  who.hidden = false;
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    location.replace('#/search');
  }
  route();
}

function markNav(name) {
  for (const link of nav.querySelectorAll('a')) {
    link.classList.toggle('active', link.dataset.route === name);
  }
}

function route() {
  if (!session.whoami) return;
  if (cleanup) cleanup();
  cleanup = null;
  const { parts, params } = parseHash();
  const [page = 'search', ...rest] = parts;
  markNav(page);
  const ctx = { allows, session };
  let view;
  if (page === 'search') {
    view = searchPage(params, ctx);
  } else if (page === 'entity' && rest.length) {
    view = entityPage(rest.join('/'), params, ctx);
  } else if (page === 'diff') {
    view = diffPage(rest[0] || null, params, ctx);
  } else if (page === 'alerts' && allows('analyst')) {
    view = rest.length ? alertPage(rest[0], ctx) : alertsPage(params, ctx);
  } else if (page === 'alerts') {
    view = { node: errorBox({ code: 'forbidden', message: 'The alert queue is for analysts; this key is a screener\u2019s.' }, 'Not available') };
  } else {
    view = { node: errorBox({ code: 'not_found', message: `There is no page "${location.hash}".` }, 'Unknown page') };
  }
  replace(main, view.node);
  cleanup = view.cleanup || null;
  if (view.focus) view.focus();
}

async function start() {
  setUnauthorizedHandler((err) => logout(err));
  window.addEventListener('hashchange', route);
  const key = getKey();
  if (!key) {
    keyForm();
    return;
  }
  replace(main, loading('Checking the key…'));
  try {
    session.whoami = await api('/v1/whoami');
    signedIn();
  } catch (err) {
    if (err.status === 401) return; // the handler shows the key form
    replace(main, errorBox(err, 'Could not reach interdict'),
      h('button', { type: 'button', onclick: start }, 'Try again'));
  }
}

start();
