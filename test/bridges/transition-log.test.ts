import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeBridgeEvent,
  describeReadopted,
  subscribeTransitionLog,
} from '../../src/bridges/transition-log.js';
import { type ClausterEvent, createEventBus } from '../../src/events/bus.js';
import { createCapturingLogger } from '../support/auth-app.js';

const URL = 'https://claude.ai/code?environment=env_01FakeAbCdEfGhJkLmNoPq';
const SESSION = 'session_01FakeAbCdEfGhJk';

function bridge(status: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'br-abcdefghijkl',
    project: 'alpha',
    status,
    url: status === 'running' ? URL : null,
    pid: 4242,
    name: `named after ${SESSION}`,
    reason: null,
    advice: null,
    ...extra,
  };
}

function event(from: string | null, to: string, extra: Record<string, unknown> = {}) {
  return { type: 'bridge', bridge: bridge(to, extra), from, to } as ClausterEvent;
}

describe('describeBridgeEvent()', () => {
  const base = { project: 'alpha', bridge_id: 'br-abcdefghijkl', pid: 4242 };
  const cases: Array<[string, ClausterEvent, unknown]> = [
    [
      'a new bridge',
      event(null, 'starting'),
      { level: 'info', message: 'bridge started', fields: { ...base, status: 'starting' } },
    ],
    [
      'an adopted outside bridge',
      event(null, 'running', { adopted: true }),
      { level: 'info', message: 'bridge adopted', fields: { ...base, status: 'running' } },
    ],
    [
      'ready',
      event('starting', 'running'),
      {
        level: 'info',
        message: 'bridge running',
        fields: { ...base, status: 'running', from: 'starting' },
      },
    ],
    [
      'stopped',
      event('running', 'stopped', { pid: null }),
      {
        level: 'info',
        message: 'bridge stopped',
        fields: {
          project: 'alpha',
          bridge_id: 'br-abcdefghijkl',
          status: 'stopped',
          from: 'running',
        },
      },
    ],
    [
      'crashed, with the reason',
      event('starting', 'crashed', { pid: null, reason: 'Error: You must be logged in' }),
      {
        level: 'warn',
        message: 'bridge crashed',
        fields: {
          project: 'alpha',
          bridge_id: 'br-abcdefghijkl',
          status: 'crashed',
          from: 'starting',
          reason: 'Error: You must be logged in',
        },
      },
    ],
    [
      'error, with the reason redacted again',
      event('running', 'error', { reason: `stuck on ${SESSION}` }),
      {
        level: 'warn',
        message: 'bridge error',
        fields: {
          ...base,
          status: 'error',
          from: 'running',
          reason: 'stuck on session_<redacted>',
        },
      },
    ],
    ['no status change (a new URL)', event('running', 'running'), null],
    ['another event', { type: 'projects-changed' }, null],
    ['a removed bridge', { type: 'bridge-removed', id: 'br-abcdefghijkl' }, null],
  ];
  for (const [title, input, expected] of cases) {
    it(`describeBridgeEvent() maps ${title}`, () => {
      assert.deepEqual(describeBridgeEvent(input), expected);
    });
  }

  it('describeBridgeEvent() never carries the connect URL, the name or a session id', () => {
    for (const [, input] of cases) {
      const text = JSON.stringify(describeBridgeEvent(input));
      assert.doesNotMatch(text, /claude\.ai|env_01Fake|session_01Fake|named after/);
    }
  });
});

describe('describeReadopted()', () => {
  it('describeReadopted() logs a running or error bridge, not a starting or ended one', () => {
    assert.deepEqual(describeReadopted(bridge('running')), {
      level: 'info',
      message: 'bridge re-adopted',
      fields: { project: 'alpha', bridge_id: 'br-abcdefghijkl', pid: 4242, status: 'running' },
    });
    assert.equal(describeReadopted(bridge('error'))?.message, 'bridge re-adopted');
    for (const status of ['starting', 'stopped', 'crashed']) {
      assert.equal(describeReadopted(bridge(status)), null, status);
    }
  });
});

describe('subscribeTransitionLog()', () => {
  it('subscribeTransitionLog() logs bus transitions and, once, the bridges recovery kept', () => {
    const bus = createEventBus();
    const logger = createCapturingLogger();
    const log = subscribeTransitionLog(bus, logger);
    bus.publish(event(null, 'starting', { id: 'br-new000000000' }));
    bus.publish(event('starting', 'crashed', { reason: 'Error: You must be logged in' }));
    log.noteRecovered([
      bridge('running', { id: 'br-new000000000' }),
      bridge('running', { id: 'br-old000000000' }),
    ]);
    log.noteRecovered([bridge('running', { id: 'br-old000000000' })]);
    const [started, crashed, readopted, ...rest] = logger.lines;
    assert.match(started ?? '', /^info bridge started .*"bridge_id":"br-new000000000"/);
    assert.match(crashed ?? '', /^warn bridge crashed .*"reason":"Error: You must be logged in"/);
    assert.match(readopted ?? '', /^info bridge re-adopted .*"bridge_id":"br-old000000000"/);
    assert.deepEqual(rest, [], 'a second noteRecovered() logs nothing');
    log.close();
    bus.publish(event('running', 'stopped'));
    assert.equal(logger.lines.length, 3, 'nothing after close()');
  });

  it('subscribeTransitionLog() does not log as re-adopted a bridge whose move recovery logged', () => {
    const bus = createEventBus();
    const logger = createCapturingLogger();
    const log = subscribeTransitionLog(bus, logger);
    // A `starting` record found alive at recovery and judged running: its move is one line.
    bus.publish(event('starting', 'running', { id: 'br-sea000000000' }));
    log.noteRecovered([bridge('running', { id: 'br-sea000000000' })]);
    assert.equal(logger.lines.length, 1, logger.lines.join('\n'));
    assert.match(logger.lines[0] ?? '', /^info bridge running /);
    log.close();
  });
});
