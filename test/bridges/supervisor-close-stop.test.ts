// Closing the supervisor (SIGTERM, a restart) while a stop is in flight: close() lets the stop
// end as a normal stop does (SIGINT, the grace, SIGKILL of the group) and writes its `stopped`
// record before closing, bounded by closeStopWaitMs; a stop asked for after closing began is
// refused without signalling anything.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type BridgeHarness, useBridgeHarnesses } from '../support/bridge-harness.js';
import { waitForFile } from '../support/fake-claude.js';

const harness = useBridgeHarnesses();

async function readRecord(h: BridgeHarness, id: string): Promise<Record<string, unknown>> {
  const doc = JSON.parse(await fs.readFile(join(h.stateDir, 'bridges.json'), 'utf8'));
  return doc.bridges.find((record: { id: string }) => record.id === id);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** A bridge that ignores SIGINT and SIGTERM (crash mode f), its signal handlers installed. */
async function startHungBridge(h: BridgeHarness): Promise<{ id: string; pid: number }> {
  const started = await h.supervisor.start('app', {});
  assert.ok(started.ok, started.ok ? '' : started.detail);
  const debugLog = join(h.stateDir, 'logs', started.value.id, 'debug.log');
  await waitForFile(debugLog, 15_000, (text) => text.includes('Acquired PID lock'));
  return { id: started.value.id, pid: started.value.pid as number };
}

describe('createSupervisor() close() during a stop', () => {
  it('close() waits for a stop in flight: the group is SIGKILLed and `stopped` is on disk', async () => {
    const h = await harness({
      knobs: { FAKE_CLAUDE_CRASH: 'f' },
      supervisor: { stopGraceMs: 600 },
    });
    const { id, pid } = await startHungBridge(h);

    const stopping = h.supervisor.stop(id);
    const began = Date.now();
    const closing = h.supervisor.close();
    // Asked for once closing began: refused, nothing half-applied.
    const late = await h.supervisor.stop(id);
    assert.equal(late.ok, false);
    assert.equal(late.ok ? '' : late.code, 'supervisor-closed');
    assert.match(late.ok ? '' : late.detail, /shutting down; the stop already under way finishes/);
    await closing;
    assert.ok(Date.now() - began >= 500, 'close() returned before the stop grace ran out');

    const stopped = await stopping;
    assert.ok(stopped.ok);
    assert.equal(stopped.value.status, 'stopped');
    const record = await readRecord(h, id);
    assert.equal(record.status, 'stopped');
    assert.equal(record.pid, null);
    assert.match(String(record.reason), /killed the process group with SIGKILL/);
    assert.equal(groupAlive(pid), false, 'the bridge process group is still alive');
    const actions = (await h.readAudit()).map((line) => line.action);
    assert.ok(actions.includes('bridge.stopped'), actions.join(', '));
  });

  it('close() waits no longer than closeStopWaitMs; the stop stays requested on disk', async () => {
    const h = await harness({
      knobs: { FAKE_CLAUDE_CRASH: 'f' },
      supervisor: { stopGraceMs: 20_000, closeStopWaitMs: 300 },
    });
    const { id } = await startHungBridge(h);
    void h.supervisor.stop(id);
    const began = Date.now();
    await h.supervisor.close();
    assert.ok(Date.now() - began < 10_000, 'close() outlived its stop wait');
    const record = await readRecord(h, id);
    // The next start resumes it (supervisor-resumed-stop.test.ts).
    assert.equal(record.intentional_stop, true);
    assert.notEqual(record.status, 'stopped');
  });

  it('a stop asked for after close() began signals nothing', async () => {
    const h = await harness({ knobs: { FAKE_CLAUDE_CRASH: 'f' } });
    const { id, pid } = await startHungBridge(h);
    const closing = h.supervisor.close();
    const refused = await h.supervisor.stop(id);
    await closing;
    assert.equal(refused.ok ? '' : refused.code, 'supervisor-closed');
    assert.match(refused.ok ? '' : refused.detail, /nothing was signalled/);
    assert.equal(groupAlive(pid), true);
    const record = await readRecord(h, id);
    assert.notEqual(record.intentional_stop, true);
    const actions = (await h.readAudit()).map((line) => line.action);
    assert.ok(!actions.includes('bridge.stop-requested'), actions.join(', '));
  });

  it('a forget asked for once close() began is refused and the record stays on disk', async () => {
    const h = await harness({ knobs: { FAKE_CLAUDE_CRASH: 'a' } });
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok, started.ok ? '' : started.detail);
    const id = started.value.id;
    await h.waitForStatus(id, 'crashed');
    await h.supervisor.close();
    const refused = await h.supervisor.forget(id);
    assert.equal(refused.ok ? '' : refused.code, 'supervisor-closed');
    assert.match(refused.ok ? '' : refused.detail, /forget it again once it is back/);
    assert.equal(h.supervisor.get(id)?.status, 'crashed', 'still listed');
    assert.equal((await readRecord(h, id))?.status, 'crashed', 'still in bridges.json');
    const actions = (await h.readAudit()).map((line) => line.action);
    assert.ok(!actions.includes('bridge.forget'), actions.join(', '));
  });
});
