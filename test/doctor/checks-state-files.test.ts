import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkStateFilesRow } from '../../src/doctor/checks-state-files.js';
import { recordReadFile } from '../support/counting-fs.js';
import { makeCheckContext } from '../support/doctor-context.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

const VALID: Record<string, string> = {
  'bridges.json': '{"schema_version":1,"bridges":[]}\n',
  'tokens.json': '{"schema_version":1,"tokens":[]}\n',
  'session.epoch': '{"schema_version":1,"epoch":7}\n',
  'session.secret': `${'s'.repeat(40)}\n`,
  'instance.lock': '{"schema_version":1,"pid":1,"start_ticks":1,"boot_id":"b"}\n',
  'audit.jsonl': '{"action":"start"}\n',
};

function stateDir(): string {
  return join(home.path, 'state');
}

/** A state_dir holding every file, valid, except those in `damaged` (null: left out). */
async function makeState(damaged: Record<string, string | null> = {}): Promise<string> {
  const dir = stateDir();
  await mkdir(dir, { mode: 0o700 });
  for (const [name, text] of Object.entries({ ...VALID, ...damaged })) {
    if (text !== null) await writeFile(join(dir, name), text, { mode: 0o600 });
  }
  return dir;
}

async function runRow(raw: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  const ctx = makeCheckContext({
    home: home.path,
    raw: { state_dir: stateDir(), auth: { enabled: true }, ...raw },
    env,
  });
  return checkStateFilesRow(ctx);
}

/** Every entry of the state_dir with its content (or link target): to prove nothing changed. */
async function snapshot(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).sort();
  return Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      const link = await readlink(path).catch(() => null);
      if (link !== null) return `${name} -> ${link}`;
      const text = await readFile(path, 'utf8').catch((error) => `(${error.code})`);
      return `${name}: ${text}`;
    }),
  );
}

