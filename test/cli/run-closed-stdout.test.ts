// `clauster run | true`: the real bin/clauster.js in a child process (temp HOME, port 0, the
// fake claude) whose stdout reader is gone before the "serving" line is written. The dashboard
// must keep serving (its URL read from the `listening` log line on stderr) and SIGTERM must
// then close it normally: exit 0 and no instance.lock left behind, never exit 141.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeDashboardWorld, useDashboardProcesses } from '../support/dashboard-process.js';
import { waitFor } from '../support/fake-claude.js';
import { FAST_FAKE_CLAUDE_KNOBS } from '../support/fake-claude-process.js';

const dashboards = useDashboardProcesses();

describe('clauster run with a closed stdout', () => {
  it('clauster run keeps serving when its stdout reader goes away, and SIGTERM closes it cleanly', {
    timeout: 120_000,
  }, async () => {
    const world = await makeDashboardWorld([], {
      trusted: false,
      knobs: FAST_FAKE_CLAUDE_KNOBS,
      lines: ['port: 0'],
    });
    try {
      const env = { ...world.env, CLAUSTER_CONFIG: world.configPath };
      const dashboard = dashboards.spawn(['run'], { env, cwd: world.root });
      // The reader leaves at once, as `| true` does: the "serving" line meets a closed pipe.
      dashboard.child.stdout?.destroy();
      let url = '';
      await waitFor(() => {
        const match = /listening url=(http:\/\/127\.0\.0\.1:\d+)/.exec(dashboard.stderr());
        url = match?.[1] ?? '';
        return url !== '' || dashboard.child.exitCode !== null;
      }, 60_000);
      assert.notEqual(url, '', `no listening line: ${dashboard.output()}`);
      // Give the failed write time to end the process, were that still the behaviour.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const health = await fetch(`${url}/healthz`);
      assert.equal(health.status, 200);
      assert.equal(dashboard.child.exitCode, null);

      dashboard.child.kill('SIGTERM');
      assert.deepEqual(await dashboard.exited(), { code: 0, signal: null });
      await assert.rejects(stat(join(world.stateDir, 'instance.lock')), /ENOENT/);
    } finally {
      await world.cleanup();
    }
  });
});
