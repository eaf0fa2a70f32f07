import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BRIDGE_ID_RE } from '../../src/bridges/record.js';
import { nodeProcesses } from '../../src/system/node.js';
import { type BridgeHarness, useBridgeHarnesses } from '../support/bridge-harness.js';
import { readClaudeJson, waitFor } from '../support/fake-claude.js';

const URL_RE = /^https:\/\/claude\.ai\/code\?environment=env_[A-Za-z0-9]+$/;
const harness = useBridgeHarnesses();

describe('createSupervisor()', () => {
  it('start() runs trust → start → running with URL → stop (exit via SIGINT)', async () => {
    const h = await harness({ trusted: [] });
    const refused = await h.supervisor.start('app', {});
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.equal(refused.code, 'untrusted');
      assert.match(refused.detail, /trust first/);
    }
    await h.trust.setTrusted(h.app);
    const started = await h.supervisor.start('app', { name: 'Phone' });
    assert.ok(started.ok, JSON.stringify(started));
    const bridge = started.value;
    assert.match(bridge.id, BRIDGE_ID_RE);
    assert.equal(bridge.status, 'starting');
    assert.equal(bridge.project, 'app');
    assert.equal(bridge.name, 'Phone');
    assert.equal(typeof bridge.pid, 'number');

    await h.waitForStatus(bridge.id, 'running');
    const running = h.supervisor.get(bridge.id);
    assert.match(running?.url ?? '', URL_RE);

    const logDir = join(h.stateDir, 'logs', bridge.id);
    for (const name of ['debug.log', 'stdout.log', 'stderr.log']) {
      assert.equal((await fs.stat(join(logDir, name))).mode & 0o777, 0o600, name);
    }
    // The event is published first; bridges.json follows right after (fsynced).
    const registry = await waitFor(async () => {
      const doc = JSON.parse(await fs.readFile(join(h.stateDir, 'bridges.json'), 'utf8'));
      return doc.bridges[0]?.status === 'running' ? doc : null;
    }, 5000);
    assert.equal(registry.schema_version, 1);
    const record = registry.bridges[0];
    assert.equal(record.cwd, h.app);
    assert.ok(record.argv.includes('remote-control'));
    assert.ok(record.argv.includes('--debug-file'));
    assert.equal(typeof record.proc_start_ticks, 'number');
    const environ = await fs.readFile(`/proc/${bridge.pid}/environ`, 'utf8');
    assert.ok(!environ.includes('CLAUSTER_TOKEN'), 'CLAUSTER_* is scrubbed from the bridge env');

    const stopped = await h.supervisor.stop(bridge.id);
    assert.ok(stopped.ok);
    assert.equal(stopped.value.status, 'stopped');
    assert.equal(stopped.value.reason, null, 'a clean SIGINT exit needs no escalation');
    assert.equal(await nodeProcesses.identity(bridge.pid as number), null);
    assert.ok(stopped.value.stopped_at);

    const transitions = h.events.flatMap((e) => (e.type === 'bridge' ? [`${e.from}→${e.to}`] : []));
    assert.deepEqual(transitions, ['null→starting', 'starting→running', 'running→stopped']);
    const audit = (await h.readAudit()).map((line) => line.action);
    for (const action of [
      'bridge.starting',
      'bridge.running',
      'bridge.stop-requested',
      'bridge.stopped',
    ]) {
      assert.ok(audit.includes(action), action);
    }
    const config = await readClaudeJson(h.home);
    assert.equal(config.remoteDialogSeen, true);
    assert.equal(config.hasUsedRemoteControl, true);
  });
});

const ENV_ID_RE = /env_[A-Za-z0-9]{20,}/;

