// A stop cut short by a dashboard kill (intentional_stop saved, the bridge not yet ended):
// recover() resumes it (SIGINT, grace, SIGKILL of the group) for a live bridge, and records a
// dead one as stopped with the stop's reason, never as a crash.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeProcesses } from '../../src/system/node.js';
import { type BridgeHarness, useBridgeHarnesses } from '../support/bridge-harness.js';
import { waitFor, waitForFile } from '../support/fake-claude.js';

const harness = useBridgeHarnesses();

/** Rewrites bridges.json as a dashboard killed right after saving a stop request leaves it. */
async function markStopRequested(h: BridgeHarness, id: string): Promise<void> {
  const path = join(h.stateDir, 'bridges.json');
  const doc = JSON.parse(await fs.readFile(path, 'utf8'));
  for (const record of doc.bridges) if (record.id === id) record.intentional_stop = true;
  await fs.writeFile(path, JSON.stringify(doc));
}

describe('createSupervisor() resuming a stop after a dashboard restart', () => {
  it('recover() resumes the stop of a live bridge and SIGKILLs its group after the grace', async () => {
    // Crash mode f ignores SIGINT and SIGTERM: only the SIGKILL after the grace ends it.
    const h = await harness({ knobs: { FAKE_CLAUDE_CRASH: 'f' } });
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok, started.ok ? '' : started.detail);
    const pid = started.value.pid as number;
    // Its signal handlers are installed once it got this far.
    const debugLog = join(h.stateDir, 'logs', started.value.id, 'debug.log');
    await waitForFile(debugLog, 15_000, (text) => text.includes('Acquired PID lock'));
    await h.supervisor.close();
    await markStopRequested(h, started.value.id);

    const restarted = h.createSupervisor({ stopGraceMs: 300 });
    await restarted.recover();
    await h.waitForStatus(started.value.id, 'stopped', 15_000, restarted);
    assert.match(
      restarted.get(started.value.id)?.reason ?? '',
      /did not exit within 0\.3 s of SIGINT; killed the process group with SIGKILL/,
    );
    await waitFor(async () => (await nodeProcesses.identity(pid)) === null, 10_000);
    const actions = (await h.readAudit()).map((line) => line.action);
    assert.ok(actions.includes('bridge.stop-resumed'), actions.join(', '));
    await restarted.close();
  });

  it('recover() records a bridge that ended after its stop was requested as stopped, not crashed', async () => {
    const h = await harness();
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok, started.ok ? '' : started.detail);
    await h.waitForStatus(started.value.id, 'running');
    const pid = started.value.pid as number;
    await h.supervisor.close();
    await markStopRequested(h, started.value.id);
    process.kill(-pid, 'SIGKILL');
    await waitFor(async () => (await nodeProcesses.identity(pid)) === null, 10_000);

    const before = h.events.length;
    const restarted = h.createSupervisor();
    await restarted.recover();
    const bridge = restarted.get(started.value.id);
    assert.equal(bridge?.status, 'stopped');
    assert.match(bridge?.reason ?? '', /stop was requested before the dashboard restarted/);
    const crashes = h.events.slice(before).filter((e) => e.type === 'bridge' && e.to === 'crashed');
    assert.equal(crashes.length, 0);
    await restarted.close();
  });
});
