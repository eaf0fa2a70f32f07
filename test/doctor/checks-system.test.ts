import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  checkGitRow,
  checkNodeRow,
  checkPortRow,
  checkStateDirRow,
  NODE_ENGINES,
} from '../../src/doctor/checks-system.js';
import { nodeProcesses } from '../../src/system/node.js';
import { makeCheckContext } from '../support/doctor-context.js';
import { writeFakeGit } from '../support/fake-git.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

describe('checkStateDirRow()', () => {
  it('checkStateDirRow() is OK for an owner-only directory', async () => {
    const dir = join(home.path, 'state');
    await mkdir(dir, { mode: 0o700 });
    await chmod(dir, 0o700);
    const row = await checkStateDirRow(
      makeCheckContext({ home: home.path, raw: { state_dir: dir } }),
    );
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /0700/);
  });

  it('checkStateDirRow() warns when group or others can read it', async () => {
    const dir = join(home.path, 'state');
    await mkdir(dir);
    await chmod(dir, 0o755);
    const row = await checkStateDirRow(
      makeCheckContext({ home: home.path, raw: { state_dir: dir } }),
    );
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /mode 0755/);
    assert.match(row.fix ?? '', /chmod 700/);
  });

  it('checkStateDirRow() is OK when it can be created', async () => {
    const row = await checkStateDirRow(
      makeCheckContext({ home: home.path, raw: { state_dir: join(home.path, 'a', 'b') } }),
    );
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /creates it/);
  });

  it('checkStateDirRow() fails when it is a file', async () => {
    await writeFile(join(home.path, 'state'), 'x');
    const row = await checkStateDirRow(
      makeCheckContext({ home: home.path, raw: { state_dir: join(home.path, 'state') } }),
    );
    assert.equal(row.status, 'FAIL');
  });

  it('checkStateDirRow() fails when it cannot be created', async () => {
    await writeFile(join(home.path, 'file'), 'x');
    const row = await checkStateDirRow(
      makeCheckContext({ home: home.path, raw: { state_dir: join(home.path, 'file', 'state') } }),
    );
    assert.equal(row.status, 'FAIL');
    assert.match(row.detail, /cannot be created/);
  });
});

describe('checkGitRow()', () => {
  it('checkGitRow() reports the git version', async () => {
    const row = await checkGitRow(makeCheckContext({ home: home.path }));
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /^git \d+\.\d+/);
  });

  const rows: ReadonlyArray<readonly [string, 'OK' | 'WARN', RegExp]> = [
    [
      'git version 2.39.5\n',
      'OK',
      /^git 2\.39\.5 \(.*\/git\); clone pins https to checked addresses$/,
    ],
    ['git version 2.37.0\n', 'OK', /^git 2\.37\.0 \(.*\); clone pins https/],
    [
      'git version 2.39.3 (Apple Git-146)\n',
      'OK',
      /^git 2\.39\.3 \(Apple Git-146\) \(.*\); clone pins/,
    ],
    ['git version 2.45.1.windows.1\n', 'OK', /^git 2\.45\.1\.windows\.1 /],
    [
      'git version 2.34.1\n',
      'WARN',
      /^git 2\.34\.1 \(.*\): older than 2\.37, so clone cannot pin https to the checked addresses; https clones by host name are refused/,
    ],
    [
      'something else\n',
      'WARN',
      /: git --version printed "something else", not "git version X\.Y\.Z"$/,
    ],
  ];
  for (const [versionOutput, status, detail] of rows) {
    it(`checkGitRow() says ${status} for ${JSON.stringify(versionOutput)}`, async () => {
      const git = await writeFakeGit(home.path, { versionOutput });
      const row = await checkGitRow(makeCheckContext({ home: home.path, env: { PATH: git.bin } }));
      assert.equal(row.status, status);
      assert.match(row.detail, detail);
      if (status === 'WARN') assert.match(row.fix ?? '', /git 2\.37 or newer/);
    });
  }

  it('checkGitRow() is OK for a git too old to pin while clone is off, and says so', async () => {
    const git = await writeFakeGit(home.path, { versionOutput: 'git version 2.34.1\n' });
    const ctx = makeCheckContext({
      home: home.path,
      raw: { clone: { enabled: false } },
      env: { PATH: git.bin },
    });
    const row = await checkGitRow(ctx);
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /^git 2\.34\.1 .*older than 2\.37.*\(clone is off\)$/);
  });

  it('checkGitRow() without PATH looks where clone does (its default PATH), not nowhere', async () => {
    const ctx = makeCheckContext({ home: home.path });
    const row = await checkGitRow({ ...ctx, deps: { ...ctx.deps, env: { HOME: home.path } } });
    assert.equal(row.status, 'OK', row.detail);
    assert.match(row.detail, /^git \d+\.\d+.* \((\/usr\/local)?(\/usr)?\/bin\/git\)/);
  });

  it('checkGitRow() warns when git is not on PATH', async () => {
    const empty = join(home.path, 'empty-bin');
    await mkdir(empty);
    const row = await checkGitRow(makeCheckContext({ home: home.path, env: { PATH: empty } }));
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /not found on PATH \(.*empty-bin\)$/);
  });
});

