// PUT /api/config under races and failures: concurrent saves from one base, a failing
// directory fsync or backup prune after the rename, a deleted file, and what a 422 quotes.
import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { createApp } from '../../../src/http/app.js';
import { createNodeDeps } from '../../../src/system/node.js';
import type { Fs, Logger } from '../../../src/system/ports.js';
import { createTestContext } from '../../support/app-context.js';
import { readJson } from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

const dir = useTempDir();

type FsPatch = (fs: Fs, armed: () => boolean) => Partial<Fs>;

async function setup(patch?: FsPatch) {
  const home = dir.path;
  const path = join(home, 'clauster.yml');
  const stateDir = join(home, 'state');
  await writeFile(path, `state_dir: ${stateDir}\nlog_level: info\n`);
  const deps = createNodeDeps({ HOME: home });
  let renamed = false;
  const rename = (async (from: string, to: string) => {
    await deps.fs.rename(from, to);
    renamed = true;
  }) as Fs['rename'];
  const fs: Fs = { ...deps.fs, rename, ...patch?.(deps.fs, () => renamed) };
  const warnings: string[] = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => warnings.push(message),
    error: () => undefined,
  };
  const ctx = createTestContext({
    home,
    raw: { state_dir: stateDir },
    overrides: { deps: { ...deps, fs }, logger, configSource: { path, cwd: home } },
  });
  const app = createApp(ctx);
  const sha = async () => String((await readJson(await app.request('/api/config'))).sha256);
  const put = (base: string, changes: Record<string, unknown>) =>
    app.request('/api/config', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ base_sha256: base, changes }),
    });
  const backups = async () =>
    (await readdir(home)).filter((name) => name.startsWith('clauster.yml.bak-'));
  return { ctx, path, sha, put, warnings, backups };
}

const EIO = () => Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });

describe('PUT /api/config races and failures', () => {
  it('lets only one of two saves from the same base through', async () => {
    // A slow rename widens the window between the guard's last read and the replace.
    const slow: FsPatch = (fs) => ({
      rename: (async (from: string, to: string) => {
        await delay(50);
        await fs.rename(from, to);
      }) as Fs['rename'],
    });
    const { put, sha, path } = await setup(slow);
    const base = await sha();
    const answers = await Promise.all([
      put(base, { log_level: 'warn' }),
      put(base, { instance_name: 'second' }),
    ]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409]);
    const refused = answers.find((r) => r.status === 409);
    assert.equal((await readJson(refused as Response)).error?.code, 'config-changed');
    const text = await readFile(path, 'utf8');
    assert.equal(/log_level: warn/.test(text) !== /instance_name: second/.test(text), true);
  });

  it('treats a failing directory fsync after the rename as saved: backup kept, audited', async () => {
    const badSync: FsPatch = (fs) => ({
      open: (async (file: string, flags: unknown, mode: unknown) => {
        if (file === dir.path && flags === 'r') {
          return { sync: async () => Promise.reject(EIO()), close: async () => undefined };
        }
        return (fs.open as (f: string, fl: unknown, m: unknown) => Promise<unknown>)(
          file,
          flags,
          mode,
        );
      }) as Fs['open'],
    });
    const { ctx, put, sha, path, warnings, backups } = await setup(badSync);
    const response = await put(await sha(), { log_level: 'warn' });
    assert.equal(response.status, 200);
    assert.match(await readFile(path, 'utf8'), /log_level: warn/);
    assert.equal((await backups()).length, 1);
    assert.equal(ctx.auditEntries.length, 1);
    assert.match(warnings.join('\n'), /syncing its directory failed \(EIO\)/);
  });

  it('treats a failing backup prune after the rename as saved: backup kept, audited', async () => {
    const badPrune: FsPatch = (fs, armed) => ({
      readdir: (async (file: string, options?: unknown) => {
        if (armed() && file === dir.path) throw EIO();
        return (fs.readdir as (f: string, o?: unknown) => Promise<unknown>)(file, options);
      }) as Fs['readdir'],
    });
    const { ctx, put, sha, path, warnings, backups } = await setup(badPrune);
    const response = await put(await sha(), { log_level: 'warn' });
    assert.equal(response.status, 200);
    assert.match(await readFile(path, 'utf8'), /log_level: warn/);
    assert.equal((await backups()).length, 1);
    assert.equal(ctx.auditEntries.length, 1);
    assert.match(warnings.join('\n'), /pruning old backups failed \(EIO\)/);
  });

  it('answers 409 config-changed when the file was deleted after start', async () => {
    const { put, sha, path } = await setup();
    const base = await sha();
    await rm(path);
    const response = await put(base, { log_level: 'warn' });
    assert.equal(response.status, 409);
    assert.equal((await readJson(response)).error?.code, 'config-changed');
  });

  it("quotes only the edited keys' values in a 422, not the rest of the file", async () => {
    const { put, sha, path } = await setup();
    await writeFile(path, `${await readFile(path, 'utf8')}log_format: kept-private\n`);
    const response = await put(await sha(), { log_level: 'warn' });
    assert.equal(response.status, 422);
    const error = (await readJson(response)).error;
    const text = `${String(error?.message)}\n${JSON.stringify(error?.problems)}`;
    assert.match(text, /log_format: expected/);
    assert.doesNotMatch(text, /kept-private/);
    const refused = await put(await sha(), { instance_name: '' });
    assert.match(
      JSON.stringify((await readJson(refused)).error?.problems),
      /instance_name: expected .*, found the string/,
    );
  });

  it('names at most five refused keys', async () => {
    const { put, sha } = await setup();
    const changes = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => [k, 1]));
    const response = await put(await sha(), changes);
    assert.equal(response.status, 400);
    const message = String((await readJson(response)).error?.message);
    assert.match(message, /"e" and 2 more: not editable/);
    assert.doesNotMatch(message, /"f"/);
  });
});
