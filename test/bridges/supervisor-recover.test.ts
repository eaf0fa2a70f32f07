// recover() after a dashboard restart: re-adoption, deaths while down, corrupt registry, autostart.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeProcesses } from '../../src/system/node.js';
import { useBridgeHarnesses } from '../support/bridge-harness.js';
import { waitFor } from '../support/fake-claude.js';

const harness = useBridgeHarnesses();

describe('createSupervisor() across dashboard restarts', () => {
  it('recover() re-adopts a live bridge as running with its URL and notices its later death', async () => {
    const h = await harness();
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    await h.waitForStatus(started.value.id, 'running');
    const url = h.supervisor.get(started.value.id)?.url;
    const pid = started.value.pid as number;
    await h.supervisor.close();

    const restarted = h.createSupervisor();
    await restarted.recover();
    const adopted = restarted.get(started.value.id);
    assert.equal(adopted?.status, 'running');
    assert.equal(adopted?.url, url);
    assert.equal(adopted?.pid, pid);
    assert.ok((await h.readAudit()).some((line) => line.action === 'bridge.readopted'));

    process.kill(pid, 'SIGKILL');
    await h.waitForStatus(started.value.id, 'crashed', 10_000, restarted);
    assert.match(restarted.get(started.value.id)?.reason ?? '', /unknown exit status/);
    await restarted.close();
  });

  it('recover() stops a re-adopted bridge through its process group', async () => {
    const h = await harness();
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    await h.waitForStatus(started.value.id, 'running');
    await h.supervisor.close();
    const restarted = h.createSupervisor();
    await restarted.recover();
    const stopped = await restarted.stop(started.value.id);
    assert.ok(stopped.ok);
    assert.equal(stopped.value.status, 'stopped');
    assert.equal(await nodeProcesses.identity(started.value.pid as number), null);
    await restarted.close();
  });

  it('recover() marks bridges that died while the dashboard was down', async () => {
    const h = await harness({
      knobs: { FAKE_CLAUDE_CRASH: 'c', FAKE_CLAUDE_CRASH_AFTER_MS: '60000' },
    });
    const a = await h.supervisor.start('app', {});
    const b = await h.supervisor.start('repo', {});
    assert.ok(a.ok && b.ok);
    await h.waitForStatus(a.value.id, 'running');
    await h.waitForStatus(b.value.id, 'running');
    await h.supervisor.close();
    // One dies on its own while nobody watches; the record of the other looks like a recycled pid.
    process.kill(a.value.pid as number, 'SIGKILL');
    const path = join(h.stateDir, 'bridges.json');
    const doc = JSON.parse(await fs.readFile(path, 'utf8'));
    doc.bridges[1].proc_start_ticks += 1;
    await fs.writeFile(path, JSON.stringify(doc));
    await waitFor(async () => (await nodeProcesses.identity(a.value.pid as number)) === null, 5000);

    const restarted = h.createSupervisor();
    await restarted.recover();
    assert.equal(restarted.get(a.value.id)?.status, 'crashed');
    assert.equal(restarted.get(b.value.id)?.status, 'crashed');
    assert.ok(
      await nodeProcesses.identity(b.value.pid as number),
      'a process that is not provably ours is never signalled',
    );
    await restarted.close();
  });

  it('recover() keeps a corrupt bridges.json as .corrupt-<time>, warns, and starts empty', async () => {
    const h = await harness();
    await fs.writeFile(join(h.stateDir, 'bridges.json'), '{"schema_version":1,"bridges":[');
    const s = h.createSupervisor();
    await s.recover();
    assert.deepEqual(s.list(), []);
    assert.ok(h.events.some((e) => e.type === 'warning' && e.code === 'registry-corrupt'));
    const copy = (await fs.readdir(h.stateDir)).find((n) => n.startsWith('bridges.json.corrupt-'));
    assert.equal(
      await fs.readFile(join(h.stateDir, copy ?? 'none'), 'utf8'),
      '{"schema_version":1,"bridges":[',
    );
    const doc = JSON.parse(await fs.readFile(join(h.stateDir, 'bridges.json'), 'utf8'));
    assert.deepEqual(doc, { schema_version: 1, bridges: [] });
    await s.close();
  });

  it('recover() autostarts projects with autostart and backs off when they keep failing', async () => {
    const h = await harness({ knobs: { FAKE_CLAUDE_CRASH: 'a' } });
    const s = h.createSupervisor({
      discovery: { projectsRoot: h.projectsRoot, settings: { app: { autostart: true } } },
      backoff: { initialMs: 300, maxMs: 1200, stableMs: 60_000 },
    });
    await s.recover();
    await waitFor(() => s.list().filter((b) => b.status === 'crashed').length >= 3, 20_000);
    const starts = h.events
      .filter((e) => e.type === 'bridge' && e.from === null && e.bridge.project === 'app')
      .map((e) => (e.type === 'bridge' ? Date.parse(String(e.bridge.started_at)) : 0));
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] as number));
    assert.ok(
      gaps.every((gap) => gap >= 250),
      `no tight loop: ${gaps.join(', ')}`,
    );
    assert.ok(
      s.list().every((b) => b.project === 'app'),
      'only autostart projects restart',
    );
    await s.close();
    const count = s.list().length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(s.list().length, count, 'close() cancels pending restarts');
  });
});
