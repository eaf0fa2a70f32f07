import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClausterEvent } from '../../src/events/bus.js';
import {
  classifyBridgeTransition,
  createWebhookEventMapper,
  type WebhookEventName,
} from '../../src/events/webhook-events.js';

type Case = [
  from: string | null,
  to: string,
  spawnedHere: boolean,
  expected: WebhookEventName | null,
];

const CASES: Case[] = [
  [null, 'starting', false, 'spawn'],
  [null, 'running', false, null], // not a new spawn shape
  ['starting', 'running', true, 'ready'],
  ['error', 'running', true, 'ready'], // recovered after the startup grace
  ['starting', 'running', false, null], // re-adopted: no ready
  ['running', 'running', true, null], // a new connect URL is no transition
  ['running', 'stopped', true, 'stop'],
  ['starting', 'stopped', false, 'stop'],
  ['error', 'stopped', true, 'stop'],
  ['running', 'crashed', true, 'crash'],
  ['starting', 'crashed', false, 'crash'],
  ['starting', 'error', true, 'crash'],
  ['running', 'error', true, 'crash'],
  ['error', 'crashed', true, null], // already reported as crash
  ['error', 'error', true, null],
  ['stopped', 'starting', false, null],
];

describe('classifyBridgeTransition()', () => {
  for (const [from, to, spawned, expected] of CASES) {
    it(`classifyBridgeTransition() maps ${from} → ${to} (spawned here: ${spawned}) to ${expected}`, () => {
      assert.equal(classifyBridgeTransition(from, to, spawned), expected);
    });
  }
});

function bridge(id: string, from: string | null, to: string): ClausterEvent {
  return { type: 'bridge', bridge: { id, project: 'app', status: to }, from, to };
}

function clone(id: string, status: string): ClausterEvent {
  return { type: 'clone', job: { id, name: 'repo', status } };
}

describe('createWebhookEventMapper()', () => {
  it('createWebhookEventMapper() reports ready only for bridges it saw spawn', () => {
    const mapper = createWebhookEventMapper();
    const seen = [
      bridge('br-adopted', 'starting', 'running'),
      bridge('br-new', null, 'starting'),
      bridge('br-new', 'starting', 'running'),
      bridge('br-new', 'running', 'crashed'),
    ].map((event) => mapper.map(event));
    assert.deepEqual(seen, [null, 'spawn', 'ready', 'crash']);
  });

  it('createWebhookEventMapper() forgets a bridge once it ended or was removed', () => {
    const mapper = createWebhookEventMapper();
    mapper.map(bridge('br-a', null, 'starting'));
    mapper.map({ type: 'bridge-removed', id: 'br-a' });
    assert.equal(mapper.map(bridge('br-a', 'starting', 'running')), null);
  });

  it('createWebhookEventMapper() reports clone-done once per finished job', () => {
    const mapper = createWebhookEventMapper();
    const seen = [
      clone('c1', 'queued'),
      clone('c1', 'running'),
      clone('c1', 'done'),
      clone('c1', 'done'),
      clone('c2', 'failed'),
      clone('c3', 'cancelled'),
    ].map((event) => mapper.map(event));
    assert.deepEqual(seen, [null, null, 'clone-done', null, 'clone-done', 'clone-done']);
  });

  it('createWebhookEventMapper() ignores warnings, logins and project changes', () => {
    const mapper = createWebhookEventMapper();
    assert.equal(mapper.map({ type: 'warning', code: 'x', message: 'y' }), null);
    assert.equal(mapper.map({ type: 'projects-changed' }), null);
  });
});
