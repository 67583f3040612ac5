// The admin API as the page uses it. The token goes in the Authorization header of every call, never in a URL.

const TOKEN_KEY = 'pharos.adminToken';
const API = '/api/v1';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: value => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

function headers(extra) {
  return { Authorization: `Bearer ${token.get()}`, Accept: 'application/json', ...extra };
}

/** Calls the API; resolves to {status, etag, body} for 2xx, rejects with an ApiError carrying the problem. */
export async function call(method, path, body, extraHeaders = {}) {
  const init = { method, headers: headers(extraHeaders), cache: 'no-store' };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(API + path, init);
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      parsed = { detail: text };
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, parsed);
  }
  return { status: response.status, etag: response.headers.get('ETag'), body: parsed };
}

/**
 * Reads the server-sent events of /api/v1/events with fetch(), since EventSource cannot send the Authorization
 * header. Calls onEvent(name, data) for each event; resolves when the server ends the stream, rejects on failure.
 * Returns the retry delay (ms) the server asked for.
 */
export async function streamEvents(onEvent, signal) {
  const response = await fetch(`${API}/events`, {
    headers: headers({ Accept: 'text/event-stream' }), cache: 'no-store', signal,
  });
  if (!response.ok) {
    throw new ApiError(response.status, await response.json().catch(() => null));
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let retry = 2000;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return retry;
    }
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) {
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') {
          name = text;
        } else if (field === 'data') {
          data.push(text);
        } else if (field === 'retry' && /^\d+$/.test(text)) {
          retry = Number(text);
        }
      }
      if (data.length > 0) {
        onEvent(name, JSON.parse(data.join('\n')));
      }
    }
  }
}
