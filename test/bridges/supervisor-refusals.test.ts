// What start() refuses without leaving anything behind, its bypass and consent gates; forget().
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type BridgeHarness, useBridgeHarnesses } from '../support/bridge-harness.js';
import { readClaudeJson, readPointer, waitFor } from '../support/fake-claude.js';

const harness = useBridgeHarnesses();

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

  it('start() refuses a project bridged outside this supervisor (409) but not its own bridge', async () => {
    const h = await harness();
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    const pointer = await waitFor(() => readPointer(h.home, h.app), 20_000);
    assert.equal(pointer.pid, started.value.pid);
    const again = await h.supervisor.start('app', {});
    assert.equal(again.ok ? null : again.code, 'already-running');
    // A dashboard on another state_dir does not supervise that bridge: it is outside for it.
    const other = h.createSupervisor({ stateDir: join(h.root, 'other-state') });
    await fs.mkdir(join(h.root, 'other-state'), { mode: 0o700 });
    const refused = await other.start('app', {});
    assert.equal(refused.ok ? null : refused.code, 'bridged-elsewhere');
    if (!refused.ok) assert.match(refused.detail, new RegExp(`\\(pid ${pointer.pid}\\) first`));
    assert.deepEqual(other.list(), []);
    await h.supervisor.stop(started.value.id);
    // The pointer stays (environment preserved) but its pid is dead: a start goes ahead.
    assert.equal((await readPointer(h.home, h.app))?.pid, pointer.pid);
    const after = await other.start('app', {});
    assert.ok(after.ok, after.ok ? '' : after.detail);
    await other.stop(after.value.id);
    await other.close();
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
