import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmod,
  lstat,
  mkdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  acquireInstanceLock,
  describeLiveHolder,
  LOCK_FILE,
  prepareStateDir,
} from '../../src/state/state-dir.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Processes, ProcessIdentity } from '../../src/system/ports.js';
import { useTempDir } from '../support/temp.js';

const root = useTempDir();

function fakeProcesses(live: Record<number, Omit<ProcessIdentity, 'pid' | 'cmdline'>>): Processes {
  return {
    signal: () => {
      throw new Error('the lock must never signal anyone');
    },
    identity: async (pid) => {
      const entry = live[pid];
      return entry === undefined ? null : { pid, cmdline: ['node'], ...entry };
    },
    placement: async () => null,
  };
}

const LIVE = { 100: { startTicks: 5, bootId: 'boot-a' }, 200: { startTicks: 9, bootId: 'boot-a' } };

function deps(processes: Processes) {
  return { fs: createNodeDeps({ HOME: root.path }).fs, processes };
}

describe('prepareStateDir()', () => {
  it('prepareStateDir() creates the directory with mode 0700', async () => {
    const dir = join(root.path, 'a', 'state');
    await prepareStateDir(dir, deps(fakeProcesses({})));
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
  });

  it('prepareStateDir() tightens an existing wider mode', async () => {
    const dir = join(root.path, 'wide');
    await mkdir(dir);
    await chmod(dir, 0o755);
    await prepareStateDir(dir, deps(fakeProcesses({})));
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
  });
});

