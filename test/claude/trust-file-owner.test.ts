import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { pickOwner } from '../../src/claude/claude-json-file.js';
import { createTrustWriter, TrustFileError } from '../../src/claude/trust-file.js';
import { useTempDir } from '../support/temp.js';

const temp = useTempDir();
let home: string;
let stateDir: string;
const ORIGINAL = '{"keep": true}\n';

beforeEach(async () => {
  home = join(temp.path, 'home');
  stateDir = join(temp.path, 'state');
  await fs.mkdir(home);
  await fs.mkdir(stateDir, { mode: 0o700 });
});

function writer(user?: { uid: number; gid: number }) {
  return createTrustWriter({ stateDir, ...(user ? { user } : {}) }, { fs, env: {}, home });
}

const isInvalid = (error: unknown) =>
  error instanceof TrustFileError && error.code === 'claude-config-invalid';

describe('createTrustWriter() and links', () => {
  it('setTrusted() refuses a dangling .claude.json link and leaves it a link', async () => {
    const link = join(home, '.claude.json');
    const missing = join(temp.path, 'unmounted', 'claude.json');
    await fs.symlink(missing, link);
    await assert.rejects(writer().setTrusted('/p/app'), (error: unknown) => {
      assert.ok(isInvalid(error));
      assert.match((error as Error).message, /link whose target cannot be resolved/);
      return true;
    });
    assert.ok((await fs.lstat(link)).isSymbolicLink(), 'the link was not replaced');
    assert.equal(await fs.readlink(link), missing);
    await assert.rejects(fs.access(missing));
  });
});

describe('createTrustWriter() and the file owner', () => {
  it("setTrusted() refuses another user's file when it could not keep the owner", async () => {
    const path = join(home, '.claude.json');
    await fs.writeFile(path, ORIGINAL, { mode: 0o600 });
    const { uid, gid } = await fs.stat(path);
    // This process plays a user that neither owns the file nor is root.
    const other = { uid: uid + 4242, gid: gid + 4242 };
    await assert.rejects(writer(other).setTrusted('/p/app'), (error: unknown) => {
      assert.ok(isInvalid(error));
      assert.match((error as Error).message, new RegExp(`owned by uid ${uid}, not by this user`));
      return true;
    });
    assert.equal(await fs.readFile(path, 'utf8'), ORIGINAL);
    assert.deepEqual((await fs.readdir(home)).sort(), ['.claude.json'], 'no backup, no temp');
  });

  it('setTrusted() turns a refused chown to a group the user is not in into a clear error', async () => {
    const path = join(home, '.claude.json');
    await fs.writeFile(path, ORIGINAL, { mode: 0o600 });
    const { uid, gid } = await fs.stat(path);
    // Same uid, another group: a chown is planned, and the kernel refuses it (EPERM).
    const eperm = Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
    const open = (async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      return Object.assign(Object.create(handle), { chown: async () => Promise.reject(eperm) });
    }) as typeof fs.open;
    const user = { uid, gid: gid + 4242 };
    const refusing = createTrustWriter({ stateDir, user }, { fs: { ...fs, open }, env: {}, home });
    await assert.rejects(refusing.setTrusted('/p/app'), (error: unknown) => {
      assert.ok(isInvalid(error));
      assert.match(
        (error as Error).message,
        new RegExp(`its group \\(gid ${gid}\\).*EPERM.*chgrp`),
      );
      return true;
    });
    assert.equal(await fs.readFile(path, 'utf8'), ORIGINAL);
    assert.deepEqual((await fs.readdir(home)).sort(), ['.claude.json'], 'no backup, no temp');
  });

  it('pickOwner() keeps the owner for root and the owner, refuses anyone else', () => {
    const file = { uid: 1000, gid: 1000 };
    assert.equal(pickOwner('/f', file, { uid: 1000, gid: 1000 }), undefined);
    assert.deepEqual(pickOwner('/f', file, { uid: 0, gid: 0 }), file);
    assert.deepEqual(pickOwner('/f', file, { uid: 1000, gid: 50 }), file);
    assert.throws(() => pickOwner('/f', file, { uid: 1001, gid: 1000 }), isInvalid);
  });

  it("setTrusted() run as root keeps another user's owner on the file and its backup", async (t) => {
    if (process.getuid?.() !== 0) {
      // Only root can create another user's file here; the rule itself is pinned above.
      t.diagnostic('not root: checked through pickOwner() only');
      assert.deepEqual(pickOwner('/f', { uid: 7, gid: 7 }, { uid: 0, gid: 0 }), { uid: 7, gid: 7 });
      return;
    }
    const path = join(home, '.claude.json');
    await fs.writeFile(path, ORIGINAL, { mode: 0o600 });
    await fs.chown(path, 1000, 1001);
    assert.equal(await writer().setTrusted('/p/app'), true);
    const after = await fs.stat(path);
    assert.deepEqual([after.uid, after.gid, after.mode & 0o777], [1000, 1001, 0o600]);
    const backup = await fs.stat(`${path}.bak`);
    assert.deepEqual([backup.uid, backup.gid], [1000, 1001]);
    assert.deepEqual(JSON.parse(await fs.readFile(path, 'utf8')), {
      keep: true,
      projects: { '/p/app': { hasTrustDialogAccepted: true } },
    });
  });
});
