import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { WebhookPayload } from '../../src/events/webhook-payload.js';
import type { Logger, Lookup } from '../../src/system/ports.js';
import { createWebhookSender, type WebhookSenderOptions } from '../../src/system/webhook-sender.js';
import { useTempDir } from '../support/temp.js';
import { writeSelfSignedCert } from '../support/tls-cert.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const temp = useTempDir();
const PAYLOAD: WebhookPayload = {
  event: 'test',
  at: '2026-01-01T00:00:00.000Z',
  instance: null,
  project: null,
  bridge_id: null,
  status: null,
  previous_status: null,
};

function sender(lookup: Lookup, extra: Partial<WebhookSenderOptions> & { urls: string[] }) {
  const logs: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (message, fields) => logs.push(`${message} ${JSON.stringify(fields ?? {})}`),
    error() {},
  };
  const options = { timeoutMs: 2000, blockPrivateTargets: false, userAgent: 'clauster/0.0.0' };
  return { instance: createWebhookSender({ ...options, ...extra }, { lookup, logger }), logs };
}

/** Answers `answers[i]` to the i-th call (the last one from then on), recording each call. */
function scriptedLookup(answers: string[], calls: string[]): Lookup {
  return async (host) => {
    calls.push(host);
    const address = answers[Math.min(calls.length - 1, answers.length - 1)] ?? '';
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
}

const HANGING: Lookup = () => new Promise(() => undefined);

describe('createWebhookSender() pinning', () => {
  let receiver: WebhookReceiver;
  let port: string;
  before(async () => {
    receiver = await startWebhookReceiver();
    port = new URL(receiver.origin).port;
  });
  after(async () => {
    await receiver.close();
  });

  it('deliverAll() connects through the given lookup, never the system resolver', async () => {
    receiver.requests.length = 0;
    const calls: string[] = [];
    // `.invalid` never resolves for real: only the injected answer can reach the receiver.
    const s = sender(scriptedLookup(['127.0.0.1'], calls), {
      urls: [`http://hooks.invalid:${port}/ok/pinned`],
    });
    const [result] = await s.instance.deliverAll(PAYLOAD);
    assert.deepEqual(result, {
      target: `http://hooks.invalid:${port}`,
      outcome: 'ok',
      detail: 'HTTP 204',
    });
    assert.deepEqual(calls, ['hooks.invalid']);
    assert.equal(receiver.requests[0]?.headers.host, `hooks.invalid:${port}`);
  });

  it('deliverAll() connects to the checked address, not to a second answer', async () => {
    receiver.requests.length = 0;
    const calls: string[] = [];
    // A rebinding resolver: the receiver's address first, a closed one (127.0.0.2) after.
    const lookup = scriptedLookup(['127.0.0.1', '127.0.0.2'], calls);
    const s = sender(lookup, { urls: [`http://rebind.invalid:${port}/ok/rebind`] });
    const [result] = await s.instance.deliverAll(PAYLOAD);
    assert.equal(result?.outcome, 'ok', result?.detail);
    assert.deepEqual(calls, ['rebind.invalid']);
    assert.deepEqual(
      receiver.requests.map((r) => r.path),
      ['/ok/rebind'],
    );
  });

  it('deliverAll() always refuses names that resolve to metadata, switch off', async () => {
    receiver.requests.length = 0;
    // Names only (literals are covered in test/security/): nothing here could reach them.
    const answers: Record<string, string> = {
      'aws.invalid': '169.254.169.254',
      'alibaba.invalid': '100.100.100.200',
      'aws6.invalid': 'fd00:ec2::254',
    };
    const lookup: Lookup = async (host) => {
      const address = answers[host] ?? '127.0.0.1';
      return [{ address, family: address.includes(':') ? 6 : 4 }];
    };
    const urls = Object.keys(answers).map((host) => `http://${host}:${port}/ok`);
    const results = await sender(lookup, { urls }).instance.deliverAll(PAYLOAD);
    assert.deepEqual(
      results.map((r) => `${r.outcome} ${r.detail}`),
      Object.values(answers).map((a) => `refused refused-metadata: metadata address ${a}`),
    );
    assert.equal(receiver.requests.length, 0);
  });

  it('deliverAll() ends a delivery whose lookup hangs at the deadline', async () => {
    const started = Date.now();
    const s = sender(HANGING, { urls: ['https://hang.invalid/x'], timeoutMs: 150 });
    const [result] = await s.instance.deliverAll(PAYLOAD);
    assert.deepEqual(result, {
      target: 'https://hang.invalid',
      outcome: 'failed',
      detail: 'timed out after 0.15 s',
    });
    assert.ok(Date.now() - started < 1500);
  });

  it('close() ends a delivery whose lookup hangs, long before its deadline', async () => {
    const s = sender(HANGING, { urls: ['https://hang.invalid/x'], timeoutMs: 30_000 });
    const started = Date.now();
    s.instance.deliver(PAYLOAD);
    s.instance.close();
    await s.instance.idle();
    assert.ok(Date.now() - started < 1500);
    assert.equal(s.logs.length, 1);
    assert.match(s.logs[0] ?? '', /webhook delivery failed .*"detail":"aborted at shutdown"/);
  });
});

describe('createWebhookSender() over https', () => {
  it('deliverAll() sends the URL host as SNI and checks the certificate', async () => {
    const names: string[] = [];
    const cert = writeSelfSignedCert(temp.path, 'hook', ['DNS:hooks.example.test']);
    const server = createServer({
      cert: readFileSync(cert.certFile),
      key: readFileSync(cert.keyFile),
      SNICallback: (name, done) => {
        names.push(name);
        done(null);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const s = sender(scriptedLookup(['127.0.0.1'], []), {
        urls: [`https://hooks.example.test:${port}/x`],
      });
      const [result] = await s.instance.deliverAll(PAYLOAD);
      // Self-signed: an unchecked certificate would have let the request through.
      assert.equal(result?.outcome, 'failed');
      assert.match(result?.detail ?? '', /^connection failed \([A-Z_]*SELF_SIGNED[A-Z_]*\)$/);
      assert.deepEqual(names, ['hooks.example.test']);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
