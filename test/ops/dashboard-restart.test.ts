import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkRestart,
  createRestartControl,
  RESTART_EXIT_STATUS,
  readRestartOnExit,
} from '../../src/ops/dashboard-restart.js';
import { createCapturingLogger } from '../support/auth-app.js';

describe('readRestartOnExit()', () => {
  it('readRestartOnExit() enables only on exactly 1 and warns about other values', () => {
    const cases: [string | undefined, boolean, RegExp | null][] = [
      [undefined, false, null],
      ['', false, null],
      ['0', false, null],
      ['1', true, null],
      ['true', false, /CLAUSTER_RESTART_ON_EXIT: expected 1 or 0, found "true"/],
      [' 1', false, /found " 1"/],
      ['x'.repeat(50), false, /found "x{20}…"/],
    ];
    for (const [value, enabled, warning] of cases) {
      const read = readRestartOnExit(
        value === undefined ? {} : { CLAUSTER_RESTART_ON_EXIT: value },
      );
      assert.equal(read.enabled, enabled, String(value));
      if (warning === null) assert.equal(read.warning, null, String(value));
      else assert.match(String(read.warning), warning);
    }
  });
});

describe('checkRestart()', () => {
  it('checkRestart() refuses without a supervisor, naming the variable and the fix', () => {
    const checked = checkRestart({ available: false, activeCloneJobs: 0 });
    assert.equal(checked.ok, false);
    assert.ok(!checked.ok);
    assert.equal(checked.code, 'restart-unsupported');
    assert.match(checked.detail, /CLAUSTER_RESTART_ON_EXIT=1/);
    assert.match(checked.detail, /clauster install-service/);
    assert.match(checked.detail, /restart it by hand/);
  });

  it('checkRestart() refuses while clone jobs run, saying how many', () => {
    const one = checkRestart({ available: true, activeCloneJobs: 1 });
    assert.ok(!one.ok);
    assert.equal(one.code, 'clone-jobs-running');
    assert.match(one.detail, /^1 clone job is still running.*retry after they finish/);
    const three = checkRestart({ available: true, activeCloneJobs: 3 });
    assert.ok(!three.ok);
    assert.match(three.detail, /^3 clone jobs are still running/);
    assert.deepEqual(checkRestart({ available: true, activeCloneJobs: 0 }), {
      ok: true,
      value: undefined,
    });
  });
});

function setup(options: { available?: boolean; jobs?: number; shutdownFails?: boolean } = {}) {
  const events: string[] = [];
  const deferred: (() => void)[] = [];
  const logger = createCapturingLogger();
  const control = createRestartControl(
    {
      available: options.available ?? true,
      activeCloneJobs: () => options.jobs ?? 0,
      shutdown: async () => {
        events.push('shutdown:start');
        await new Promise((resolve) => setImmediate(resolve));
        if (options.shutdownFails) throw new Error('port stuck');
        events.push('shutdown:done');
      },
      exit: (code) => events.push(`exit:${code}`),
    },
    { logger, defer: (task) => deferred.push(task) },
  );
  const runDeferred = async () => {
    for (const task of deferred.splice(0)) task();
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  return { control, events, deferred, logger, runDeferred };
}

describe('createRestartControl()', () => {
  it('createRestartControl() defers the close, then exits 75 after it finished', async () => {
    const { control, events, deferred, runDeferred } = setup();
    assert.equal(control.available, true);
    assert.deepEqual(control.request(), { ok: true, value: { already: false } });
    assert.deepEqual(events, [], 'nothing closes before the request answered');
    assert.equal(deferred.length, 1);
    await runDeferred();
    assert.equal(RESTART_EXIT_STATUS, 75);
    assert.deepEqual(events, ['shutdown:start', 'shutdown:done', 'exit:75']);
  });

  it('createRestartControl() answers a repeated request as already under way, once', async () => {
    const { control, events, deferred, runDeferred } = setup();
    control.request();
    assert.deepEqual(control.request(), { ok: true, value: { already: true } });
    assert.equal(deferred.length, 1);
    await runDeferred();
    assert.deepEqual(control.request(), { ok: true, value: { already: true } });
    assert.deepEqual(events, ['shutdown:start', 'shutdown:done', 'exit:75']);
  });

  it('createRestartControl() refuses and does nothing when unavailable or clones run', async () => {
    for (const options of [{ available: false }, { jobs: 2 }]) {
      const { control, events, deferred } = setup(options);
      const requested = control.request();
      assert.equal(requested.ok, false);
      assert.equal(deferred.length, 0);
      assert.deepEqual(events, []);
    }
    const { control } = setup({ available: false });
    assert.equal(control.available, false);
  });

  it('createRestartControl() logs a failed close and still exits 75', async () => {
    const { control, events, logger, runDeferred } = setup({ shutdownFails: true });
    control.request();
    await runDeferred();
    assert.deepEqual(events, ['shutdown:start', 'exit:75']);
    assert.ok(
      logger.lines.some((line) => /error restart: closing the dashboard failed/.test(line)),
    );
  });
});
