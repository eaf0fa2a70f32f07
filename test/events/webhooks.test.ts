import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ClausterEvent, createEventBus } from '../../src/events/bus.js';
import { WEBHOOK_EVENTS, type WebhookEventName } from '../../src/events/webhook-events.js';
import { buildSessionRef, type WebhookPayload } from '../../src/events/webhook-payload.js';
import { startWebhookNotifier } from '../../src/events/webhooks.js';
import { fill } from '../support/fake-secrets.js';

const SESSION_ID = `session_01${fill('FAKEabcdefghijkmnopqrstuvwxyz', 22)}`;
const CSE_ID = `cse_01${fill('FAKEabcdefghijkmnopqrstuvwxyz', 22, 4)}`;
const KEY = 'test-key-not-a-secret-0123456789abcdef';
const ALL_ON = Object.fromEntries(WEBHOOK_EVENTS.map((e) => [e, true])) as Record<
  WebhookEventName,
  boolean
>;

function bridgeEvent(from: string | null, to: string, extra: Record<string, unknown> = {}) {
  const bridge = { id: 'br-abcdefghijkl', project: 'app', url: null, reason: null, ...extra };
  return { type: 'bridge', bridge, from, to } as const satisfies ClausterEvent;
}

function setup(events: Partial<Record<WebhookEventName, boolean>> = {}) {
  const bus = createEventBus();
  const sent: WebhookPayload[] = [];
  const options = { instance: 'lab', events: { ...ALL_ON, ...events }, sessionKey: KEY };
  const deps = {
    clock: { now: () => Date.parse('2026-02-03T04:05:06.000Z') },
    subscribe: bus.subscribe,
    deliver: (payload: WebhookPayload) => sent.push(payload),
  };
  const notifier = startWebhookNotifier(options, deps);
  return { bus, sent, notifier };
}

describe('startWebhookNotifier()', () => {
  it('startWebhookNotifier() sends spawn, ready and crash with the documented fields', () => {
    const { bus, sent } = setup();
    const url = `https://claude.ai/code/${SESSION_ID}`;
    bus.publish(bridgeEvent(null, 'starting'));
    bus.publish(bridgeEvent('starting', 'running', { url }));
    bus.publish(bridgeEvent('running', 'crashed', { url, reason: 'exited with code 3' }));
    assert.deepEqual(
      sent.map((p) => p.event),
      ['spawn', 'ready', 'crash'],
    );
    assert.deepEqual(sent[2], {
      event: 'crash',
      at: '2026-02-03T04:05:06.000Z',
      instance: 'lab',
      project: 'app',
      bridge_id: 'br-abcdefghijkl',
      status: 'crashed',
      previous_status: 'running',
      exit_code: 3,
      reason: 'exited with code 3',
      session_ref: buildSessionRef(SESSION_ID, KEY),
    });
  });

  it('startWebhookNotifier() never lets a raw session, env or cse id out', () => {
    const { bus, sent } = setup();
    const url = `https://claude.ai/code/${SESSION_ID}`;
    bus.publish(bridgeEvent(null, 'starting'));
    bus.publish(bridgeEvent('starting', 'error', { url, reason: `lost ${CSE_ID} at ${url}` }));
    const body = JSON.stringify(sent);
    assert.equal(sent.length, 2);
    assert.ok(!body.includes(SESSION_ID.slice(8)), body);
    assert.ok(!body.includes(CSE_ID.slice(4)), body);
    assert.match(sent[1]?.session_ref ?? '', /^[0-9a-f]{32}$/);
  });

  it('startWebhookNotifier() sends only the switched-on events and clone-done when asked', () => {
    const { bus, sent } = setup({ spawn: false, 'clone-done': true });
    bus.publish(bridgeEvent(null, 'starting'));
    bus.publish(bridgeEvent('starting', 'running'));
    bus.publish({ type: 'clone', job: { id: 'j1', name: 'repo', status: 'failed', error: 'x' } });
    assert.deepEqual(
      sent.map((p) => p.event),
      ['ready', 'clone-done'],
    );
    assert.deepEqual(sent[1]?.clone, { name: 'repo', outcome: 'failed' });
    assert.equal(sent[1]?.reason, 'x');
  });

  it('startWebhookNotifier() close() unsubscribes', () => {
    const { bus, sent, notifier } = setup();
    notifier.close();
    bus.publish(bridgeEvent(null, 'starting'));
    assert.equal(sent.length, 0);
    assert.equal(bus.listenerCount(), 0);
  });

  it('startWebhookNotifier() never blocks or breaks the publisher when delivery throws or hangs', () => {
    const bus = createEventBus();
    const seenAfter: string[] = [];
    const base = { clock: { now: () => 0 }, subscribe: bus.subscribe };
    const options = { instance: null, events: ALL_ON, sessionKey: KEY };
    startWebhookNotifier(options, {
      ...base,
      deliver: () => {
        throw new Error('receiver exploded');
      },
    });
    // A deliver that starts work it never finishes: publish() must still return at once.
    startWebhookNotifier(options, { ...base, deliver: () => void new Promise(() => {}) });
    bus.subscribe((event) => seenAfter.push(event.type));
    const started = performance.now();
    assert.doesNotThrow(() => bus.publish(bridgeEvent(null, 'starting')));
    assert.ok(performance.now() - started < 50);
    assert.deepEqual(seenAfter, ['bridge']);
  });
});

describe('buildSessionRef()', () => {
  it('buildSessionRef() is 32 hex characters, stable per key and different across keys', () => {
    const ref = buildSessionRef(SESSION_ID, KEY);
    assert.match(ref, /^[0-9a-f]{32}$/);
    assert.equal(buildSessionRef(SESSION_ID, KEY), ref);
    assert.notEqual(buildSessionRef(SESSION_ID, `${KEY}x`), ref);
    assert.notEqual(buildSessionRef(`${SESSION_ID}x`, KEY), ref);
  });
});
