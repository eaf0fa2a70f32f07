import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, realpath, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { type ClaudeMdWritten, writeClaudeMd } from '../../src/projects/claude-md.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Fs } from '../../src/system/ports.js';
import { prepareClaudeHome } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';

const temp = useTempDir('clauster-claude-md-races-');
let dir: string;
let file: string;

const sha = (data: string) => createHash('sha256').update(data).digest('hex');
const deps = () => createNodeDeps({ HOME: temp.path });
const trust = () => ({ env: { HOME: temp.path }, home: temp.path });

beforeEach(async () => {
  await mkdir(join(temp.path, 'code', 'demo'), { recursive: true });
  dir = await realpath(join(temp.path, 'code', 'demo'));
  file = join(dir, 'CLAUDE.md');
  await prepareClaudeHome(temp.path, { trusted: [dir] });
});

// The real fs with `open` of the temp file (flag 'wx') delayed and then `hook` run.
function withTempOpen(hook: () => Promise<void>, delayMs = 0): Fs {
  const real = deps().fs;
  const open = (async (...args: Parameters<Fs['open']>) => {
    const handle = await real.open(...args);
    if (args[1] === 'wx') {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await hook();
    }
    return handle;
  }) as Fs['open'];
  return { ...real, open };
}

describe('writeClaudeMd() races', () => {
  it('writeClaudeMd() lets exactly one of two concurrent writes from one base succeed', async () => {
    await writeFile(file, 'base\n');
    // Both writes pause while their temp file is open, so without a per-file queue both
    // would pass the hash checks before either renames.
    const fs = withTempOpen(async () => undefined, 30);
    const results = await Promise.all(
      ['first\n', 'second\n'].map((text) =>
        writeClaudeMd(dir, { text, baseSha256: sha('base\n') }, trust(), { fs }),
      ),
    );
    const codes = results.map((result) => (result.ok ? 'ok' : result.code)).sort();
    assert.deepEqual(codes, ['claude-md-conflict', 'ok']);
    const winner = results.findIndex((result) => result.ok);
    assert.equal(await readFile(file, 'utf8'), winner === 0 ? 'first\n' : 'second\n');
    assert.deepEqual(await readdir(dir), ['CLAUDE.md']);
  });

  it('writeClaudeMd() refuses when the project folder is swapped for a link before the rename', async () => {
    await writeFile(file, 'old\n');
    const moved = `${dir}-moved`;
    const fs = withTempOpen(async () => {
      await rename(dir, moved);
      await symlink(moved, dir);
    });
    const result = await writeClaudeMd(dir, { text: 'new\n', baseSha256: sha('old\n') }, trust(), {
      fs,
    });
    assert.ok(!result.ok && result.code === 'not-regular-file', JSON.stringify(result));
    assert.match(result.detail, /project folder was replaced/);
    assert.equal(await readFile(join(moved, 'CLAUDE.md'), 'utf8'), 'old\n');
    assert.deepEqual(await readdir(moved), ['CLAUDE.md']);
  });

  it('writeClaudeMd() reports the replaced file when the directory fsync fails, then throws', async () => {
    const real = deps().fs;
    const open = (async (...args: Parameters<Fs['open']>) => {
      const handle = await real.open(...args);
      if (args[1] === 'r') handle.sync = () => Promise.reject(new Error('fake fsync failure'));
      return handle;
    }) as Fs['open'];
    const reported: ClaudeMdWritten[] = [];
    const onReplaced = async (written: ClaudeMdWritten) => {
      reported.push(written);
    };
    await assert.rejects(
      writeClaudeMd(
        dir,
        { text: 'new\n', baseSha256: null },
        { ...trust(), onReplaced },
        {
          fs: { ...real, open },
        },
      ),
      /fake fsync failure/,
    );
    assert.equal(await readFile(file, 'utf8'), 'new\n');
    assert.deepEqual(reported, [{ sha256: sha('new\n'), size: 4, created: true, before: null }]);
  });
});
