// Stopping an adopted bridge (stop-tracked.ts, bridge-stop.ts) with a fake Processes port:
// which signals a stop sends (group or pid alone), the re-check before SIGKILL, the stored
// reason, and an adopted record after a dashboard restart.
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildEnvironmentUrl } from '../../src/bridges/url.js';
import {
  ENV_ID,
  makeAdoptWorld,
  OTHER_PID,
  PID,
  TICKS,
  type WorldOptions,
} from '../support/adopt-world.js';
import { waitFor } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';

const root = useTempDir('clauster-adopt-stop-');

async function adoptIn(options: WorldOptions) {
  const w = await makeAdoptWorld(root.path, options);
  const adopted = await w.supervisor.adopt('app');
  assert.ok(adopted.ok, adopted.ok ? '' : adopted.detail);
  return { w, id: adopted.value.id };
}

describe('Supervisor.stop() of an adopted bridge', () => {
  const cases: Array<[string, number, boolean]> = [
    ['signals the process group it leads', PID, true],
    ['signals the pid alone when another process leads its group', OTHER_PID, false],
  ];
  for (const [title, pgid, group] of cases) {
    it(`stop() ${title}`, async () => {
      const { w, id } = await adoptIn({ process: { pgid } });
      const stopped = await w.supervisor.stop(id);
      assert.ok(stopped.ok);
      assert.deepEqual([stopped.value.status, stopped.value.reason], ['stopped', null]);
      assert.deepEqual(w.signals, [[PID, 'SIGINT', group]]);
      await w.supervisor.close();
    });
  }

  it('stop() signals the pid alone when the group was read from another process', async () => {
    const { w, id } = await adoptIn({});
    const entry = w.table.get(PID);
    assert.ok(entry);
    // Same pgid, but the /proc read that gave it had other start ticks than the record.
    entry.placementTicks = TICKS + 1;
    assert.ok((await w.supervisor.stop(id)).ok);
    assert.deepEqual(w.signals, [[PID, 'SIGINT', false]]);
    await w.supervisor.close();
  });

  it('stop() escalates to SIGKILL of the pid alone and says so in the reason', async () => {
    const { w, id } = await adoptIn({ process: { pgid: OTHER_PID, ignoresSigint: true } });
    const stopped = await w.supervisor.stop(id);
    assert.ok(stopped.ok);
    assert.equal(stopped.value.status, 'stopped');
    assert.deepEqual(w.signals, [
      [PID, 'SIGINT', false],
      [PID, 'SIGKILL', false],
    ]);
    const reason = stopped.value.reason ?? '';
    assert.match(reason, /^did not exit within 0\.2 s of SIGINT; killed the process alone/);
    assert.doesNotMatch(reason, /killed the process group/);
    await w.supervisor.close();
  });

  it('stop() words the reason by the group when a leader ignores SIGINT', async () => {
    const { w, id } = await adoptIn({ process: { ignoresSigint: true } });
    const stopped = await w.supervisor.stop(id);
    assert.ok(stopped.ok);
    assert.match(stopped.value.reason ?? '', /killed the process group with SIGKILL/);
    assert.deepEqual(w.signals.at(-1), [PID, 'SIGKILL', true]);
    await w.supervisor.close();
  });

  it('stop() never SIGKILLs a pid that was reused during the grace', async () => {
    const { w, id } = await adoptIn({ process: { pgid: OTHER_PID, replacedOnSigint: true } });
    const entry = w.table.get(PID);
    assert.ok(entry);
    // The program that took the pid ends later by itself; then the watch sees the pid gone.
    const ends = setTimeout(() => {
      entry.alive = false;
    }, 600);
    const stopped = await w.supervisor.stop(id);
    clearTimeout(ends);
    assert.ok(stopped.ok);
    assert.equal(stopped.value.status, 'stopped');
    assert.deepEqual(w.signals, [[PID, 'SIGINT', false]]);
    await w.supervisor.close();
  });
});

describe('Supervisor.recover() of an adopted record', () => {
  it('recover() brings it back adopted and running; stop() then spares a group it does not lead', async () => {
    const { w, id } = await adoptIn({ process: { pgid: OTHER_PID } });
    await w.supervisor.close();
    const restarted = w.createSupervisor();
    await restarted.recover();
    const back = restarted.get(id);
    assert.deepEqual([back?.status, back?.adopted, back?.pid], ['running', true, PID]);
    const stopped = await restarted.stop(id);
    assert.ok(stopped.ok);
    assert.equal(stopped.value.status, 'stopped');
    assert.deepEqual(w.signals, [[PID, 'SIGINT', false]]);
    await restarted.close();
  });

  it("recover() does not watch an adopted bridge's logs (clauster never writes them)", async () => {
    const { w, id } = await adoptIn({});
    await w.supervisor.close();
    const other = buildEnvironmentUrl('env_01FakeOtherxxxxxxxxxxxx') as string;
    await fsp.appendFile(join(w.stateDir, 'logs', id, 'stdout.log'), `Connect: ${other}\n`);
    const restarted = w.createSupervisor();
    await restarted.recover();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(restarted.get(id)?.url, buildEnvironmentUrl(ENV_ID));
    await restarted.close();
  });

  it('recover() of an adopted bridge that ended by itself never signals its group', async () => {
    const { w, id } = await adoptIn({});
    await w.supervisor.close();
    const entry = w.table.get(PID);
    assert.ok(entry);
    entry.alive = false;
    const restarted = w.createSupervisor();
    await restarted.recover();
    await waitFor(() => restarted.get(id)?.status === 'crashed', 10_000);
    assert.deepEqual(w.signals, []);
    await restarted.close();
  });
});
