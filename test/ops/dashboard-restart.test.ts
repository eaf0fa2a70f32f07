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

type Shutdown = 'ok' | 'fails' | 'hangs';

function setup(
  options: { available?: boolean; jobs?: number; shutdown?: Shutdown; fallbackMs?: number } = {},
) {
  const events: string[] = [];
  const logger = createCapturingLogger();
  let exited = (): void => {};
  const exit = new Promise<void>((resolve) => (exited = resolve));
  const control = createRestartControl(
    {
      available: options.available ?? true,
      activeCloneJobs: () => options.jobs ?? 0,
      shutdown: async () => {
        events.push('shutdown:start');
        await new Promise((resolve) => setImmediate(resolve));
        if (options.shutdown === 'fails') throw new Error('port stuck');
        if (options.shutdown === 'hangs') await new Promise(() => {});
        events.push('shutdown:done');
      },
      exit: (code) => {
        events.push(`exit:${code}`);
        exited();
      },
      deadlineMs: 100,
      ...(options.fallbackMs === undefined ? {} : { beginFallbackMs: options.fallbackMs }),
    },
    { logger },
  );
  const settle = async () => {
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  return { control, events, exit, logger, settle };
}

describe('createRestartControl()', () => {
  it('createRestartControl() claims on request() and closes only on begin(), then exits 75', async () => {
    const { control, events, exit, settle } = setup();
    assert.equal(control.available, true);
    assert.deepEqual(control.request(), { ok: true, value: { already: false } });
    await settle();
    assert.deepEqual(events, [], 'nothing closes before the caller answered');
    control.begin();
    await exit;
    assert.equal(RESTART_EXIT_STATUS, 75);
    assert.deepEqual(events, ['shutdown:start', 'shutdown:done', 'exit:75']);
  });

  it('createRestartControl() answers a repeated request as already under way, once', async () => {
    const { control, events, exit } = setup();
    control.request();
    assert.deepEqual(control.request(), { ok: true, value: { already: true } });
    control.begin();
    control.begin();
    await exit;
    assert.deepEqual(control.request(), { ok: true, value: { already: true } });
    assert.deepEqual(events, ['shutdown:start', 'shutdown:done', 'exit:75']);
  });

  it('createRestartControl() begin() without a claim, or after release(), does nothing', async () => {
    const { control, events, settle } = setup();
    control.begin();
    control.request();
    control.release();
    control.begin();
    await settle();
    assert.deepEqual(events, []);
    assert.deepEqual(control.request(), { ok: true, value: { already: false } });
  });

  it('createRestartControl() refuses and does nothing when unavailable or clones run', async () => {
    for (const options of [{ available: false }, { jobs: 2 }]) {
      const { control, events, settle } = setup(options);
      const requested = control.request();
      assert.equal(requested.ok, false);
      control.begin();
      await settle();
      assert.deepEqual(events, []);
    }
    const { control } = setup({ available: false });
    assert.equal(control.available, false);
  });

  it('createRestartControl() logs a failed close and still exits 75', async () => {
    const { control, events, exit, logger } = setup({ shutdown: 'fails' });
    control.request();
    control.begin();
    await exit;
    assert.deepEqual(events, ['shutdown:start', 'exit:75']);
    assert.ok(
      logger.lines.some((line) => /error restart: closing the dashboard failed/.test(line)),
    );
  });

  it('createRestartControl() exits 75 at the deadline when the close hangs', async () => {
    const { control, events, exit, logger } = setup({ shutdown: 'hangs' });
    control.request();
    const begun = Date.now();
    control.begin();
    await exit;
    assert.ok(Date.now() - begun >= 90, 'not before the deadline');
    assert.deepEqual(events, ['shutdown:start', 'exit:75']);
    assert.ok(
      logger.lines.some((line) =>
        /error restart: closing the dashboard did not finish within 100 ms; exiting anyway/.test(
          line,
        ),
      ),
    );
  });

  it('createRestartControl() begins by itself when begin() never comes (the answer never went out)', async () => {
    const { control, events, exit } = setup({ fallbackMs: 50 });
    const claimed = Date.now();
    control.request();
    control.confirm();
    control.confirm(); // once armed, a second confirm() changes nothing
    await exit;
    assert.ok(Date.now() - claimed >= 40, 'not before the fallback');
    assert.deepEqual(events, ['shutdown:start', 'shutdown:done', 'exit:75']);
    assert.deepEqual(control.request(), { ok: true, value: { already: true } });
  });

  it('createRestartControl() fallback does nothing after begin() or release()', async () => {
    const begun = setup({ fallbackMs: 30 });
    begun.control.request();
    begun.control.confirm();
    begun.control.begin();
    await begun.exit;
    const released = setup({ fallbackMs: 30 });
    released.control.request();
    released.control.confirm();
    released.control.release();
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.deepEqual(begun.events, ['shutdown:start', 'shutdown:done', 'exit:75'], 'once');
    assert.deepEqual(released.events, [], 'a claim given back restarts nothing');
  });

  it('createRestartControl() arms no fallback before confirm() (the audit entry is not written yet)', async () => {
    const { control, events } = setup({ fallbackMs: 20 });
    control.request();
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.deepEqual(events, [], 'an unconfirmed claim never begins by itself');
    control.confirm(); // a confirm() without a claim arms nothing either
    control.release();
    control.confirm();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(events, []);
  });
});
