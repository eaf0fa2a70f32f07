import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_BODY_LIMIT, LOGIN_BODY_LIMIT } from '../../../src/http/middleware/body-limit.js';
import { createProbeApp, readJson } from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

const dir = useTempDir();

const ORIGIN = 'http://localhost:7621';

/** A body stream with no Content-Length (what a chunked upload looks like to Hono). */
function streamOf(total: number, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(chunk, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  });
}

/** A POST from the dashboard's own origin; `headers` adds to or overrides its headers. */
function post(headers: Record<string, string>, body?: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
    ...(body === undefined ? {} : { body }),
  };
}

function streamed(total: number, type = 'application/json'): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': type, origin: ORIGIN },
    body: streamOf(total),
    duplex: 'half',
  } as RequestInit;
}

describe('bodyLimits()', () => {
  it('bodyLimits() answers 413 for a Content-Length over 1 MiB on the API and 4 KiB on /login', async () => {
    const { app, handlerRuns } = createProbeApp({ stateDir: dir.path });
    const tooLong = { 'content-length': String(API_BODY_LIMIT + 1) };
    const api = await app.request('/api/echo', post(tooLong));
    assert.equal(api.status, 413);
    const password = 'x'.repeat(LOGIN_BODY_LIMIT);
    const login = await app.request('/login', post({}, JSON.stringify({ password })));
    // No Content-Length from app.request: the limit is found by reading.
    assert.equal(login.status, 413);
    assert.equal(handlerRuns(), 0);
  });

  it('bodyLimits() answers 413 for a chunked body over the limit before the handler runs', async () => {
    const { app, handlerRuns } = createProbeApp({ stateDir: dir.path });
    const response = await app.request('/api/echo', streamed(API_BODY_LIMIT + 1));
    assert.equal(response.status, 413);
    assert.equal((await readJson(response)).error?.code, 'payload-too-large');
    assert.equal(handlerRuns(), 0);
  });

  it('bodyLimits() passes a chunked body at the limit through to the handler intact', async () => {
    const { app } = createProbeApp({ stateDir: dir.path });
    const response = await app.request('/api/echo', streamed(API_BODY_LIMIT));
    assert.equal(response.status, 200);
    assert.deepEqual(await readJson(response), { length: API_BODY_LIMIT });
  });

  it('bodyLimits() answers 400 when Transfer-Encoding and Content-Length are both present', async () => {
    const { app, handlerRuns } = createProbeApp({ stateDir: dir.path });
    const both = { 'transfer-encoding': 'chunked', 'content-length': '2' };
    const response = await app.request('/api/echo', post(both, '{}'));
    assert.equal(response.status, 400);
    assert.equal(handlerRuns(), 0);
  });

  it('bodyLimits() answers 415 for a non-JSON API body and allows an empty POST', async () => {
    const { app, handlerRuns } = createProbeApp({ stateDir: dir.path });
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
    ]) {
      const response = await app.request('/api/echo', post({ 'content-type': type }, '{}'));
      assert.equal(response.status, 415, type);
    }
    const chunkedText = await app.request('/api/echo', streamed(10, 'text/plain'));
    assert.equal(chunkedText.status, 415);
    assert.equal(handlerRuns(), 0);
    const empty = await app.request('/api/echo', { method: 'POST', headers: { origin: ORIGIN } });
    assert.equal(empty.status, 200);
    const utf8 = { 'content-type': 'application/json; charset=utf-8' };
    const charset = await app.request('/api/echo', post(utf8, '{}'));
    assert.equal(charset.status, 200);
  });
});