describe('acquireInstanceLock()', () => {
  it('acquireInstanceLock() writes a 0600 record and release() removes it', async () => {
    const lock = await acquireInstanceLock(root.path, { pid: 100 }, deps(fakeProcesses(LIVE)));
    assert.ok(lock.ok);
    const path = join(root.path, LOCK_FILE);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), {
      schema_version: 1,
      pid: 100,
      start_ticks: 5,
      boot_id: 'boot-a',
      pid_ns: await readlink('/proc/self/ns/pid'),
    });
    await lock.value.release();
    await assert.rejects(stat(path), /ENOENT/);
  });

  it('acquireInstanceLock() refuses while a live holder has it, naming its pid', async () => {
    const first = await acquireInstanceLock(root.path, { pid: 100 }, deps(fakeProcesses(LIVE)));
    assert.ok(first.ok);
    const second = await acquireInstanceLock(root.path, { pid: 200 }, deps(fakeProcesses(LIVE)));
    assert.deepEqual(second, { ok: false, code: 'locked', detail: 'pid 100' });
  });

  it('acquireInstanceLock() judges a lock from another pid namespace by its age, not its pid', async () => {
    // A dashboard in a container: its pid is meaningless here, its boot id is the host's.
    const path = join(root.path, LOCK_FILE);
    const foreign = { schema_version: 1, pid: 300, start_ticks: 1, boot_id: 'boot-a' };
    await writeFile(path, JSON.stringify({ ...foreign, pid_ns: 'pid:[1]' }));
    const refused = await acquireInstanceLock(root.path, { pid: 100 }, deps(fakeProcesses(LIVE)));
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.detail, /^pid 300 in another pid namespace/);
    assert.ok(!refused.ok && refused.detail.endsWith(`delete ${path}`), 'names the way out');
    assert.equal(JSON.parse(await readFile(path, 'utf8')).pid, 300, 'the lock is untouched');
    // Not refreshed for two minutes (its holder died uncleanly), or from an earlier boot: stale.
    const old = new Date(Date.now() - 120_000);
    await utimes(path, old, old);
    const late = await acquireInstanceLock(root.path, { pid: 100 }, deps(fakeProcesses(LIVE)));
    assert.ok(late.ok, 'an old foreign lock is taken over');
    await late.value.release();
    await writeFile(path, JSON.stringify({ ...foreign, boot_id: 'boot-old', pid_ns: 'pid:[1]' }));
    const rebooted = await acquireInstanceLock(root.path, { pid: 100 }, deps(fakeProcesses(LIVE)));
    assert.ok(rebooted.ok, 'a foreign lock from an earlier boot is taken over');
    await rebooted.value.release();
    // The same record from this namespace, or an older one without pid_ns, is judged as before.
    const here = await readlink('/proc/self/ns/pid');
    for (const record of [{ ...foreign, pid_ns: here }, foreign]) {
      await writeFile(path, JSON.stringify(record));
      const taken = await acquireInstanceLock(root.path, { pid: 100 }, deps(fakeProcesses(LIVE)));
      assert.ok(taken.ok, 'pid 300 is gone here: taken over');
      await taken.value.release();
    }
  });

  const deadHolders: Array<[string, Record<string, unknown>]> = [
    ['a pid that no longer exists', { pid: 300, start_ticks: 1, boot_id: 'boot-a' }],
    ['a reused pid (other start time)', { pid: 200, start_ticks: 1, boot_id: 'boot-a' }],
    ['a pid from an earlier boot', { pid: 200, start_ticks: 9, boot_id: 'boot-old' }],
  ];
  for (const [label, record] of deadHolders) {
    it(`acquireInstanceLock() takes over a lock held by ${label} at once`, async () => {
      await writeFile(join(root.path, LOCK_FILE), JSON.stringify({ schema_version: 1, ...record }));
      const lock = await acquireInstanceLock(root.path, { pid: 100 }, deps(fakeProcesses(LIVE)));
      assert.ok(lock.ok);
      assert.equal(JSON.parse(await readFile(join(root.path, LOCK_FILE), 'utf8')).pid, 100);
    });
  }

  it('acquireInstanceLock() takes over a garbage lock file', async () => {
    await writeFile(join(root.path, LOCK_FILE), 'not json');
    const lock = await acquireInstanceLock(root.path, { pid: 100 }, deps(fakeProcesses(LIVE)));
    assert.ok(lock.ok);
  });

  it('acquireInstanceLock() refuses a directory, a link or a FIFO at the lock path, naming it and the fix, without opening it', {
    timeout: 10_000,
  }, async () => {
    const path = join(root.path, LOCK_FILE);
    const fifo = join(root.path, 'elsewhere.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const [what, make] of [
      ['a directory', () => mkdir(path)],
      ['a symbolic link', () => symlink(join(root.path, 'unmounted', 'lock'), path)],
      ['not a regular file (a FIFO? a device?)', () => execFileSync('mkfifo', [path])],
      ['a symbolic link', () => symlink(fifo, path)],
    ] as const) {
      await make();
      await assert.rejects(
        acquireInstanceLock(root.path, { pid: 100 }, deps(fakeProcesses(LIVE))),
        {
          code: 'lock-path-invalid',
          message: `${path} is ${what}, not clauster's lock file; no clauster writes one there: remove it (rm -r ${JSON.stringify(path)}) and start again`,
        },
      );
      assert.equal((await lstat(path)).isFile(), false, 'left as it was');
      await rm(path, { recursive: true });
    }
  });

  it('describeLiveHolder() finds no holder in a FIFO at the lock path, without opening it', {
    timeout: 10_000,
  }, async () => {
    execFileSync('mkfifo', [join(root.path, LOCK_FILE)]);
    assert.equal(
      await describeLiveHolder(root.path, { pid: 100 }, deps(fakeProcesses(LIVE))),
      null,
    );
  });

  it('refresh() and release() leave a FIFO put in place of their lock alone', {
    timeout: 10_000,
  }, async () => {
    const lock = await acquireInstanceLock(root.path, { pid: 100 }, deps(fakeProcesses(LIVE)));
    assert.ok(lock.ok);
    const path = join(root.path, LOCK_FILE);
    await rm(path);
    execFileSync('mkfifo', [path]);
    await lock.value.refresh();
    await lock.value.release();
    assert.equal((await lstat(path)).isFIFO(), true);
  });

  it('refresh() renews the mtime of its own lock only', async () => {
    const lock = await acquireInstanceLock(root.path, { pid: 100 }, deps(fakeProcesses(LIVE)));
    assert.ok(lock.ok);
    const path = join(root.path, LOCK_FILE);
    const old = new Date(Date.now() - 120_000);
    await utimes(path, old, old);
    await lock.value.refresh();
    assert.ok(Date.now() - (await stat(path)).mtimeMs < 10_000, 'refreshed');
    const other = JSON.stringify({
      schema_version: 1,
      pid: 200,
      start_ticks: 9,
      boot_id: 'boot-a',
    });
    await writeFile(path, other);
    await utimes(path, old, old);
    await lock.value.refresh();
    assert.ok(Date.now() - (await stat(path)).mtimeMs > 100_000, "another holder's lock untouched");
    assert.equal(await readFile(path, 'utf8'), other);
  });

  it('release() leaves a lock that another instance took over', async () => {
    const lock = await acquireInstanceLock(root.path, { pid: 100 }, deps(fakeProcesses(LIVE)));
    assert.ok(lock.ok);
    const other = JSON.stringify({
      schema_version: 1,
      pid: 200,
      start_ticks: 9,
      boot_id: 'boot-a',
    });
    await writeFile(join(root.path, LOCK_FILE), other);
    await lock.value.release();
    assert.equal(await readFile(join(root.path, LOCK_FILE), 'utf8'), other);
  });
});