describe('createSupervisor() crash modes of the fake', () => {
  const modes: Array<{
    mode: string;
    knobs?: Record<string, string>;
    ranFirst: boolean;
    status: 'crashed' | 'running';
    reason: RegExp | null;
  }> = [
    {
      mode: 'a',
      ranFirst: false,
      status: 'crashed',
      reason: /^Error: getaddrinfo ENOTFOUND api\.anthropic\.com$/,
    },
    {
      mode: 'b',
      ranFirst: false,
      status: 'crashed',
      reason: /^Remote Control environments are not available for your account\.$/,
    },
    {
      mode: 'c',
      knobs: { FAKE_CLAUDE_CRASH_AFTER_MS: '2500' },
      ranFirst: true,
      status: 'crashed',
      reason: /^Error: Environment \S+ not found\.$/,
    },
    {
      mode: 'd',
      knobs: { FAKE_CLAUDE_TIME_SCALE: '0.004' },
      ranFirst: true,
      status: 'crashed',
      reason: /^Error: Server unreachable for 10 minutes, giving up\.$/,
    },
    {
      mode: 'e',
      knobs: { FAKE_CLAUDE_CRASH_AFTER_MS: '2500' },
      ranFirst: true,
      status: 'crashed',
      reason: /^killed by signal SIGKILL$/,
    },
    { mode: 'h', ranFirst: true, status: 'running', reason: null },
  ];
  for (const c of modes) {
    it(`start() ends crash mode (${c.mode}) as ${c.status}${c.reason ? ` with the CLI's reason` : ''}`, async () => {
      const h = await harness({ knobs: { FAKE_CLAUDE_CRASH: c.mode, ...c.knobs } });
      const started = await h.supervisor.start('app', {});
      assert.ok(started.ok, JSON.stringify(started));
      const id = started.value.id;
      await h.waitForStatus(id, c.status, 30_000);
      const bridge = h.supervisor.get(id);
      if (c.reason === null) assert.equal(bridge?.reason, null);
      else {
        assert.match(bridge?.reason ?? '', c.reason);
        assert.doesNotMatch(bridge?.reason ?? '', ENV_ID_RE, 'ids in the reason are redacted');
      }
      const sawRunning = h.events.some(
        (e) => e.type === 'bridge' && e.bridge.id === id && e.to === 'running',
      );
      assert.equal(sawRunning, c.ranFirst);
      if (c.status === 'crashed') {
        assert.equal(bridge?.pid, null);
        assert.ok(bridge?.stopped_at);
        assert.equal(
          started.value.pid === null ? null : await nodeProcesses.identity(started.value.pid),
          null,
        );
      } else {
        assert.match(bridge?.url ?? '', URL_RE);
        assert.equal((await h.supervisor.stop(id)).ok, true);
      }
    });
  }

  it('start() marks a bridge blocked at a prompt (g) as error after startup_grace, and stop() ends it', async () => {
    const h = await harness({
      knobs: { FAKE_CLAUDE_CRASH: 'g' },
      supervisor: { startupGraceMs: 3000 },
    });
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    await h.waitForStatus(started.value.id, 'error');
    const bridge = h.supervisor.get(started.value.id);
    assert.match(
      bridge?.reason ?? '',
      /no connect URL after 3 s while the process is still running/,
    );
    assert.match(bridge?.reason ?? '', /Choose \[1\/2\]/);
    assert.ok(await nodeProcesses.identity(started.value.pid as number), 'still alive');
    const stopped = await h.supervisor.stop(started.value.id);
    assert.ok(stopped.ok);
    assert.equal(stopped.value.status, 'stopped');
    assert.equal(await nodeProcesses.identity(started.value.pid as number), null);
  });

  it('stop() escalates to SIGKILL for a hung bridge that ignores SIGINT and SIGTERM (f)', async () => {
    const h = await harness({
      knobs: { FAKE_CLAUDE_CRASH: 'f' },
      supervisor: { startupGraceMs: 1000, stopGraceMs: 1000 },
    });
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    const pid = started.value.pid as number;
    await h.waitForStatus(started.value.id, 'error');
    nodeProcesses.signal(pid, 'SIGTERM', true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(await nodeProcesses.identity(pid), 'SIGTERM is ignored');
    const t0 = Date.now();
    const stopped = await h.supervisor.stop(started.value.id);
    assert.ok(stopped.ok);
    assert.ok(Date.now() - t0 >= 900, 'waited for the grace period first');
    assert.equal(stopped.value.status, 'stopped');
    assert.match(
      stopped.value.reason ?? '',
      /did not exit within 1 s of SIGINT; killed the process group with SIGKILL/,
    );
    await waitFor(async () => (await nodeProcesses.identity(pid)) === null, 5000);
  });
});

async function listStateFiles(h: BridgeHarness): Promise<string[]> {
  const top = await fs.readdir(h.stateDir);
  const logs = await fs.readdir(join(h.stateDir, 'logs')).catch(() => []);
  return [...top, ...logs.map((name) => `logs/${name}`)].sort();
}

