// How the supervisor paces its observation of bridges: a starting bridge is seen through
// fs.watch on its log directory (not the fallback poll), a running one is left alone until
// something happens, and an exit is reported by the child's exit promise at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useBridgeHarnesses } from '../support/bridge-harness.js';

const createHarness = useBridgeHarnesses();

const TEN_MINUTES = 600_000;

describe('createSupervisor() pacing', () => {
  it('start() reaches running through the log-directory watcher, without waiting for a poll', async () => {
    const h = await createHarness({
      supervisor: {
        pollIntervalMs: TEN_MINUTES,
        runningPollIntervalMs: TEN_MINUTES,
        livenessIntervalMs: TEN_MINUTES,
      },
    });
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok, JSON.stringify(started));
    // With polls ten minutes apart, only the watcher can report the URL in time.
    await h.waitForStatus(started.value.id, 'running', 30_000);
    assert.match(h.supervisor.get(started.value.id)?.url ?? '', /^https:\/\/claude\.ai\/code/);

    // The exit of our own child is seen through its exit promise, not a poll.
    process.kill(started.value.pid as number, 'SIGKILL');
    await h.waitForStatus(started.value.id, 'crashed', 30_000);
    assert.match(h.supervisor.get(started.value.id)?.reason ?? '', /SIGKILL/);
  });
});
