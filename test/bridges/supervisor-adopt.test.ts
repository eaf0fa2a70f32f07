// Supervisor.adopt() against the real fake claude started outside clauster (as in a terminal):
// adopt, stop through clauster, restart as a clauster bridge, an external kill (its group is
// spared), and an adopted record after a dashboard restart.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildRestartRequest } from '../../src/bridges/record.js';
import { createWebhookEventMapper } from '../../src/events/webhook-events.js';
import { nodeProcesses } from '../../src/system/node.js';
import { BRIDGE_URL_RE, useBridgeHarnesses } from '../support/bridge-harness.js';
import { waitFor } from '../support/fake-claude.js';
import { useOutsideBridges } from '../support/outside-bridge.js';

const harness = useBridgeHarnesses();
const startOutside = useOutsideBridges();

describe('Supervisor.adopt() with a bridge started outside clauster', () => {
  it('adopt() takes it over as running, stop() ends it, and a restart launches it from clauster', async () => {
    const h = await harness();
    const outside = await startOutside({
      home: h.home,
      cwd: h.app,
      args: ['remote-control', '--name', 'x'],
    });
    const adopted = await h.supervisor.adopt('app');
    assert.ok(adopted.ok, adopted.ok ? '' : adopted.detail);
    const bridge = adopted.value;
    assert.equal(bridge.status, 'running');
    assert.equal(bridge.adopted, true);
    assert.equal(bridge.pid, outside.pid);
    assert.match(bridge.url ?? '', BRIDGE_URL_RE);
    assert.ok(bridge.url?.endsWith(outside.environmentId));
    assert.deepEqual(
      [bridge.permission_mode, bridge.spawn_mode, bridge.name, bridge.capacity],
      ['inherit', 'same-dir', 'x', null],
    );
    // An empty log set: the log views work and show that nothing was captured.
    const logDir = join(h.stateDir, 'logs', bridge.id);
    assert.deepEqual((await fs.readdir(logDir)).sort(), ['debug.log', 'stderr.log', 'stdout.log']);
    const saved = JSON.parse(await fs.readFile(join(h.stateDir, 'bridges.json'), 'utf8'));
    assert.equal(saved.bridges[0].adopted, true);
    assert.ok((await h.readAudit()).some((line) => line.action === 'bridge.adopted'));

    const again = await h.supervisor.adopt('app');
    assert.ok(!again.ok && again.code === 'already-running');

    const stopped = await h.supervisor.stop(bridge.id);
    assert.ok(stopped.ok);
    assert.equal(stopped.value.status, 'stopped');
    assert.equal(await nodeProcesses.identity(outside.pid), null);

    const mapper = createWebhookEventMapper();
    const hooks = h.events.map((event) => mapper.map(event)).filter((name) => name !== null);
    assert.deepEqual(hooks, ['stop'], 'no spawn or ready for an adopted bridge');

    const restarted = await h.supervisor.start('app', buildRestartRequest(stopped.value));
    assert.ok(restarted.ok, restarted.ok ? '' : restarted.detail);
    await h.waitForStatus(restarted.value.id, 'running');
    const relaunched = h.supervisor.get(restarted.value.id);
    assert.equal(relaunched?.adopted, false);
    assert.deepEqual([relaunched?.name, relaunched?.permission_mode], ['x', 'inherit']);
    await h.supervisor.stop(restarted.value.id);
  });

  it('stop() signals only the pid when a shell leads the process group', async () => {
    const h = await harness();
    const outside = await startOutside({
      home: h.home,
      cwd: h.app,
      args: ['rc', '--spawn=same-dir', '--capacity=3', '--permission-mode', 'plan'],
      underShell: true,
    });
    assert.notEqual(outside.pid, outside.leaderPid);
    const adopted = await h.supervisor.adopt('app');
    assert.ok(adopted.ok, adopted.ok ? '' : adopted.detail);
    assert.deepEqual(
      [adopted.value.permission_mode, adopted.value.spawn_mode, adopted.value.capacity],
      ['plan', 'same-dir', 3],
    );
    const stopped = await h.supervisor.stop(adopted.value.id);
    assert.ok(stopped.ok);
    assert.deepEqual([stopped.value.status, stopped.value.reason], ['stopped', null]);
    assert.equal(await nodeProcesses.identity(outside.pid), null);
    assert.ok(
      await nodeProcesses.identity(outside.leaderPid),
      'the shell that leads the group was not signalled',
    );
  });

  it('adopt() notices a bridge killed outside clauster as crashed', async () => {
    const h = await harness();
    const outside = await startOutside({ home: h.home, cwd: h.app, args: ['remote-control'] });
    const adopted = await h.supervisor.adopt('app');
    assert.ok(adopted.ok, adopted.ok ? '' : adopted.detail);
    process.kill(outside.pid, 'SIGKILL');
    await h.waitForStatus(adopted.value.id, 'crashed', 10_000);
    const mapper = createWebhookEventMapper();
    const hooks = h.events.map((event) => mapper.map(event)).filter((name) => name !== null);
    assert.deepEqual(hooks, ['crash']);
    await waitFor(() => h.supervisor.findLive('app') === null, 10_000);
  });

  it('adopt() of a group leader that ends by itself never kills the rest of its group', async () => {
    const h = await harness();
    const outside = await startOutside({
      home: h.home,
      cwd: h.app,
      args: ['rc'],
      groupMember: true,
    });
    assert.equal(outside.pid, outside.leaderPid, 'the bridge leads its group');
    const memberPid = outside.memberPid as number;
    const adopted = await h.supervisor.adopt('app');
    assert.ok(adopted.ok, adopted.ok ? '' : adopted.detail);
    process.kill(outside.pid, 'SIGKILL');
    await h.waitForStatus(adopted.value.id, 'crashed', 10_000);
    await h.supervisor.close();
    assert.ok(await nodeProcesses.identity(memberPid), 'the other member of its group still runs');
  });

  it('recover() re-adopts an adopted bridge after a restart; stop() spares the shell leading its group', async () => {
    const h = await harness();
    const outside = await startOutside({
      home: h.home,
      cwd: h.app,
      args: ['remote-control', '--spawn=same-dir'],
      underShell: true,
    });
    const adopted = await h.supervisor.adopt('app');
    assert.ok(adopted.ok, adopted.ok ? '' : adopted.detail);
    await h.supervisor.close();
    const restarted = h.createSupervisor();
    await restarted.recover();
    const back = restarted.get(adopted.value.id);
    assert.deepEqual([back?.status, back?.adopted, back?.pid], ['running', true, outside.pid]);
    const stopped = await restarted.stop(adopted.value.id);
    assert.ok(stopped.ok);
    assert.deepEqual([stopped.value.status, stopped.value.reason], ['stopped', null]);
    assert.equal(await nodeProcesses.identity(outside.pid), null);
    assert.ok(await nodeProcesses.identity(outside.leaderPid), 'the shell was not signalled');
    await restarted.close();
  });
});
