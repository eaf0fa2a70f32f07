import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { createClaudeVersionProbe } from '../../src/claude/version-probe.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Spawn } from '../../src/system/ports.js';
import { createTestClock } from '../support/auth-app.js';
import { FAKE_CLAUDE_PATH, waitFor } from '../support/fake-claude.js';

const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

/** The real spawn (running the fake claude), counting calls. */
function countingSpawn(): { spawn: Spawn; calls(): number } {
  const real = createNodeDeps(ENV).spawn;
  let calls = 0;
  return {
    spawn: (file, args, options) => {
      calls += 1;
      return real(file, args, options);
    },
    calls: () => calls,
  };
}

describe('createClaudeVersionProbe()', () => {
  it('createClaudeVersionProbe() reads the version once for concurrent callers (single-flight)', async () => {
    const counter = countingSpawn();
    const clock = createTestClock();
    const probe = createClaudeVersionProbe(
      { binary: FAKE_CLAUDE_PATH, env: ENV },
      { spawn: counter.spawn, fs: fsp, clock },
    );
    const results = await Promise.all([probe.read(), probe.read(), probe.read()]);
    assert.deepEqual(results, ['2.1.197', '2.1.197', '2.1.197']);
    assert.equal(await probe.read(), '2.1.197');
    assert.equal(counter.calls(), 1);
  });

  it('createClaudeVersionProbe() serves the stale value while it refreshes in the background', async () => {
    const counter = countingSpawn();
    const clock = createTestClock();
    const env: Record<string, string> = { ...ENV, FAKE_CLAUDE_VERSION: '2.1.200' };
    const probe = createClaudeVersionProbe(
      { binary: FAKE_CLAUDE_PATH, env, ttlMs: 1000 },
      { spawn: counter.spawn, fs: fsp, clock },
    );
    assert.equal(await probe.read(), '2.1.200');
    env.FAKE_CLAUDE_VERSION = '2.1.201';
    assert.equal(await probe.read(), '2.1.200', 'fresh: no new probe');
    clock.advance(1001);
    assert.equal(await probe.read(), '2.1.200', 'stale: served at once');
    await waitFor(async () => (await probe.read()) === '2.1.201', 20_000, 50);
    assert.equal(counter.calls(), 2);
  });

  it('createClaudeVersionProbe() answers null for a missing binary, a hang or bad output', async () => {
    const clock = createTestClock();
    const deps = { spawn: createNodeDeps(ENV).spawn, fs: fsp, clock };
    const missing = createClaudeVersionProbe({ binary: 'no-such-claude-binary', env: ENV }, deps);
    assert.equal(await missing.read(), null);
    const hanging = createClaudeVersionProbe(
      { binary: FAKE_CLAUDE_PATH, env: { ...ENV, FAKE_CLAUDE_VERSION_HANG: '1' }, timeoutMs: 500 },
      deps,
    );
    assert.equal(await hanging.read(), null);
    const odd = createClaudeVersionProbe(
      { binary: FAKE_CLAUDE_PATH, env: { ...ENV, FAKE_CLAUDE_VERSION: 'banana' } },
      deps,
    );
    assert.equal(await odd.read(), null);
  });
});
