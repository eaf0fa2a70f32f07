// --config-out of `clauster restore`: written before any state file (a refusal then restores
// nothing), and on a filesystem without hard links an exclusive create that can neither
// replace a file nor write through a symbolic link.
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createBackup } from '../../src/system/backup-archive.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Fs } from '../../src/system/ports.js';
import { restoreBackup } from '../../src/system/restore-archive.js';
import { writeConfigOut } from '../../src/system/restore-config.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir('clauster-restore-config-');
const DATA = new TextEncoder().encode('port: 7621\n');

/** Node's fs with link(2) replaced by `link`. */
function withLink(link: Fs['link']): { fs: Fs } {
  const { fs } = createNodeDeps({ HOME: dir.path });
  return { fs: { ...fs, link } };
}

const noHardLinks: Fs['link'] = async () => {
  throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
};

async function leftovers(): Promise<string[]> {
  return (await fsp.readdir(dir.path)).filter((name) => name.endsWith('.tmp'));
}

describe('writeConfigOut() without hard links', () => {
  it('writeConfigOut() creates a new file 0600 exclusively when link(2) is refused', async () => {
    const target = join(dir.path, 'fresh.yml');
    await writeConfigOut(target, DATA, false, withLink(noHardLinks));
    assert.equal(await fsp.readFile(target, 'utf8'), 'port: 7621\n');
    assert.equal((await fsp.stat(target)).mode & 0o777, 0o600);
    assert.deepEqual(await leftovers(), []);
  });

  it('writeConfigOut() refuses a file or link that appears meanwhile and writes through neither', async () => {
    const victim = join(dir.path, 'victim.txt');
    await fsp.writeFile(victim, 'do not touch\n');
    for (const kind of ['file', 'link'] as const) {
      const target = join(dir.path, `raced-${kind}.yml`);
      const racing: Fs['link'] = async () => {
        if (kind === 'file') await fsp.writeFile(target, 'mine\n');
        else await fsp.symlink(victim, target);
        return noHardLinks('', '');
      };
      await assert.rejects(writeConfigOut(target, DATA, false, withLink(racing)), {
        code: 'config-out-exists',
        message: /appeared while restoring; pass --force/,
      });
      if (kind === 'file') assert.equal(await fsp.readFile(target, 'utf8'), 'mine\n');
      else assert.ok((await fsp.lstat(target)).isSymbolicLink());
    }
    assert.equal(await fsp.readFile(victim, 'utf8'), 'do not touch\n');
    assert.deepEqual(await leftovers(), []);
  });
});

describe('restoreBackup() with --config-out', () => {
  it('restoreBackup() writes the config before the state: a refused config restores nothing', async () => {
    const stateDir = join(dir.path, 'old-state');
    await fsp.mkdir(stateDir, { mode: 0o700 });
    await fsp.writeFile(join(stateDir, 'tokens.json'), '{"schema_version":1,"tokens":[]}\n');
    const configPath = join(dir.path, 'clauster.yml');
    await fsp.writeFile(configPath, 'port: 7621\n');
    const file = join(dir.path, 'b.tar.gz');
    const now = new Date(0);
    await createBackup({ stateDir, configPath, out: file, withLogs: false, version: '0', now });

    const configOut = join(dir.path, 'restored.yml');
    const { fs } = createNodeDeps({ HOME: dir.path });
    // The target appears between the check and the final link: link(2) then says EEXIST.
    const racing: Fs['link'] = async (from, to) => {
      await fsp.writeFile(configOut, 'mine\n');
      return fs.link(from, to);
    };
    const deps = { ...createNodeDeps({ HOME: dir.path }), ...withLink(racing) };
    const target = join(dir.path, 'new-state');
    await assert.rejects(restoreBackup({ file, stateDir: target, force: false, configOut }, deps), {
      code: 'config-out-exists',
      message: /appeared while restoring; pass --force .*; nothing was restored$/,
    });
    assert.deepEqual(await fsp.readdir(target), []);
    assert.equal(await fsp.readFile(configOut, 'utf8'), 'mine\n');
  });
});