describe('createSupervisor() refusals', () => {
  it('start() refuses bad input and leaves no process, record or file behind', async () => {
    const h = await harness();
    await fs.mkdir(join(h.root, 'outside'));
    await fs.symlink(join(h.root, 'outside'), join(h.projectsRoot, 'escape'));
    const before = await listStateFiles(h);
    const cases: Array<[unknown, Record<string, unknown>, string]> = [
      ['nope', {}, 'unknown-project'],
      ['../home', {}, 'invalid-project-name'],
      ['app/..', {}, 'invalid-project-name'],
      ['escape', {}, 'path-escape'],
      ['app', { permission_mode: 'yolo' }, 'invalid-option'],
      ['app', { spawn_mode: 'worktree' }, 'invalid-option'],
      ['repo', { spawn_mode: 'session', capacity: 3 }, 'invalid-option'],
      [
        'app',
        { permission_mode: 'bypassPermissions', confirm: 'bypassPermissions' },
        'bypass-refused',
      ],
    ];
    for (const [project, request, code] of cases) {
      const result = await h.supervisor.start(project, request);
      assert.equal(result.ok, false, `${String(project)} ${JSON.stringify(request)}`);
      if (!result.ok) assert.equal(result.code, code, `${String(project)}: ${result.detail}`);
    }
    assert.deepEqual(h.supervisor.list(), []);
    assert.deepEqual(await listStateFiles(h), before);
    assert.equal(h.events.length, 0);
  });

  it('start() names claude.binary when the binary is missing and leaves nothing behind', async () => {
    const h = await harness();
    const missing = h.createSupervisor({ binary: join(h.root, 'no-such-claude') });
    const before = await listStateFiles(h);
    const result = await missing.start('app', {});
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.code, 'binary-not-found');
      assert.match(result.detail, /^claude\.binary: /);
    }
    const byName = await h.createSupervisor({ binary: 'clauster-no-such-claude' }).start('app', {});
    assert.equal(byName.ok, false);
    if (!byName.ok)
      assert.match(
        byName.detail,
        /claude\.binary: "clauster-no-such-claude" was not found on PATH/,
      );
    assert.deepEqual(missing.list(), []);
    assert.deepEqual(await listStateFiles(h), before);
  });

  it('start() allows one live bridge per project (409) and max_bridges overall', async () => {
    const h = await harness({ supervisor: { maxBridges: 1 } });
    const [first, second] = await Promise.all([
      h.supervisor.start('app', {}),
      h.supervisor.start('app', {}),
    ]);
    const results = [first, second];
    assert.equal(results.filter((r) => r.ok).length, 1);
    const refused = results.find((r) => !r.ok);
    assert.equal(refused && !refused.ok ? refused.code : null, 'already-running');
    const other = await h.supervisor.start('repo', {});
    assert.equal(other.ok, false);
    if (!other.ok) {
      assert.equal(other.code, 'max-bridges');
      assert.match(other.detail, /instance_defaults\.max_bridges: 1/);
    }
    assert.equal(h.supervisor.list().length, 1);
    const live = h.supervisor.findLive('app');
    assert.ok(live);
    assert.equal((await h.supervisor.stop(live.id)).ok, true);
    const again = await h.supervisor.start('repo', {});
    assert.ok(again.ok, 'a stopped bridge no longer counts');
    await h.supervisor.stop(again.value.id);
  });

  it('start() accepts bypassPermissions only with allow_bypass_permissions and the typed confirmation', async () => {
    const h = await harness();
    const s = h.createSupervisor({
      discovery: {
        projectsRoot: h.projectsRoot,
        settings: { app: { allow_bypass_permissions: true } },
      },
    });
    const unconfirmed = await s.start('app', { permission_mode: 'bypassPermissions' });
    assert.equal(unconfirmed.ok, false);
    if (!unconfirmed.ok) assert.equal(unconfirmed.code, 'bypass-refused');
    const confirmed = await s.start('app', {
      permission_mode: 'bypassPermissions',
      confirm: 'bypassPermissions',
    });
    assert.ok(confirmed.ok);
    assert.equal(confirmed.value.permission_mode, 'bypassPermissions');
    await s.stop(confirmed.value.id);
    await s.close();
  });

  it('start() with auto_enable_remote_control off ends at the consent prompt with a clear reason', async () => {
    const h = await harness({
      remoteDialogSeen: false,
      supervisor: { autoEnableRemoteControl: false },
    });
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    await h.waitForStatus(started.value.id, 'crashed');
    assert.match(
      h.supervisor.get(started.value.id)?.reason ?? '',
      /Enable Remote Control\? \(y\/n\)/,
    );
    assert.equal((await readClaudeJson(h.home)).remoteDialogSeen, false);
  });

  it('forget() drops a stopped record and refuses a live one', async () => {
    const h = await harness();
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    const live = await h.supervisor.forget(started.value.id);
    assert.equal(live.ok ? null : live.code, 'bridge-live');
    await h.supervisor.stop(started.value.id);
    assert.equal((await h.supervisor.forget(started.value.id)).ok, true);
    assert.equal(h.supervisor.get(started.value.id), null);
    assert.ok(h.events.some((e) => e.type === 'bridge-removed' && e.id === started.value.id));
    const unknown = await h.supervisor.forget('br-aaaaaaaaaaaa');
    assert.equal(unknown.ok ? null : unknown.code, 'unknown-bridge');
  });
});

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

  it('recover() keeps a corrupt bridges.json as .corrupt, warns, and starts empty', async () => {
    const h = await harness();
    await fs.writeFile(join(h.stateDir, 'bridges.json'), '{"schema_version":1,"bridges":[');
    const s = h.createSupervisor();
    await s.recover();
    assert.deepEqual(s.list(), []);
    assert.ok(h.events.some((e) => e.type === 'warning' && e.code === 'registry-corrupt'));
    assert.equal(
      await fs.readFile(join(h.stateDir, 'bridges.json.corrupt'), 'utf8'),
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
