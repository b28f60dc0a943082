// Building DOM nodes. Every string from the API is data: it goes into text
// nodes and attributes, never through an HTML parser.

/**
 * h('a', {href: '#/x', class: 'y', onclick: fn}, 'text', child, [more]) → Element.
 * Children: strings and numbers become text nodes; null/undefined/false are skipped;
 * arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else if (key === 'class') {
        el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
      } else if (key === 'style' && typeof value === 'object') {
        Object.assign(el.style, value);
      } else if (key === 'dataset') {
        Object.assign(el.dataset, value);
      } else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled') {
        el[key] = value;
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

/** Appends children (strings, numbers, nodes, nested arrays) to a node. */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces a node's children. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** An inline error box for an API or network error: its code and message. */
export function errorBox(err, title = 'Something went wrong') {
  const code = err && err.code ? err.code : 'error';
  const message = err && err.message ? err.message : String(err);
  return h('div', { class: 'error', role: 'alert' },
    h('strong', null, title),
    h('span', { class: 'error-code' }, code),
    h('div', { class: 'error-message' }, message));
}

/** A short grey placeholder line. */
export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/** A spinner with a label. */
export function loading(text = 'Loading…') {
  return h('div', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

/** A titled section. */
export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', null, title), ...children);
}