describe('checkNodeRow()', () => {
  const cases: [string, 'OK' | 'FAIL'][] = [
    ['v20.20.2', 'OK'],
    ['v20.5.0', 'OK'],
    ['v22.1.0', 'OK'],
    ['v20.4.9', 'FAIL'],
    ['v18.19.0', 'FAIL'],
    ['not-a-version', 'FAIL'],
  ];
  for (const [version, status] of cases) {
    it(`checkNodeRow() says ${status} for ${version}`, async () => {
      const row = await checkNodeRow(
        makeCheckContext({ home: home.path, host: { nodeVersion: version } }),
      );
      assert.equal(row.status, status);
    });
  }

  it('checkNodeRow() uses the engines range of package.json', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    assert.equal(NODE_ENGINES, pkg.engines.node);
  });
});

describe('checkPortRow()', () => {
  it('checkPortRow() is OK when the port is free', async () => {
    const probed: string[] = [];
    const probePort = async (host: string, port: number) => {
      probed.push(`${host}:${port}`);
      return 'free' as const;
    };
    const row = await checkPortRow(makeCheckContext({ home: home.path, host: { probePort } }));
    assert.equal(row.status, 'OK');
    assert.deepEqual(probed, ['127.0.0.1:7621']);
  });

  it('checkPortRow() warns when another program holds the port', async () => {
    const row = await checkPortRow(
      makeCheckContext({ home: home.path, host: { probePort: async () => 'in-use' } }),
    );
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /in use by another program/);
  });

  // A check context whose port is in use and whose state_dir holds `lock` as instance.lock.
  async function portInUseWithLock(lock: Record<string, unknown>) {
    const stateDir = join(home.path, 'state');
    await mkdir(stateDir, { recursive: true });
    await writeFile(join(stateDir, 'instance.lock'), JSON.stringify(lock));
    return makeCheckContext({
      home: home.path,
      raw: { state_dir: stateDir },
      host: { probePort: async () => 'in-use' },
    });
  }

  it('checkPortRow() is OK when this clauster holds the port (live instance lock)', async () => {
    const me = await nodeProcesses.identity(process.pid);
    assert.ok(me);
    const lock = {
      schema_version: 1,
      pid: process.pid,
      start_ticks: me.startTicks,
      boot_id: me.bootId,
    };
    const ctx = await portInUseWithLock(lock);
    const row = await checkPortRow(ctx);
    assert.equal(row.status, 'OK');
    assert.match(row.detail, new RegExp(`this clauster \\(pid ${process.pid}\\)`));
  });

  it('checkPortRow() is OK when a clauster in another pid namespace holds it (fresh lock)', async () => {
    const me = await nodeProcesses.identity(process.pid);
    assert.ok(me);
    // A container's dashboard: its pid means nothing here; the lock's mtime is fresh.
    const lock = {
      schema_version: 1,
      pid: 1,
      start_ticks: 7,
      boot_id: me.bootId,
      pid_ns: 'pid:[1]',
    };
    const ctx = await portInUseWithLock(lock);
    const row = await checkPortRow(ctx);
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /this clauster \(pid 1 in another pid namespace/);
  });

  it('checkPortRow() ignores a lock left by a dead clauster', async () => {
    const lock = { schema_version: 1, pid: process.pid, start_ticks: 1, boot_id: 'old-boot' };
    const ctx = await portInUseWithLock(lock);
    assert.equal((await checkPortRow(ctx)).status, 'WARN');
  });

  it('checkPortRow() is not checked without a probe (the API)', async () => {
    const row = await checkPortRow(makeCheckContext({ home: home.path }));
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /not checked/);
  });
});
