import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebhookPayload } from '../../src/events/webhook-payload.js';
import type { Logger, Lookup } from '../../src/system/ports.js';
import {
  createWebhookSender,
  type DeliveryOutcome,
  type WebhookSenderOptions,
} from '../../src/system/webhook-sender.js';
import { startWebhookReceiver, useWebhookReceiver } from '../support/webhook-receiver.js';

const PAYLOAD: WebhookPayload = {
  event: 'crash',
  at: '2026-01-01T00:00:00.000Z',
  instance: null,
  project: 'app',
  bridge_id: 'br-abcdefghijkl',
  status: 'crashed',
  previous_status: 'running',
  session_ref: '0123456789abcdef0123456789abcdef',
};

function recordingLogger(lines: string[]): Logger {
  const log = (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return { debug: log, info: log, warn: log, error: log };
}

function sender(urls: string[], extra: Partial<WebhookSenderOptions> = {}) {
  const counts: DeliveryOutcome[] = [];
  const logs: string[] = [];
  const lookups: string[] = [];
  const lookup: Lookup = async (host) => {
    lookups.push(host);
    return [{ address: '127.0.0.1', family: 4 }];
  };
  const options = {
    urls,
    timeoutMs: 2000,
    blockPrivateTargets: false,
    userAgent: 'clauster/9.9.9',
  };
  const instance = createWebhookSender(
    { ...options, ...extra },
    { lookup, logger: recordingLogger(logs), count: (o) => counts.push(o) },
  );
  return { instance, counts, logs, lookups };
}

describe('createWebhookSender()', () => {
  const receiver = useWebhookReceiver();

  it('deliverAll() POSTs the JSON payload with the content type and user agent', async () => {
    const s = sender([`${receiver.origin}/ok/hook?token=not-a-real-token`]);
    const [result] = await s.instance.deliverAll(PAYLOAD);
    assert.deepEqual(result, { target: receiver.origin, outcome: 'ok', detail: 'HTTP 204' });
    const request = receiver.requests[0];
    assert.equal(request?.method, 'POST');
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.equal(request?.headers['user-agent'], 'clauster/9.9.9');
    assert.deepEqual(JSON.parse(request?.body ?? ''), PAYLOAD);
    assert.doesNotMatch(request?.body ?? '', /\b(?:session|env|cse)_(?!ref")[A-Za-z0-9]/);
    assert.deepEqual(s.counts, ['ok']);
  });

  it('deliver() counts a 500 as failed and logs the target as scheme://host:port only', async () => {
    const s = sender([`${receiver.origin}/fail/secret-path?token=not-a-real-token`]);
    s.instance.deliver(PAYLOAD);
    await s.instance.idle();
    assert.deepEqual(s.counts, ['failed']);
    assert.equal(s.logs.length, 1);
    assert.match(s.logs[0] ?? '', /webhook delivery failed .*"detail":"HTTP 500"/);
    assert.match(s.logs[0] ?? '', new RegExp(`"target":"${receiver.origin}"`));
    assert.doesNotMatch(s.logs[0] ?? '', /secret-path|token/);
  });

  it('deliverAll() treats a 302 as a failure and never follows it', async () => {
    const [result] = await sender([`${receiver.origin}/redirect`]).instance.deliverAll(PAYLOAD);
    assert.equal(result?.outcome, 'failed');
    assert.match(result?.detail ?? '', /^HTTP 302 \(redirects are not followed\)$/);
    assert.deepEqual(
      receiver.requests.map((r) => r.path),
      ['/redirect'],
    );
  });

  it('deliverAll() fails a receiver that does not answer within the timeout', async () => {
    const started = Date.now();
    const s = sender([`${receiver.origin}/slow`], { timeoutMs: 200 });
    const [result] = await s.instance.deliverAll(PAYLOAD);
    assert.deepEqual(result, {
      target: receiver.origin,
      outcome: 'failed',
      detail: 'timed out after 0.2 s',
    });
    assert.ok(Date.now() - started < 1500);
  });

  it('deliverAll() reports a refused connection without the address in the detail', async () => {
    const closed = await startWebhookReceiver();
    await closed.close();
    const [result] = await sender([`${closed.origin}/ok`]).instance.deliverAll(PAYLOAD);
    assert.equal(result?.outcome, 'failed');
    assert.match(result?.detail ?? '', /^connection failed/);
    assert.doesNotMatch(result?.detail ?? '', /127\.0\.0\.1/);
  });

  it('deliverAll() with block_private_targets refuses loopback spellings without connecting', async () => {
    const port = new URL(receiver.origin).port;
    const urls = ['127.0.0.1', '127.1', '2130706433', '0x7f.1', '[::ffff:127.0.0.1]'].map(
      (host) => `http://${host}:${port}/ok`,
    );
    const s = sender([...urls, `http://localhost:${port}/ok`], { blockPrivateTargets: true });
    const results = await s.instance.deliverAll(PAYLOAD);
    assert.deepEqual(
      results.map((r) => r.outcome),
      urls.map(() => 'refused').concat('refused'),
    );
    assert.match(results[1]?.detail ?? '', /^refused-private: loopback address 127\.0\.0\.1$/);
    // Only the name was looked up; the literals were judged as the URL parser read them.
    assert.deepEqual(s.lookups, ['localhost']);
    assert.equal(receiver.requests.length, 0);
  });

  it('deliver() drops and counts deliveries beyond maxInFlight without waiting', async () => {
    const slow = `${receiver.origin}/slow`;
    const s = sender([slow, slow, slow, slow], { maxInFlight: 2, timeoutMs: 300 });
    const started = Date.now();
    s.instance.deliver(PAYLOAD);
    assert.ok(Date.now() - started < 100, 'deliver() returned at once');
    assert.deepEqual(s.counts, ['dropped', 'dropped']);
    assert.equal(s.logs.filter((l) => l.includes('too many in flight')).length, 1);
    await s.instance.idle();
    assert.deepEqual(s.counts.sort(), ['dropped', 'dropped', 'failed', 'failed']);
  });

  it('close() aborts deliveries in flight and ignores later ones', async () => {
    const s = sender([`${receiver.origin}/slow`], { timeoutMs: 10_000 });
    s.instance.deliver(PAYLOAD);
    s.instance.close();
    await s.instance.idle();
    assert.match(s.logs[0] ?? '', /aborted at shutdown/);
    s.instance.deliver(PAYLOAD);
    assert.equal(s.counts.length, 1);
  });
});
