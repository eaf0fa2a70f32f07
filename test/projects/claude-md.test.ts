import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { readClaudeMd, writeClaudeMd } from '../../src/projects/claude-md.js';
import { MAX_CLAUDE_MD_BYTES } from '../../src/projects/claude-md-text.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Fs } from '../../src/system/ports.js';
import { prepareClaudeHome } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';

const temp = useTempDir('clauster-claude-md-');
let dir: string;
let file: string;

const sha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const deps = () => createNodeDeps({ HOME: temp.path });
const trust = () => ({ env: { HOME: temp.path }, home: temp.path });

beforeEach(async () => {
  dir = join(temp.path, 'code', 'demo');
  file = join(dir, 'CLAUDE.md');
  await mkdir(dir, { recursive: true });
  await prepareClaudeHome(temp.path, { trusted: [dir] });
});

describe('readClaudeMd()', () => {
  it('readClaudeMd() answers exists false when there is no file', async () => {
    assert.deepEqual(await readClaudeMd(dir, deps()), { ok: true, value: { exists: false } });
  });

  it('readClaudeMd() returns the text, its sha256, size and mtime', async () => {
    await writeFile(file, '# Rules\nBe kind. é\n');
    const read = await readClaudeMd(dir, deps());
    assert.ok(read.ok && read.value.exists);
    assert.equal(read.value.text, '# Rules\nBe kind. é\n');
    assert.equal(read.value.sha256, sha('# Rules\nBe kind. é\n'));
    assert.equal(read.value.size, Buffer.byteLength('# Rules\nBe kind. é\n'));
    // From mtimeMs, as the reader does: Node's Date of a stat can round the fraction the other way.
    assert.equal(read.value.mtime, new Date((await stat(file)).mtimeMs).toISOString());
  });

  it('readClaudeMd() reads a file of exactly the cap', async () => {
    await writeFile(file, 'x'.repeat(MAX_CLAUDE_MD_BYTES));
    const read = await readClaudeMd(dir, deps());
    assert.ok(read.ok && read.value.exists && read.value.size === MAX_CLAUDE_MD_BYTES);
  });

  const REFUSED: [string, () => Promise<void>, string, RegExp][] = [
    ['a symlink inside the project', () => linkTo('notes.md'), 'not-regular-file', /link/],
    ['a symlink outside the project', () => linkTo('../../outside.md'), 'not-regular-file', /link/],
    [
      'a dangling symlink',
      () => symlink(join(temp.path, 'gone'), file),
      'not-regular-file',
      /link/,
    ],
    ['a directory', () => mkdir(file), 'not-regular-file', /directory/],
    ['a FIFO', async () => void execFileSync('mkfifo', [file]), 'not-regular-file', /FIFO/],
    [
      'a file over 256 KiB',
      () => writeFile(file, 'x'.repeat(MAX_CLAUDE_MD_BYTES + 1)),
      'too-large',
      /262145/,
    ],
    ['invalid UTF-8', () => writeFile(file, Buffer.from([0x61, 0xff, 0x62])), 'not-text', /UTF-8/],
  ];
  for (const [title, make, code, detail] of REFUSED) {
    it(`readClaudeMd() refuses ${title}`, async () => {
      await make();
      const read = await readClaudeMd(dir, deps());
      assert.equal(read.ok, false);
      assert.ok(!read.ok);
      assert.equal(read.code, code);
      assert.match(read.detail, detail);
    });
  }
});

async function linkTo(target: string): Promise<void> {
  await writeFile(join(dir, 'notes.md'), 'inside');
  await writeFile(join(temp.path, 'outside.md'), 'outside');
  await symlink(target, file);
}

const write = (text: string, baseSha256: string | null, d = deps()) =>
  writeClaudeMd(dir, { text, baseSha256 }, trust(), d);

