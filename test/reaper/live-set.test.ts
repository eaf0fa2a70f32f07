import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { toPointerKey } from '../../src/claude/bridge-pointer.js';
import { readLiveSet } from '../../src/reaper/live-set.js';
import {
  FAKE_BOOT_ID,
  makeEnvId,
  makeReaperWorld,
  type ReaperWorld,
  writeBridges,
  writePointer,
} from '../support/reaper-fixture.js';

let world: ReaperWorld;
beforeEach(async () => {
  world = await makeReaperWorld(['alpha', 'beta', 'gamma']);
});
afterEach(async () => {
  await world.cleanup();
});

describe('readLiveSet()', () => {
  it('readLiveSet() is empty (not unknown) on a fresh install', async () => {
    const result = await readLiveSet(world.stateDir, world.deps);
    assert.ok(result.ok);
    assert.equal(result.value.directories.size, 0);
  });

  it('readLiveSet() is unknown, without opening it, for a FIFO in place of bridges.json', {
    timeout: 10_000,
  }, async () => {
    const path = join(world.stateDir, 'bridges.json');
    execFileSync('mkfifo', [path]);
    const result = await readLiveSet(world.stateDir, world.deps);
    assert.deepEqual(result, {
      ok: false,
      code: 'live-set-unknown',
      detail: `cannot tell which bridges are live: ${path}: not a regular file (a FIFO? a device?)`,
    });
  });

  it('readLiveSet() keeps only bridges whose pid is alive with the same identity', async () => {
    const alpha = join(world.projectsRoot, 'alpha');
    const beta = join(world.projectsRoot, 'beta');
    const gamma = join(world.projectsRoot, 'gamma');
    await writeBridges(world, [
      { cwd: alpha, pid: 101, alive: true },
      { cwd: beta, pid: 102, alive: false },
      { cwd: gamma, pid: 103, alive: true },
    ]);
    // pid 103 was recycled: same pid, different start time.
    world.live.set(103, { pid: 103, startTicks: 9, bootId: FAKE_BOOT_ID, cmdline: [] });
    const result = await readLiveSet(world.stateDir, world.deps);
    assert.ok(result.ok);
    assert.deepEqual([...result.value.directories], [alpha]);
  });

  it('readLiveSet() records the resolved path of a symlinked cwd', async () => {
    const link = join(world.root, 'link-to-alpha');
    await symlink(join(world.projectsRoot, 'alpha'), link);
    await writeBridges(world, [{ cwd: link, pid: 101, alive: true }]);
    const result = await readLiveSet(world.stateDir, world.deps);
    assert.ok(result.ok);
    assert.ok(result.value.directories.has(join(world.projectsRoot, 'alpha')));
  });

  it('readLiveSet() collects live bridge pointers and ignores dead ones', async () => {
    const alpha = join(world.projectsRoot, 'alpha');
    const beta = join(world.projectsRoot, 'beta');
    world.live.set(201, { pid: 201, startTicks: 1, bootId: FAKE_BOOT_ID, cmdline: [] });
    await writePointer(world, alpha, { environmentId: makeEnvId(1), pid: 201 });
    await writePointer(world, beta, { environmentId: makeEnvId(2), pid: 202 });
    await writeFile(join(world.home, '.claude', 'projects', 'stray-file'), 'x');
    const result = await readLiveSet(world.stateDir, world.deps);
    assert.ok(result.ok);
    assert.deepEqual([...result.value.environmentIds], [makeEnvId(1)]);
    assert.deepEqual([...result.value.pointerKeys], [toPointerKey(alpha)]);
  });

  it('readLiveSet() drops a pointer whose pid was recycled (other start ticks)', async () => {
    const alpha = join(world.projectsRoot, 'alpha');
    const beta = join(world.projectsRoot, 'beta');
    world.live.set(301, { pid: 301, startTicks: 50, bootId: FAKE_BOOT_ID, cmdline: ['vim'] });
    world.live.set(302, { pid: 302, startTicks: 60, bootId: FAKE_BOOT_ID, cmdline: ['vim'] });
    await writePointer(world, alpha, { environmentId: makeEnvId(1), pid: 301, procStart: '50' });
    await writePointer(world, beta, { environmentId: makeEnvId(2), pid: 302, procStart: '59' });
    const result = await readLiveSet(world.stateDir, world.deps);
    assert.ok(result.ok);
    assert.deepEqual([...result.value.environmentIds], [makeEnvId(1)]);
  });

  it('readLiveSet() reads pointers under $CLAUDE_CONFIG_DIR when it is set', async () => {
    const configDir = join(world.root, 'claude-config');
    const dir = join(configDir, 'projects', toPointerKey(join(world.projectsRoot, 'alpha')));
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'bridge-pointer.json'),
      JSON.stringify({ environmentId: makeEnvId(3), pid: 401 }),
    );
    world.live.set(401, { pid: 401, startTicks: 1, bootId: FAKE_BOOT_ID, cmdline: [] });
    const deps = { ...world.deps, env: { ...world.deps.env, CLAUDE_CONFIG_DIR: configDir } };
    const withConfig = await readLiveSet(world.stateDir, deps);
    assert.ok(withConfig.ok);
    assert.deepEqual([...withConfig.value.environmentIds], [makeEnvId(3)]);
    const withoutConfig = await readLiveSet(world.stateDir, world.deps);
    assert.ok(withoutConfig.ok);
    assert.equal(withoutConfig.value.environmentIds.size, 0);
  });

  const corrupt: [string, string][] = [
    ['invalid JSON', '{"schema_version": 1, "bridges": ['],
    ['a wrong schema_version', '{"schema_version": 2, "bridges": []}'],
    ['bridges that are not an array', '{"schema_version": 1, "bridges": {}}'],
    ['a record without cwd', '{"schema_version": 1, "bridges": [{"pid": 1}]}'],
  ];
  for (const [name, text] of corrupt) {
    it(`readLiveSet() is unknown for a registry with ${name}`, async () => {
      await writeFile(join(world.stateDir, 'bridges.json'), text);
      const result = await readLiveSet(world.stateDir, world.deps);
      assert.ok(!result.ok);
      assert.equal(result.code, 'live-set-unknown');
      assert.match(result.detail, /bridges\.json/);
    });
  }

  it('readLiveSet() is unknown when the registry is unreadable', async () => {
    await mkdir(join(world.stateDir, 'bridges.json'));
    const result = await readLiveSet(world.stateDir, world.deps);
    assert.equal(result.ok, false);
  });

  it('readLiveSet() is unknown when a bridge pointer is corrupt', async () => {
    const dir = join(world.home, '.claude', 'projects', 'x');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'bridge-pointer.json'), '{"pid": ');
    const result = await readLiveSet(world.stateDir, world.deps);
    assert.ok(!result.ok);
    assert.match(result.detail, /bridge-pointer\.json/);
  });

  it('readLiveSet() is unknown when the liveness probe fails', async () => {
    await writeBridges(world, [{ cwd: join(world.projectsRoot, 'alpha'), pid: 101, alive: true }]);
    const deps = {
      ...world.deps,
      processes: {
        signal: () => false,
        identity: async () => {
          throw new Error('EACCES /proc');
        },
        placement: async () => null,
      },
    };
    const result = await readLiveSet(world.stateDir, deps);
    assert.ok(!result.ok);
    assert.match(result.detail, /liveness probe failed/);
  });
});
