// The HTTP API v1: one fetch wrapper that adds the key, reads JSON and turns
// `{"error": {"code", "message"}}` answers into ApiError.

const KEY = 'interdict.key';

/** The key the user pasted, kept for this browser tab only. */
export function getKey() {
  return sessionStorage.getItem(KEY);
}

/** Keeps the key for this tab. */
export function setKey(key) {
  sessionStorage.setItem(KEY, key);
}

/** Forgets the key. */
export function clearKey() {
  sessionStorage.removeItem(KEY);
}

/** An error answered by the API (or the network), with its stable code. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

let onUnauthorized = () => {};

/** Called when the API answers 401: the key is unknown or revoked. */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

/**
 * Calls the API. `path` starts with `/v1/`; `body` is sent as JSON.
 * Resolves to the parsed JSON; rejects with ApiError (or AbortError when
 * `signal` aborts).
 */
export async function api(path, { method = 'GET', body, signal, key } = {}) {
  const headers = { Accept: 'application/json' };
  const useKey = key ?? getKey();
  if (useKey) headers.Authorization = `Bearer ${useKey}`;
  const init = { method, headers, signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', `The server could not be reached (${err.message}).`);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = data && data.error;
    const apiError = new ApiError(
      response.status,
      error && error.code ? error.code : `http_${response.status}`,
      error && error.message ? error.message : `${response.status} ${response.statusText}`.trim(),
    );
    if (response.status === 429) {
      const retry = response.headers.get('Retry-After');
      if (retry) apiError.message += ` Retry after ${retry} s.`;
    }
    if (response.status === 401 && !key) onUnauthorized(apiError);
    throw apiError;
  }
  if (data === null) {
    throw new ApiError(response.status, 'invalid_response', `${path} did not answer JSON.`);
  }
  return data;
}

/** `/v1/entities/{id}` and friends: ids hold `:` and may hold `/`. */
export function enc(segment) {
  return encodeURIComponent(segment);
}

/** A query string from an object, skipping empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