describe('writeClaudeMd()', () => {
  it('writeClaudeMd() creates the file 0644 when base is null, whatever the umask', async () => {
    // A umask that would narrow a plain create to 0600: only the exact chmod gives 0644.
    const previous = process.umask(0o077);
    const result = await write('# New\n', null).finally(() => process.umask(previous));
    assert.deepEqual(result, {
      ok: true,
      value: { sha256: sha('# New\n'), size: 6, created: true, before: null },
    });
    assert.equal(await readFile(file, 'utf8'), '# New\n');
    assert.equal((await stat(file)).mode & 0o777, 0o644);
    assert.deepEqual(await readdir(dir), ['CLAUDE.md']);
  });

  it('writeClaudeMd() replaces the file when base matches and keeps its mode', async () => {
    await writeFile(file, 'old\n');
    await chmod(file, 0o664);
    const result = await write('new\tline\r\n', sha('old\n'));
    assert.ok(result.ok);
    assert.deepEqual(result.value.before, { sha256: sha('old\n'), size: 4 });
    assert.equal(result.value.created, false);
    assert.equal(await readFile(file, 'utf8'), 'new\tline\r\n');
    assert.equal((await stat(file)).mode & 0o777, 0o664);
  });

  const CONFLICTS: [string, string | null, string | null, RegExp][] = [
    ['create-only on an existing file', 'disk\n', null, /already exists/],
    ['a base that does not match', 'disk\n', sha('other'), /changed on disk/],
    ['a base for a file that is gone', null, sha('other'), /removed/],
  ];
  for (const [title, onDisk, base, detail] of CONFLICTS) {
    it(`writeClaudeMd() answers claude-md-conflict for ${title}`, async () => {
      if (onDisk !== null) await writeFile(file, onDisk);
      const result = await write('mine\n', base);
      assert.ok(!result.ok && result.code === 'claude-md-conflict');
      assert.match(result.detail, detail);
      assert.equal(result.currentSha256, onDisk === null ? null : sha(onDisk));
      assert.deepEqual(await readdir(dir), onDisk === null ? [] : ['CLAUDE.md']);
      if (onDisk !== null) assert.equal(await readFile(file, 'utf8'), onDisk);
    });
  }

  const BAD_TEXT: [string, string, string, RegExp][] = [
    ['a NUL', 'ab\u0000c', 'not-text', /0x00 at byte offset 2/],
    ['an escape after a two-byte letter', 'é\u001b[31m', 'not-text', /0x1b at byte offset 2/],
    ['a lone surrogate', 'a\ud800b', 'not-text', /surrogate/],
    ['text over 256 KiB', 'x'.repeat(MAX_CLAUDE_MD_BYTES + 1), 'too-large', /at most 262144/],
  ];
  for (const [title, text, code, detail] of BAD_TEXT) {
    it(`writeClaudeMd() refuses ${title} and writes nothing`, async () => {
      const result = await write(text, null);
      assert.ok(!result.ok);
      assert.equal(result.code, code);
      assert.match(result.detail, detail);
      assert.deepEqual(await readdir(dir), []);
    });
  }

  it('writeClaudeMd() refuses an untrusted project', async () => {
    await prepareClaudeHome(temp.path, { trusted: [] });
    const result = await write('# New\n', null);
    assert.ok(!result.ok && result.code === 'untrusted');
    assert.match(result.detail, /does not trust/);
    assert.deepEqual(await readdir(dir), []);
  });

  it('writeClaudeMd() never writes through a symlink', async () => {
    await linkTo('../../outside.md');
    const result = await write('evil\n', sha('outside'));
    assert.ok(!result.ok && result.code === 'not-regular-file');
    assert.equal(await readFile(join(temp.path, 'outside.md'), 'utf8'), 'outside');
    assert.ok((await readdir(dir)).every((name) => !name.endsWith('.tmp')));
  });

  it('writeClaudeMd() answers conflict when the file changes just before the rename', async () => {
    await writeFile(file, 'old\n');
    const real = deps();
    // Someone edits CLAUDE.md while the temp file is being written.
    const open = (async (...args: Parameters<Fs['open']>) => {
      if (String(args[0]).endsWith('.tmp')) await writeFile(file, 'theirs\n');
      return real.fs.open(...args);
    }) as Fs['open'];
    const result = await write('mine\n', sha('old\n'), { ...real, fs: { ...real.fs, open } });
    assert.ok(!result.ok && result.code === 'claude-md-conflict');
    assert.equal(result.currentSha256, sha('theirs\n'));
    assert.equal(await readFile(file, 'utf8'), 'theirs\n');
    assert.deepEqual(await readdir(dir), ['CLAUDE.md']);
  });

  it('writeClaudeMd() leaves no temp file and the old text when the rename fails', async () => {
    await writeFile(file, 'old\n');
    const real = deps();
    const rename = async () => {
      throw Object.assign(new Error('fake I/O error'), { code: 'EIO' });
    };
    const failing = { ...real, fs: { ...real.fs, rename } };
    await assert.rejects(write('mine\n', sha('old\n'), failing), /fake I\/O error/);
    assert.equal(await readFile(file, 'utf8'), 'old\n');
    assert.deepEqual(await readdir(dir), ['CLAUDE.md']);
  });
});
