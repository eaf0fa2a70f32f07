import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { LogFiles } from '../../src/bridges/bridge-launch.js';
import { type Observation, watchBridgeOutput } from '../../src/bridges/bridge-watch.js';
import { isSameBridgeProcess, watchProcessExit } from '../../src/bridges/process-exit.js';
import { watchPath } from '../../src/system/file-watch.js';
import type { Processes, ProcessIdentity, WatchPath } from '../../src/system/ports.js';
import { createCountingFs } from '../support/counting-fs.js';
import { waitFor } from '../support/fake-claude.js';
import { makeTempDir } from '../support/temp.js';

const URL = 'https://claude.ai/code?environment=env_01FakeAbCdEfGhJkMnPqRsTu';
const temps: Array<{ cleanup(): Promise<void> }> = [];
after(async () => {
  for (const temp of temps) await temp.cleanup();
});

async function makeLogs(): Promise<LogFiles> {
  const temp = await makeTempDir('clauster-watch-');
  temps.push(temp);
  const logs = {
    dir: temp.path,
    debug: join(temp.path, 'debug.log'),
    stdout: join(temp.path, 'stdout.log'),
    stderr: join(temp.path, 'stderr.log'),
  };
  for (const file of [logs.debug, logs.stdout, logs.stderr]) await fsp.writeFile(file, '');
  return logs;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Awaits `promise` while a referenced timer keeps the loop alive (the watchers' are unref'd). */
async function settle<T>(promise: Promise<T>, timeoutMs = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('watchBridgeOutput()', () => {
  it('watchBridgeOutput() sees a URL written to stdout at once through the watcher, not the poll', async () => {
    const logs = await makeLogs();
    const seen: Observation[] = [];
    const watch = watchBridgeOutput(
      logs,
      { onObservation: (o) => seen.push(o), eager: () => true },
      { eagerPollMs: 600_000, calmPollMs: 600_000 },
      { fs: createCountingFs().fs, watch: watchPath },
    );
    try {
      await sleep(50);
      await fsp.appendFile(logs.stdout, `\x1b[2K·|· Connecting\n… or ${URL}\n`);
      // The poll would come after 10 minutes: only the watcher can report this in time.
      const withUrl = await waitFor(() => seen.find((o) => o.url === URL), 10_000);
      assert.equal(withUrl.lastLine, `… or ${URL}`);
    } finally {
      watch.stop();
    }
  });

  it('watchBridgeOutput() leaves idle watched logs alone once calm and reads a burst of changes once', async () => {
    const logs = await makeLogs();
    await fsp.writeFile(logs.stdout, `… or ${URL}\n`);
    const changes: Array<() => void> = [];
    const fakeWatch: WatchPath = (_path, onChange) => {
      changes.push(onChange);
      return { close: () => {} };
    };
    const counting = createCountingFs();
    let eager = true;
    const seen: Observation[] = [];
    const watch = watchBridgeOutput(
      logs,
      {
        onObservation: (o) => {
          seen.push(o);
          if (o.url !== null) eager = false; // what the supervisor does once running
        },
        eager: () => eager,
      },
      { eagerPollMs: 20, calmPollMs: 20, safetyPollMs: 600_000, calmGapMs: 100 },
      { fs: counting.fs, watch: fakeWatch },
    );
    try {
      await waitFor(() => !eager, 10_000);
      assert.equal(changes.length, 1, 'one watcher for the log directory');
      counting.reset();
      const before = seen.length;
      await sleep(400);
      assert.equal(counting.calls.size, 0, 'no stat, no open while nothing changes');
      assert.equal(seen.length, before, 'no poll while calm and watched');

      const next = 'https://claude.ai/code/session_01FakeAbCdEfGhJkMnPqRsTu';
      await fsp.appendFile(logs.stdout, `… or ${next}\n`);
      for (let i = 0; i < 5; i += 1) changes[0]?.();
      await waitFor(() => seen.find((o) => o.url === next), 10_000);
      await sleep(300);
      assert.equal(seen.length, before + 1, 'a burst of change events is read once');
      assert.equal(counting.count('open'), 1, 'only stdout.log grew');
    } finally {
      watch.stop();
    }
  });

  it('watchBridgeOutput() polls calm logs when it cannot watch them, with one stat per file', async () => {
    const logs = await makeLogs();
    const counting = createCountingFs();
    const seen: Observation[] = [];
    const failing: WatchPath = () => {
      throw new Error('no watch left');
    };
    const watch = watchBridgeOutput(
      logs,
      { onObservation: (o) => seen.push(o), eager: () => false },
      { eagerPollMs: 600_000, calmPollMs: 20, safetyPollMs: 600_000 },
      { fs: counting.fs, watch: failing },
    );
    try {
      await waitFor(() => seen.length >= 10, 10_000);
      assert.equal(counting.count('open'), 0, 'empty logs are never opened');
      assert.ok(counting.count('stat') <= 2 * seen.length + 2, 'one stat per file per poll');
      assert.equal(seen.at(-1), seen[0], 'an unchanged log is not parsed again');
    } finally {
      watch.stop();
    }
  });

  it('watchBridgeOutput() takes the URL from the debug log once the poll loop started', async () => {
    const logs = await makeLogs();
    const watch = watchBridgeOutput(
      logs,
      { onObservation: () => {}, eager: () => false },
      { eagerPollMs: 600_000, calmPollMs: 600_000 },
      { fs: createCountingFs().fs },
    );
    try {
      await fsp.writeFile(
        logs.debug,
        [
          '2026-01-01T00:00:00.000Z [DEBUG] [bridge:init] environment_id=env_01FakeAbCdEfGhJkMnPqRsTu',
          '2026-01-01T00:00:00.001Z [DEBUG] [bridge:work] Starting poll loop',
          '',
        ].join('\n'),
      );
      assert.equal((await watch.poll()).url, URL);
    } finally {
      watch.stop();
    }
  });
});

function fakeProcesses(identity: ProcessIdentity): Processes & {
  alive: boolean;
  signals: number;
  identities: number;
} {
  const fake = {
    alive: true,
    signals: 0,
    identities: 0,
    signal: () => {
      fake.signals += 1;
      return fake.alive;
    },
    identity: async () => {
      fake.identities += 1;
      return fake.alive ? identity : null;
    },
    placement: async () => null,
  };
  return fake;
}

const IDENTITY: ProcessIdentity = {
  pid: 4242,
  startTicks: 99,
  bootId: 'boot',
  cmdline: ['claude', 'remote-control'],
};
const EXPECTED = { pid: 4242, proc_start_ticks: 99, boot_id: 'boot' };

describe('watchProcessExit()', () => {
  it('watchProcessExit() probes with signal 0 and reads /proc identity only every few seconds', async () => {
    const processes = fakeProcesses(IDENTITY);
    const watch = watchProcessExit(EXPECTED, 10, { processes });
    await waitFor(() => processes.signals >= 20, 10_000);
    assert.ok(processes.identities <= 2, `identity read ${processes.identities} times`);
    processes.alive = false;
    assert.equal(await settle(watch.exited), 'gone');
  });

  it('watchProcessExit() reports a pid that now names another process as recycled', async () => {
    const processes = fakeProcesses({ ...IDENTITY, startTicks: 100 });
    const watch = watchProcessExit(EXPECTED, 10, { processes });
    assert.equal(await settle(watch.exited), 'recycled');
  });
});

describe('isSameBridgeProcess()', () => {
  it('isSameBridgeProcess() needs a bridge subcommand, not the words in a path or flag', () => {
    assert.equal(isSameBridgeProcess(IDENTITY, EXPECTED), true);
    assert.equal(isSameBridgeProcess({ ...IDENTITY, cmdline: ['claude', 'rc'] }, EXPECTED), true);
    for (const cmdline of [['/opt/remote-control/app'], ['claude', '--remote-control']]) {
      assert.equal(isSameBridgeProcess({ ...IDENTITY, cmdline }, EXPECTED), false);
    }
  });
});
