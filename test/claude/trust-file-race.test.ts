// The trust writer against another writer that takes no lock (the claude CLI): a change that
// lands after the writer's last byte comparison, just before its rename, must still survive.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { createTrustWriter, TrustFileError } from '../../src/claude/trust-file.js';
import type { Fs } from '../../src/system/ports.js';
import { useTempDir } from '../support/temp.js';

const temp = useTempDir();
let home: string;
let stateDir: string;
let path: string;

beforeEach(async () => {
  home = join(temp.path, 'home');
  stateDir = join(temp.path, 'state');
  await fs.mkdir(home);
  await fs.mkdir(stateDir, { mode: 0o700 });
  path = join(home, '.claude.json');
});

function writer(fsImpl: Fs, maxMergeAttempts?: number) {
  const options = maxMergeAttempts === undefined ? { stateDir } : { stateDir, maxMergeAttempts };
  return createTrustWriter(options, { fs: fsImpl, env: {}, home });
}

// What the CLI does: a complete new file renamed into place.
async function replaceAtomically(text: string): Promise<void> {
  await fs.writeFile(`${path}.cli-tmp`, text);
  await fs.rename(`${path}.cli-tmp`, path);
}

/** The real fs, except that `afterRead(n)` runs after the n-th readFile has read its bytes. */
function fsWithReadHook(afterRead: (n: number) => Promise<void>): Fs {
  let reads = 0;
  return {
    ...fs,
    readFile: (async (...args: Parameters<typeof fs.readFile>) => {
      const bytes = await fs.readFile(...args);
      reads++;
      await afterRead(reads);
      return bytes;
    }) as Fs['readFile'],
  };
}

const GRANT = { '/p/app': { hasTrustDialogAccepted: true } };

describe('createTrustWriter() racing an unlocked writer', () => {
  for (const [how, change] of [
    ['replaces the file', () => replaceAtomically('{"a": 1, "cli": "wrote"}')],
    ['rewrites it in place', () => fs.writeFile(path, '{"a": 1, "cli": "wrote"}')],
  ] as const) {
    it(`setTrusted() keeps a change made after its last byte check when the CLI ${how}`, async () => {
      await fs.writeFile(path, '{"a": 1}');
      // Read 1 is the merge's read, read 2 the byte check before the rename: the CLI writes
      // after that check has seen the old bytes, before the rename.
      const racing = fsWithReadHook(async (n) => {
        if (n === 2) await change();
      });
      assert.equal(await writer(racing).setTrusted('/p/app'), true);
      assert.deepEqual(JSON.parse(await fs.readFile(path, 'utf8')), {
        a: 1,
        cli: 'wrote',
        projects: GRANT,
      });
      const leftovers = (await fs.readdir(home)).filter((name) => name.endsWith('.tmp'));
      assert.deepEqual(leftovers, []);
    });
  }

  it('setTrusted() accepts a replacement with identical bytes without redoing its merge', async () => {
    const original = '{"a": 1}';
    await fs.writeFile(path, original);
    let temps = 0;
    const racing: Fs = {
      ...fsWithReadHook(async (n) => {
        if (n === 2) await replaceAtomically(original);
      }),
      open: (async (...args: Parameters<typeof fs.open>) => {
        const name = String(args[0]);
        if (name.endsWith('.tmp') && !name.includes('.bak.')) temps++;
        return fs.open(...args);
      }) as Fs['open'],
    };
    assert.equal(await writer(racing).setTrusted('/p/app'), true);
    assert.deepEqual(JSON.parse(await fs.readFile(path, 'utf8')), { a: 1, projects: GRANT });
    assert.equal(temps, 1, 'one temp file: the identical rewrite did not force a second merge');
  });

  it('setTrusted() gives up with claude-config-changed when every attempt is overtaken', async () => {
    await fs.writeFile(path, '{"a": 0}');
    const racing = fsWithReadHook(async (n) => {
      await replaceAtomically(`{"a": ${n}}`);
    });
    await assert.rejects(writer(racing, 3).setTrusted('/p/app'), (error: unknown) => {
      assert.ok(error instanceof TrustFileError);
      assert.equal(error.code, 'claude-config-changed');
      assert.match(error.message, /kept changing during 3 attempts; not written/);
      return true;
    });
    const last = JSON.parse(await fs.readFile(path, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(last), ['a'], 'the other writer’s last version is on disk');
    const leftovers = (await fs.readdir(home)).filter((name) => name.endsWith('.tmp'));
    assert.deepEqual(leftovers, []);
  });
});
