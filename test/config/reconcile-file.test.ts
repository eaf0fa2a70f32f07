import assert from 'node:assert/strict';
import {
  chown,
  lstat,
  readdir,
  readFile,
  realpath,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { reconcileConfigFile } from '../../src/config/reconcile-file.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Fs } from '../../src/system/ports.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir();
const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);
const LEGACY = '# head\nport: 7621\nclaustrum:\n  enabled: true\n';
const RECONCILED = '# head\nport: 7621\n';
const ME = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
const IS_ROOT = ME.uid === 0;

function deps(fs?: Fs) {
  const base = createNodeDeps({ HOME: dir.path, PATH: '' });
  return { ...base, fs: fs ?? base.fs, clock: { now: () => NOW } };
}

async function run(path: string, options: { fs?: Fs; user?: typeof ME } = {}) {
  const user = options.user ?? ME;
  return reconcileConfigFile(path, { dryRun: false, cwd: dir.path, user }, deps(options.fs));
}

async function writeConfig(text: string | Buffer, name = 'clauster.yml'): Promise<string> {
  const path = join(dir.path, name);
  await writeFile(path, text);
  return path;
}

async function backups(): Promise<string[]> {
  return (await readdir(dir.path)).filter((name) => name.includes('.bak-')).sort();
}

describe('reconcileConfigFile()', () => {
  it('reconcileConfigFile() rewrites a symlinked config where it points, link kept', async () => {
    const real = await writeConfig(LEGACY, 'real.yml');
    const link = join(dir.path, 'clauster.yml');
    await symlink(real, link);
    const result = await run(link);
    assert.equal(result?.written, true);
    assert.equal((await lstat(link)).isSymbolicLink(), true);
    assert.equal(await readFile(real, 'utf8'), RECONCILED);
    assert.equal(result?.target, await realpath(real));
    assert.deepEqual(await backups(), ['real.yml.bak-20250102T030405Z']);
  });

  it('reconcileConfigFile() keeps the owner and group of the file', {
    skip: !IS_ROOT,
  }, async () => {
    const path = await writeConfig(LEGACY);
    await chown(path, 1234, 2345);
    assert.equal((await run(path))?.written, true);
    const after = await stat(path);
    assert.deepEqual([after.uid, after.gid], [1234, 2345]);
    assert.equal(await readFile(path, 'utf8'), RECONCILED);
  });

  it('reconcileConfigFile() refuses, writing nothing, when run as another non-root user', async () => {
    const path = await writeConfig(LEGACY);
    const other = { uid: ME.uid + 4321, gid: ME.gid + 4321 };
    const result = await run(path, { user: other });
    assert.equal(result?.refusal?.reason, 'owner');
    assert.match(result?.refusal?.problems[0]?.expected ?? '', /run as the file's owner/);
    assert.equal(result?.written, false);
    assert.equal(await readFile(path, 'utf8'), LEGACY);
    assert.deepEqual(await backups(), []);
  });

  it('reconcileConfigFile() writes nothing when the file changes before the rename', async () => {
    const path = await writeConfig(LEGACY);
    const edited = `${LEGACY}# edited meanwhile\n`;
    const base = createNodeDeps().fs;
    // Another editor saves the file while the temp file is being written.
    const open = (async (file: string, ...rest: unknown[]) => {
      if (String(file).endsWith('.tmp')) await writeFile(path, edited);
      return (base.open as (...a: unknown[]) => unknown)(file, ...rest);
    }) as Fs['open'];
    const result = await run(path, { fs: { ...base, open } });
    assert.equal(result?.refusal?.reason, 'changed');
    assert.equal(await readFile(path, 'utf8'), edited);
    assert.deepEqual(await backups(), []);
    assert.deepEqual(
      (await readdir(dir.path)).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  it('reconcileConfigFile() backs up the bytes it read, 0600 whatever the file mode', async () => {
    const path = await writeConfig(LEGACY);
    assert.equal((await run(path))?.written, true);
    const [backup = ''] = await backups();
    assert.equal(await readFile(join(dir.path, backup), 'utf8'), LEGACY);
    assert.equal((await stat(join(dir.path, backup))).mode & 0o777, 0o600);
  });

  it('reconcileConfigFile() writes a tagged show_cost as a plain usage.mode', async () => {
    const path = await writeConfig('usage:\n  show_cost: !!bool true # old\n');
    const result = await run(path);
    assert.equal(result?.refusal, null);
    assert.equal(await readFile(path, 'utf8'), 'usage:\n  mode: cost # old\n');
  });

  it('reconcileConfigFile() refuses non-UTF-8 bytes and leaves them untouched', async () => {
    const bytes = Buffer.from('# caf\xe9\nclaustrum: {}\n', 'latin1');
    const path = await writeConfig(bytes);
    const result = await run(path);
    assert.equal(result?.refusal?.reason, 'load');
    assert.deepEqual(await readFile(path), bytes);
  });

  it('reconcileConfigFile() never prunes the new backup, even when the clock went back', async () => {
    const path = await writeConfig(LEGACY);
    const future = [1, 2, 3, 4, 5].map((s) => `clauster.yml.bak-20300101T00000${s}Z`);
    for (const name of future) await writeFile(join(dir.path, name), 'old');
    assert.equal((await run(path))?.written, true);
    assert.deepEqual(await backups(), ['clauster.yml.bak-20250102T030405Z', ...future.slice(1)]);
  });

  it('reconcileConfigFile() prunes nothing when the write is refused', async () => {
    const path = await writeConfig(LEGACY);
    const old = [1, 2, 3, 4, 5, 6].map((s) => `clauster.yml.bak-20200101T00000${s}Z`);
    for (const name of old) await writeFile(join(dir.path, name), 'old');
    const result = await run(path, { user: { uid: ME.uid + 1, gid: ME.gid + 1 } });
    assert.equal(result?.refusal?.reason, 'owner');
    assert.deepEqual(await backups(), old);
  });

  it('reconcileConfigFile() refuses a config the check refuses, also with nothing to rewrite', async () => {
    for (const text of ['host: 0.0.0.0\n', 'host: 0.0.0.0\nclaustrum: {}\n']) {
      const path = await writeConfig(text);
      const result = await run(path);
      assert.equal(result?.refusal?.reason, 'refused', text);
      assert.equal(result?.refusal?.problems[0]?.path, 'host');
      assert.equal(result?.written, false);
      assert.equal(await readFile(path, 'utf8'), text);
    }
    assert.deepEqual(await backups(), []);
  });

  it('reconcileConfigFile() returns null when there is no file', async () => {
    assert.equal(await run(join(dir.path, 'missing.yml')), null);
  });
});
