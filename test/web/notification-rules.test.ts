// The pure decision behind the dashboard's browser notifications (web/src/notification-rules.ts):
// which live bridge transitions notify under which switches, and what the notice says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NotificationSettings } from '../../web/src/contract.js';
import {
  type BridgeTransition,
  classifyTransition,
  describeBridgeNotice,
  shortenReason,
} from '../../web/src/notification-rules.js';

const ALL_ON: NotificationSettings = {
  browser: true,
  on: { crash: true, ready: true, stop: true },
};
const DEFAULTS: NotificationSettings = {
  browser: true,
  on: { crash: true, ready: false, stop: false },
};

function transition(from: string | null, to: string, reason: string | null = null) {
  return {
    bridge: { id: 'br-abcdefghijkl', project: 'demo-app', status: to, reason },
    from,
    to,
  } satisfies BridgeTransition;
}

describe('classifyTransition()', () => {
  const cases: Array<[string | null, string, string | null]> = [
    ['running', 'crashed', 'crash'],
    ['starting', 'crashed', 'crash'],
    ['starting', 'error', 'crash'],
    ['running', 'error', 'crash'],
    [null, 'crashed', 'crash'],
    ['starting', 'running', 'ready'],
    ['error', 'running', null],
    [null, 'running', null],
    ['running', 'stopped', 'stop'],
    ['starting', 'stopped', 'stop'],
    ['error', 'stopped', 'stop'],
    [null, 'starting', null],
    ['stopped', 'starting', null],
    ['crashed', 'crashed', null],
    ['running', 'running', null],
    ['stopped', 'stopped', null],
  ];
  for (const [from, to, kind] of cases) {
    it(`classifyTransition() maps ${from} → ${to} to ${kind}`, () => {
      assert.equal(classifyTransition(from, to), kind);
    });
  }
});

describe('shortenReason()', () => {
  it('shortenReason() folds whitespace and cuts long text with an ellipsis', () => {
    assert.equal(shortenReason('  Error:\n  boom \t now '), 'Error: boom now');
    const long = shortenReason('x'.repeat(500));
    assert.equal(long.length, 160);
    assert.ok(long.endsWith('…'));
  });
});

describe('describeBridgeNotice()', () => {
  it('describeBridgeNotice() names the project and the reason of a crash, tagged by project', () => {
    const notice = describeBridgeNotice(
      transition('running', 'crashed', 'Error: Environment [REDACTED] not found.'),
      DEFAULTS,
    );
    assert.deepEqual(notice, {
      kind: 'crash',
      title: 'demo-app: crashed',
      body: 'Error: Environment [REDACTED] not found.',
      tag: 'project:demo-app',
    });
  });

  it('describeBridgeNotice() tags every bridge of a project alike (a crash loop keeps one notice)', () => {
    const first = describeBridgeNotice(transition('running', 'crashed'), DEFAULTS);
    const retried = transition('starting', 'crashed');
    retried.bridge.id = 'br-mnopqrstuvwx';
    const second = describeBridgeNotice(retried, DEFAULTS);
    assert.equal(second?.tag, first?.tag);
  });

  it('describeBridgeNotice() titles an error bridge and falls back to a generic body', () => {
    const notice = describeBridgeNotice(transition('starting', 'error'), DEFAULTS);
    assert.equal(notice?.title, 'demo-app: error');
    assert.equal(notice?.body, 'The bridge ended unexpectedly.');
  });

  it('describeBridgeNotice() follows the default switches: crash only', () => {
    assert.equal(describeBridgeNotice(transition('starting', 'running'), DEFAULTS), null);
    assert.equal(describeBridgeNotice(transition('running', 'stopped', 'stopped'), DEFAULTS), null);
  });

  it('describeBridgeNotice() announces ready and stop when switched on, never the URL', () => {
    const ready = describeBridgeNotice(transition('starting', 'running', 'ignored'), ALL_ON);
    assert.equal(ready?.title, 'demo-app: ready');
    assert.equal(ready?.body, 'The bridge is running and reachable from Claude.');
    const stop = describeBridgeNotice(
      transition('running', 'stopped', 'stopped by request'),
      ALL_ON,
    );
    assert.equal(stop?.title, 'demo-app: stopped');
    assert.equal(stop?.body, 'stopped by request');
  });

  it('describeBridgeNotice() gives nothing without browser_enabled or settings', () => {
    const crash = transition('running', 'crashed', 'boom');
    assert.equal(describeBridgeNotice(crash, { ...ALL_ON, browser: false }), null);
    assert.equal(describeBridgeNotice(crash, null), null);
    assert.equal(describeBridgeNotice(crash, undefined), null);
    const crashOff = { browser: true, on: { crash: false, ready: true, stop: true } };
    assert.equal(describeBridgeNotice(crash, crashOff), null);
  });
});
