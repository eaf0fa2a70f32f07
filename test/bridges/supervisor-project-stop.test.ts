// requestProjectStop(): a stop by project name stops the project's live bridge, else cancels
// its pending autostart retry in the same step (stop-request.ts), also for a project whose
// autostart start was refused before it had any record.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  autostartSupervisor,
  crashedAutostart,
  useBridgeHarnesses,
} from '../support/bridge-harness.js';
import { waitFor } from '../support/fake-claude.js';

const harness = useBridgeHarnesses();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Supervisor.requestProjectStop()', () => {
  it("stops the project's live bridge, and no retry follows that stop", async () => {
    const h = await harness();
    const s = autostartSupervisor(h, { initialMs: 200, maxMs: 200, stableMs: 60_000 });
    await s.recover();
    await waitFor(() => s.findLive('app')?.status === 'running', 30_000, 10);
    const live = s.findLive('app');
    const stopped = await s.requestProjectStop('app');
    assert.ok(stopped.ok, JSON.stringify(stopped));
    assert.equal(stopped.value.bridge?.id, live?.id);
    assert.equal(stopped.value.bridge?.status, 'stopped');
    assert.equal(stopped.value.autostartCancelled, false);
    await sleep(600); // three backoff delays: an intentional stop schedules nothing
    assert.deepEqual(s.autostartRetries(), []);
    assert.equal(s.findLive('app'), null);
    await s.close();
  });

  it('cancels the retry after a crash, answering with the crashed record; then nothing to stop', async () => {
    const h = await harness({ knobs: { FAKE_CLAUDE_CRASH: 'a' } });
    const { s } = await crashedAutostart(h);
    const stopped = await s.requestProjectStop('app');
    assert.ok(stopped.ok, JSON.stringify(stopped));
    assert.equal(stopped.value.autostartCancelled, true);
    assert.equal(stopped.value.bridge?.status, 'crashed');
    assert.deepEqual(s.autostartRetries(), []);
    const again = await s.requestProjectStop('app');
    assert.equal(again.ok ? 'ok' : again.code, 'nothing-to-stop');
    assert.match(again.ok ? '' : again.detail, /"app" has no live bridge and no pending autostart/);
    await sleep(3000); // the retry was due 2.5 s after the crash
    assert.equal(s.list().length, 1, 'no new bridge after the backoff');
    await s.close();
  });

  it('cancels the retry of a project refused before any record existed (bridge null)', async () => {
    const h = await harness({ trusted: ['repo'] }); // app is not trusted: every start is refused
    // The first attempt after 200 ms, the second 400 ms after it is refused: time for a call.
    const s = autostartSupervisor(h, { initialMs: 200, maxMs: 60_000, stableMs: 60_000 });
    await s.recover();
    await waitFor(() => (s.autostartRetries()[0]?.attempt ?? 0) >= 2, 10_000, 5);
    assert.deepEqual(s.list(), [], 'the refused starts left no record');
    const stopped = await s.requestProjectStop('app');
    assert.deepEqual(stopped, { ok: true, value: { bridge: null, autostartCancelled: true } });
    assert.deepEqual(s.autostartRetries(), []);
    // The audit entry is appended in the background: wait for it.
    const cancelled = async () =>
      (await h.readAudit()).filter((line) => line.action === 'bridge.autostart-cancelled');
    await waitFor(async () => (await cancelled()).length > 0, 10_000, 10);
    assert.deepEqual(
      (await cancelled()).map((line) => [line.project, line.by, line.bridge_id]),
      [['app', 'stop', undefined]],
    );
    await s.close();
  });

  it('refuses a bad name, a project that has nothing to stop, and any once closing began', async () => {
    const h = await harness();
    const s = h.createSupervisor();
    await s.recover();
    const nothing = await s.requestProjectStop('repo');
    assert.equal(nothing.ok ? 'ok' : nothing.code, 'nothing-to-stop');
    const bad = await s.requestProjectStop('../repo');
    assert.equal(bad.ok ? 'ok' : bad.code, 'invalid-project-name');
    await s.close();
    const late = await s.requestProjectStop('repo');
    assert.equal(late.ok ? 'ok' : late.code, 'supervisor-closed');
  });
});

describe('Supervisor.cancelAutostartRetry()', () => {
  it('cancels a pending retry and never signals a live bridge', async () => {
    const h = await harness({ trusted: ['repo'] });
    // The first attempt after 200 ms, the second 400 ms after it is refused: time for a call.
    const s = autostartSupervisor(h, { initialMs: 200, maxMs: 60_000, stableMs: 60_000 });
    await s.recover();
    await waitFor(() => (s.autostartRetries()[0]?.attempt ?? 0) >= 2, 10_000, 5);
    assert.deepEqual(s.cancelAutostartRetry('app'), { ok: true, value: { cancelled: true } });
    assert.deepEqual(s.autostartRetries(), []);
    // Audited as a cancel, not a stop (nothing was signalled); appended in the background.
    const cancelled = async () =>
      (await h.readAudit()).filter((line) => line.action === 'bridge.autostart-cancelled');
    await waitFor(async () => (await cancelled()).length > 0, 10_000, 10);
    assert.deepEqual(
      (await cancelled()).map((line) => [line.project, line.by]),
      [['app', 'cancel']],
    );
    assert.deepEqual(s.cancelAutostartRetry('app'), { ok: true, value: { cancelled: false } });

    const started = await s.start('repo', {});
    assert.ok(started.ok);
    await waitFor(() => s.get(started.value.id)?.status === 'running', 30_000, 10);
    assert.deepEqual(s.cancelAutostartRetry('repo'), { ok: true, value: { cancelled: false } });
    assert.equal(s.findLive('repo')?.status, 'running', 'still running');
    const bad = s.cancelAutostartRetry('a/b');
    assert.equal(bad.ok ? 'ok' : bad.code, 'invalid-project-name');
    await s.stop(started.value.id);
    await s.close();
  });
});
