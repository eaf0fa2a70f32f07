import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AUDIT_MAX_BYTES, createAuditLog, createRotatingAuditLog } from '../../src/state/audit.js';
import type { Fs, Logger } from '../../src/system/ports.js';
import { readAuditEntries } from '../support/audit-log.js';
import { useTempDir } from '../support/temp.js';
import { nodeArgsFor } from '../support/ts-child.js';

const clock = { now: () => 0 };
const deps = { fs: fsp, clock };
// Every `{action: 'e', seq: <n>}` line is this long while n < 10.
const LINE = Buffer.byteLength(
  `${JSON.stringify({ ts: new Date(0).toISOString(), action: 'e', seq: 0 })}\n`,
);
const CHILD = nodeArgsFor(new URL('../support/audit-writer-child.ts', import.meta.url));

async function listAuditFiles(dir: string): Promise<string[]> {
  return (await fsp.readdir(dir)).filter((name) => name.startsWith('audit.jsonl')).sort();
}

async function readLines(path: string): Promise<Array<Record<string, unknown>>> {
  const text = await fsp.readFile(path, 'utf8');
  assert.ok(text.endsWith('\n'), `${path} ends with a whole line`);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

// Every file of the trail, oldest first (audit.jsonl.<keep> … .1, then audit.jsonl).
async function readTrail(dir: string, keep: number): Promise<Array<Record<string, unknown>>> {
  const names = Array.from({ length: keep }, (_, i) => `audit.jsonl.${keep - i}`);
  const all: Array<Record<string, unknown>> = [];
  for (const name of [...names, 'audit.jsonl']) {
    const lines = await readLines(join(dir, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    all.push(...lines);
  }
  return all;
}

async function filesHolding(dir: string, action: string): Promise<number> {
  let count = 0;
  for (const name of await listAuditFiles(dir)) {
    if ((await readLines(join(dir, name))).some((e) => e.action === action)) count++;
  }
  return count;
}

describe('createRotatingAuditLog()', () => {
  const dir = useTempDir();

  it('createRotatingAuditLog() rotates only when an append would pass maxBytes', async () => {
    const audit = createRotatingAuditLog(dir.path, { maxBytes: 3 * LINE }, deps);
    for (let seq = 0; seq < 3; seq++) await audit.append({ action: 'e', seq });
    assert.deepEqual(await listAuditFiles(dir.path), ['audit.jsonl'], 'exactly at the limit');
    await audit.append({ action: 'e', seq: 3 });
    assert.deepEqual(await listAuditFiles(dir.path), ['audit.jsonl', 'audit.jsonl.1']);
    const rotated = await readLines(join(dir.path, 'audit.jsonl.1'));
    assert.deepEqual(
      rotated.map((e) => e.seq),
      [0, 1, 2],
    );
    const current = await readLines(join(dir.path, 'audit.jsonl'));
    assert.deepEqual(
      current.map((e) => e.seq),
      [3],
    );
  });

  it('createRotatingAuditLog() keeps 5 rotated files, deletes the oldest, all 0600', async () => {
    const audit = createRotatingAuditLog(dir.path, { maxBytes: LINE }, deps);
    for (let seq = 0; seq < 8; seq++) await audit.append({ action: 'e', seq });
    const files = await listAuditFiles(dir.path);
    assert.deepEqual(files, ['audit.jsonl', ...[1, 2, 3, 4, 5].map((n) => `audit.jsonl.${n}`)]);
    for (const name of files) {
      assert.equal((await fsp.stat(join(dir.path, name))).mode & 0o777, 0o600, name);
    }
    const trail = await readAuditEntries(dir.path);
    assert.deepEqual(
      trail.map((e) => e.seq),
      [2, 3, 4, 5, 6, 7],
    );
  });

  it('createRotatingAuditLog() writes a line longer than maxBytes whole', async () => {
    const audit = createRotatingAuditLog(dir.path, { maxBytes: 10 }, deps);
    await audit.append({ action: 'small' });
    await audit.append({ action: 'big', detail: 'x'.repeat(100) });
    const current = await readLines(join(dir.path, 'audit.jsonl'));
    assert.deepEqual(
      current.map((e) => e.action),
      ['big'],
    );
  });

  it('createRotatingAuditLog() defaults to rotating past 5 MiB', async () => {
    assert.equal(AUDIT_MAX_BYTES, 5 * 1024 * 1024);
    const path = join(dir.path, 'audit.jsonl');
    await fsp.writeFile(path, `${'x'.repeat(AUDIT_MAX_BYTES - LINE - 1)}\n`, { mode: 0o600 });
    const audit = createRotatingAuditLog(dir.path, {}, deps);
    await audit.append({ action: 'e', seq: 0 });
    assert.deepEqual(await listAuditFiles(dir.path), ['audit.jsonl'], 'fits exactly');
    await audit.append({ action: 'e', seq: 1 });
    assert.deepEqual(await listAuditFiles(dir.path), ['audit.jsonl', 'audit.jsonl.1']);
    assert.equal((await fsp.stat(path)).size, LINE);
  });

  it('createRotatingAuditLog() keeps call order and whole lines under concurrent appends', async () => {
    const audit = createRotatingAuditLog(dir.path, { maxBytes: 2000, keep: 99 }, deps);
    await Promise.all(Array.from({ length: 300 }, (_, seq) => audit.append({ action: 'e', seq })));
    const trail = await readTrail(dir.path, 99);
    assert.deepEqual(
      trail.map((e) => e.seq),
      Array.from({ length: 300 }, (_, seq) => seq),
    );
    assert.ok((await listAuditFiles(dir.path)).length > 5, 'it did rotate');
  });

  it('createRotatingAuditLog() loses no line of a CLI process appending meanwhile', {
    timeout: 120_000,
  }, async () => {
    const audit = createRotatingAuditLog(dir.path, { maxBytes: 2000, keep: 99 }, deps);
    const child = spawn(process.execPath, [...CHILD, dir.path, '400'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let done = false;
    void exited.then(() => {
      done = true;
    });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    let count = 0;
    // Paced, so the parent's own lines stay well within 99 files while the child runs.
    while (!done) {
      await audit.append({ action: 'e', seq: count++ });
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    assert.equal(await exited, 0);
    assert.deepEqual(await fsp.readdir(dir.path).then((n) => n.includes('audit.jsonl.99')), false);
    const trail = await readTrail(dir.path, 99);
    const seqs = (action: string) => trail.filter((e) => e.action === action).map((e) => e.seq);
    assert.deepEqual(
      seqs('child'),
      Array.from({ length: 400 }, (_, seq) => seq),
    );
    assert.deepEqual(
      seqs('e'),
      Array.from({ length: count }, (_, seq) => seq),
    );
    const holding = await filesHolding(dir.path, 'child');
    assert.ok(holding > 1, `rotation happened while the child appended (${holding} files)`);
  });

  it('createRotatingAuditLog() still appends, and warns, when rotation fails', async () => {
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m) } as unknown as Logger;
    const refusing: Fs = {
      ...fsp,
      rename: () => Promise.reject(Object.assign(new Error('EACCES: denied'), { code: 'EACCES' })),
    };
    const audit = createRotatingAuditLog(
      dir.path,
      { maxBytes: LINE, logger },
      { fs: refusing, clock },
    );
    for (let seq = 0; seq < 3; seq++) await audit.append({ action: 'e', seq });
    const current = await readLines(join(dir.path, 'audit.jsonl'));
    assert.deepEqual(
      current.map((e) => e.seq),
      [0, 1, 2],
    );
    assert.equal(warnings.length, 2);
  });

  it('createRotatingAuditLog() refuses a limit that is not a positive integer', () => {
    for (const options of [{ maxBytes: 0 }, { maxBytes: 1.5 }, { keep: 0 }, { keep: 100 }]) {
      assert.throws(() => createRotatingAuditLog(dir.path, options, deps), RangeError);
    }
  });
});

describe('createAuditLog()', () => {
  const dir = useTempDir();

  it('createAuditLog() appends 0600 lines and never rotates', async () => {
    const path = join(dir.path, 'audit.jsonl');
    await fsp.writeFile(path, `${'x'.repeat(AUDIT_MAX_BYTES)}\n`, { mode: 0o600 });
    await createAuditLog(dir.path, deps).append({ action: 'e', seq: 0 });
    assert.deepEqual(await listAuditFiles(dir.path), ['audit.jsonl']);
    await fsp.rm(path);
    await createAuditLog(dir.path, deps).append({ action: 'e', seq: 1 });
    assert.equal((await fsp.stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(
      (await readAuditEntries(dir.path)).map((e) => e.seq),
      [1],
    );
  });
});

describe('audit log target', () => {
  const dir = useTempDir();
  // maxBytes: the rotating log's limit (the CLI's log never rotates).
  const writers = [
    [
      'createAuditLog()',
      (logger: Logger, _maxBytes: number) => createAuditLog(dir.path, deps, { logger }),
    ],
    [
      'createRotatingAuditLog()',
      (logger: Logger, maxBytes: number) =>
        createRotatingAuditLog(dir.path, { maxBytes, logger }, deps),
    ],
  ] as const;

  for (const [name, open] of writers) {
    it(`${name} never writes through a symbolic link at audit.jsonl, and warns naming it`, async () => {
      const outside = join(dir.path, 'outside.txt');
      await fsp.writeFile(outside, 'untouched\n');
      const path = join(dir.path, 'audit.jsonl');
      await fsp.symlink(outside, path);
      const warnings: Array<[string, Record<string, unknown>]> = [];
      const logger = {
        warn: (m: string, f: Record<string, unknown>) => warnings.push([m, f]),
        error: (m: string) => assert.fail(`unexpected error: ${m}`),
      } as unknown as Logger;
      const audit = open(logger, 1);
      await audit.append({ action: 'e', seq: 0 });
      await audit.append({ action: 'e', seq: 1 });
      assert.equal(await fsp.readFile(outside, 'utf8'), 'untouched\n');
      assert.ok((await fsp.lstat(path)).isSymbolicLink(), 'the link is left in place');
      assert.deepEqual(await listAuditFiles(dir.path), ['audit.jsonl'], 'nothing rotated');
      assert.equal(warnings.length, 2);
      const [message, fields] = warnings[0] ?? ['', {}];
      assert.equal(message, 'audit entry not written');
      assert.equal(fields.path, path);
      assert.match(String(fields.reason), /is a symbolic link/);
      await fsp.rm(path);
      await fsp.rm(outside);
    });

    it(`${name} ends a line torn by a crash before its first entry, once`, async () => {
      const path = join(dir.path, 'audit.jsonl');
      await fsp.writeFile(path, `${JSON.stringify({ action: 'old' })}\n{"ts":"1970-01-01T00:0`, {
        mode: 0o600,
      });
      const logger = { warn: () => undefined, error: () => undefined } as unknown as Logger;
      const audit = open(logger, AUDIT_MAX_BYTES);
      await audit.append({ action: 'e', seq: 0 });
      await audit.append({ action: 'e', seq: 1 });
      const lines = (await fsp.readFile(path, 'utf8')).split('\n');
      assert.equal(lines[1], '{"ts":"1970-01-01T00:0', 'the torn line is kept as it was');
      assert.deepEqual(JSON.parse(lines[2] ?? ''), {
        ts: new Date(0).toISOString(),
        action: 'e',
        seq: 0,
      });
      assert.deepEqual(JSON.parse(lines[3] ?? ''), {
        ts: new Date(0).toISOString(),
        action: 'e',
        seq: 1,
      });
      assert.equal(lines.length, 5);
      await fsp.rm(path);
    });
  }

  it('createAuditLog() adds no newline to a file that ends in one', async () => {
    const path = join(dir.path, 'audit.jsonl');
    await fsp.writeFile(path, `${JSON.stringify({ action: 'old' })}\n`, { mode: 0o600 });
    const audit = createAuditLog(dir.path, deps);
    await audit.append({ action: 'e', seq: 0 });
    await audit.append({ action: 'e', seq: 1 });
    assert.deepEqual(
      (await readLines(path)).map((e) => e.action),
      ['old', 'e', 'e'],
    );
    assert.ok(!(await fsp.readFile(path, 'utf8')).includes('\n\n'));
    await fsp.rm(path);
  });
});