describe('checkStateFilesRow()', () => {
  it('checkStateFilesRow() is OK when every state file is valid', async () => {
    await makeState();
    const row = await runRow();
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /bridges\.json, tokens\.json, session\.epoch, .*: readable or absent/);
    assert.equal(row.fix, null);
  });

  it('checkStateFilesRow() is OK when state files are missing (run creates them)', async () => {
    await mkdir(stateDir());
    assert.equal((await runRow()).status, 'OK');
  });

  it('checkStateFilesRow() is OK when state_dir does not exist yet', async () => {
    const row = await runRow();
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /does not exist yet/);
  });

  it('checkStateFilesRow() is not checked without a config', async () => {
    const row = await checkStateFilesRow(makeCheckContext({ home: home.path, raw: null }));
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /not checked/);
  });

  it('checkStateFilesRow() fails for a session.epoch cut mid-JSON (run refuses)', async () => {
    await makeState({ 'session.epoch': '{"schema_version":1,"ep' });
    const row = await runRow();
    assert.equal(row.status, 'FAIL');
    assert.match(row.detail, /session\.epoch is damaged \(expected JSON .*refuses to start/);
    assert.match(row.fix ?? '', /restore session\.epoch from a backup, or remove it/);
  });

  it('checkStateFilesRow() warns for a dangling session.epoch link (run starts a new epoch)', async () => {
    const dir = await makeState({ 'session.epoch': null });
    await symlink(join(home.path, 'gone', 'epoch'), join(dir, 'session.epoch'));
    const row = await runRow();
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /session\.epoch is a symbolic link to a missing file/);
  });

  it('checkStateFilesRow() leaves session.secret to the config row while auth is on', async () => {
    const dir = await makeState({ 'session.secret': null });
    await symlink(join(home.path, 'gone', 'secret'), join(dir, 'session.secret'));
    const row = await runRow();
    assert.equal(row.status, 'OK', row.detail);
  });

  it('checkStateFilesRow() does not read a session.secret in use (the config row read it)', async () => {
    const dir = await makeState();
    const ctx = makeCheckContext({
      home: home.path,
      raw: { state_dir: dir, auth: { enabled: true } },
    });
    const { fs: recording, read } = recordReadFile(ctx.deps.fs);
    const row = await checkStateFilesRow({ ...ctx, deps: { ...ctx.deps, fs: recording } });
    assert.equal(row.status, 'OK', row.detail);
    assert.ok(read.length > 0, 'the other state files were read');
    assert.ok(!read.some((path) => path.endsWith('session.secret')), read.join(', '));
  });

  it('checkStateFilesRow() warns for a damaged session.secret while auth and webhooks are off', async () => {
    const dir = await makeState({ 'session.secret': null });
    await symlink(join(home.path, 'gone', 'secret'), join(dir, 'session.secret'));
    const row = await runRow({ auth: { enabled: false } });
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /not used while auth and webhooks are off/);
  });

  it('checkStateFilesRow() warns for a too short session.secret, naming only its size', async () => {
    await makeState({ 'session.secret': 'tiny12\n' });
    const row = await runRow({ auth: { enabled: false } });
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /session\.secret is too short \(6 bytes, at least 32 are needed\)/);
    assert.doesNotMatch(row.detail, /tiny12/);
  });

  it('checkStateFilesRow() warns for a session.secret that is a directory', async () => {
    const dir = await makeState({ 'session.secret': null });
    await mkdir(join(dir, 'session.secret'));
    const row = await runRow({ auth: { enabled: false } });
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /session\.secret cannot be read \(EISDIR\)/);
  });

  it('checkStateFilesRow() leaves session.secret to the config row when another source is set', async () => {
    await makeState({ 'session.secret': '' });
    const row = await runRow({}, { CLAUSTER_SESSION_SECRET: 'e'.repeat(40) });
    assert.equal(row.status, 'OK');
  });

  it('checkStateFilesRow() fails for an instance.lock that is a directory', async () => {
    const dir = await makeState({ 'instance.lock': null });
    await mkdir(join(dir, 'instance.lock'));
    const row = await runRow();
    assert.equal(row.status, 'FAIL');
    assert.match(row.detail, /instance\.lock is a directory, not a lock file/);
    assert.match(row.fix ?? '', /rm -r ".*instance\.lock"/);
  });

  it('checkStateFilesRow() fails for a dangling instance.lock link', async () => {
    const dir = await makeState({ 'instance.lock': null });
    await symlink(join(home.path, 'gone', 'lock'), join(dir, 'instance.lock'));
    const row = await runRow();
    assert.equal(row.status, 'FAIL');
    assert.match(row.detail, /instance\.lock is a symbolic link to something that cannot be read/);
  });

  it('checkStateFilesRow() warns for a bridges.json cut mid-JSON (records are dropped)', async () => {
    await makeState({ 'bridges.json': '{"schema_version":1,"bri' });
    const row = await runRow();
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /bridges\.json is not a valid bridges document/);
    assert.match(row.fix ?? '', /clauster adopt/);
  });

  it('checkStateFilesRow() fails for a dangling bridges.json link (run refuses)', async () => {
    const dir = await makeState({ 'bridges.json': null });
    await symlink(join(home.path, 'gone', 'bridges.json'), join(dir, 'bridges.json'));
    const row = await runRow();
    assert.equal(row.status, 'FAIL');
    assert.match(row.detail, /bridges\.json is a symbolic link to a missing file/);
  });

  it('checkStateFilesRow() fails for a bridges.json that is a directory', async () => {
    const dir = await makeState({ 'bridges.json': null });
    await mkdir(join(dir, 'bridges.json'));
    const row = await runRow();
    assert.equal(row.status, 'FAIL');
    assert.match(row.detail, /bridges\.json cannot be read \(EISDIR\)/);
  });

  it('checkStateFilesRow() warns for a tokens.json cut mid-JSON (API tokens are refused)', async () => {
    await makeState({ 'tokens.json': '{"schema_version":1,"tok' });
    const row = await runRow();
    assert.equal(row.status, 'WARN');
    assert.match(
      row.detail,
      /tokens\.json is damaged \(expected JSON\): every API token is refused/,
    );
    assert.match(row.fix ?? '', /clauster api-token issue/);
  });

  it('checkStateFilesRow() warns for an audit.jsonl that is a directory', async () => {
    const dir = await makeState({ 'audit.jsonl': null });
    await mkdir(join(dir, 'audit.jsonl'));
    const row = await runRow();
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /audit\.jsonl is a directory: .*drops every audit entry/);
  });

  it('checkStateFilesRow() warns for an audit.jsonl that is a symbolic link', async () => {
    const dir = await makeState({ 'audit.jsonl': null });
    await writeFile(join(home.path, 'elsewhere.jsonl'), '');
    await symlink(join(home.path, 'elsewhere.jsonl'), join(dir, 'audit.jsonl'));
    const row = await runRow();
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /audit\.jsonl is a symbolic link/);
  });

  it('checkStateFilesRow() fails for FIFOs in place of the state files without opening one', {
    timeout: 10_000,
  }, async () => {
    const names = [
      'bridges.json',
      'tokens.json',
      'session.epoch',
      'session.secret',
      'instance.lock',
      'audit.jsonl',
    ];
    const dir = await makeState(Object.fromEntries(names.map((name) => [name, null])));
    for (const name of names) execFileSync('mkfifo', [join(dir, name)]);
    // Auth off, so session.secret is this row's (with auth on the config row's).
    const row = await runRow({ auth: { enabled: false } });
    assert.equal(row.status, 'FAIL');
    for (const name of names.slice(0, 5)) {
      const file = name.replace('.', '\\.');
      assert.match(
        row.detail,
        new RegExp(`${file} is not a regular file \\(a FIFO\\? a device\\?\\)`),
      );
    }
    assert.match(
      row.detail,
      /bridges\.json is not a regular file .*: clauster run refuses to start/,
    );
    assert.match(row.detail, /instance\.lock is not a regular file .*, not a lock file/);
    assert.match(row.detail, /audit\.jsonl is not a regular file: .*drops every audit entry/);
    assert.match(
      row.fix ?? '',
      /remove .*bridges\.json \(a FIFO or device holds no bridge records\)/,
    );
  });

  it('checkStateFilesRow() names every damaged file, FAIL over WARN, and changes nothing', async () => {
    const dir = await makeState({
      'bridges.json': '{',
      'tokens.json': '{',
      'session.epoch': '{',
      'session.secret': 'tiny\n',
      'instance.lock': null,
      'audit.jsonl': null,
    });
    await mkdir(join(dir, 'instance.lock'));
    await mkdir(join(dir, 'audit.jsonl'));
    await symlink(join(home.path, 'gone'), join(dir, 'dangling'));
    const before = await snapshot(dir);
    // Auth off, so the short session.secret is this row's (with auth on the config row's).
    const row = await runRow({ auth: { enabled: false } });
    assert.equal(row.status, 'FAIL');
    for (const name of [
      'bridges.json',
      'tokens.json',
      'session.epoch',
      'instance.lock',
      'audit.jsonl',
    ])
      assert.match(row.detail, new RegExp(`${name.replace('.', '\\.')} (is|cannot)`));
    assert.match(row.detail, /session\.secret is too short/);
    assert.match(row.fix ?? '', /restore session\.secret from a backup/);
    assert.equal(`${row.detail} ${row.fix}`.includes('<redacted>'), false);
    assert.equal(row.detail.includes('\n'), false);
    assert.deepEqual(await snapshot(dir), before);
  });
});
