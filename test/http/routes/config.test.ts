// GET/PUT /api/config: the Tier-A editor over a real config file in a temp dir (auth off).
import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createApp } from '../../../src/http/app.js';
import { createNodeDeps } from '../../../src/system/node.js';
import { createTestContext } from '../../support/app-context.js';
import { type Loose, readJson } from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

const dir = useTempDir();

const FILE = (stateDir: string) => `# clauster settings for tests
state_dir: ${stateDir} # where state lives
log_level: info

instance_defaults:
  # how many sessions a bridge takes
  capacity: 8 # keep small
  verbose: false
`;

async function setup(
  options: { text?: string | null; env?: Record<string, string>; raw?: object } = {},
) {
  const home = dir.path;
  const path = join(home, 'clauster.yml');
  const stateDir = join(home, 'state');
  if (options.text !== null) await writeFile(path, options.text ?? FILE(stateDir));
  const ctx = createTestContext({
    home,
    raw: { state_dir: stateDir, instance_defaults: { capacity: 8 }, ...options.raw },
    overrides: {
      deps: createNodeDeps({ HOME: home, ...options.env }),
      configSource: { path: options.text === null ? null : path, cwd: home },
    },
  });
  const app = createApp(ctx);
  const get = async () => readJson(await app.request('/api/config'));
  const put = (body: unknown) =>
    app.request('/api/config', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { ctx, app, path, get, put };
}

function keyOf(view: Loose, key: string): Loose | undefined {
  return (view.keys as unknown as Loose[]).find((entry) => String(entry.key) === key);
}

describe('GET /api/config', () => {
  it('shows file values, defaults and env overrides with their source', async () => {
    const { get, path } = await setup({
      env: { CLAUSTER_LOG_FORMAT: 'json' },
      raw: { log_format: 'json' },
    });
    const view = await get();
    assert.equal(view.path, path);
    assert.match(String(view.sha256), /^[0-9a-f]{64}$/);
    assert.deepEqual(keyOf(view, 'instance_defaults.capacity'), {
      key: 'instance_defaults.capacity',
      type: 'integer',
      nullable: false,
      default: 32,
      min: 1,
      max: 1000,
      value: 8,
      from: 'file',
    });
    assert.equal(keyOf(view, 'metrics.poll_seconds')?.from, 'default');
    assert.equal(keyOf(view, 'metrics.poll_seconds')?.value, 4);
    assert.equal(keyOf(view, 'log_format')?.from, 'env');
    assert.equal(keyOf(view, 'log_format')?.value, 'json');
    assert.equal(view.restart_required, false);
    assert.equal(keyOf(view, 'auth.password_hash'), undefined);
    assert.equal(keyOf(view, 'host'), undefined);
  });

  it('shows defaults and no path without a config file', async () => {
    const view = await (await setup({ text: null })).get();
    assert.equal(view.path, null);
    assert.equal(view.sha256, null);
    assert.equal(keyOf(view, 'log_level')?.from, 'default');
  });
});

describe('PUT /api/config', () => {
  it('saves a change keeping every comment, backs up 0600, audits key names', async () => {
    const { ctx, put, path, get } = await setup();
    const before = await readFile(path, 'utf8');
    const base = (await get()).sha256;
    const response = await put({
      base_sha256: base,
      changes: { 'instance_defaults.capacity': 12, 'usage.currency': 'EUR' },
    });
    assert.equal(response.status, 200);
    const body = await readJson(response);
    assert.equal(body.restart_required, true);
    assert.equal(body.message, 'Saved; restart clauster to apply');
    const after = await readFile(path, 'utf8');
    assert.equal(
      after,
      `${before.replace('capacity: 8 # keep small', 'capacity: 12 # keep small')}usage:\n  currency: EUR\n`,
    );
    assert.equal(await readFile(String(body.backup), 'utf8'), before);
    assert.equal((await stat(String(body.backup))).mode & 0o777, 0o600);
    assert.deepEqual(ctx.auditEntries, [
      {
        action: 'config.edit',
        path,
        by: 'anonymous',
        keys: [{ key: 'instance_defaults.capacity', old: 8, new: 12 }, { key: 'usage.currency' }],
      },
    ]);
    const view = await get();
    assert.equal(view.sha256, body.sha256);
    assert.equal(view.restart_required, true);
  });

  it('keeps five backups', async () => {
    const { put, get, path } = await setup();
    for (const capacity of [2, 3, 4, 5, 6, 7, 9]) {
      const response = await put({
        base_sha256: (await get()).sha256,
        changes: { 'instance_defaults.capacity': capacity },
      });
      assert.equal(response.status, 200);
    }
    const backups = (await readdir(dir.path)).filter((name) =>
      name.startsWith('clauster.yml.bak-'),
    );
    assert.equal(backups.length, 5);
    assert.match(await readFile(path, 'utf8'), /capacity: 9 # keep small/);
  });

  it('refuses a key off the allowlist with 400 naming it, writing nothing', async () => {
    const { put, get, path } = await setup();
    const before = await readFile(path, 'utf8');
    const response = await put({ base_sha256: (await get()).sha256, changes: { port: 9000 } });
    assert.equal(response.status, 400);
    const body = await readJson(response);
    assert.equal(body.error?.code, 'config-key-not-editable');
    assert.match(String(body.error?.message), /"port"/);
    assert.equal(await readFile(path, 'utf8'), before);
  });

  it('refuses bypassPermissions and bad values with 422', async () => {
    const { put, get } = await setup();
    const base = (await get()).sha256;
    for (const changes of [
      { 'instance_defaults.permission_mode': 'bypassPermissions' },
      { 'instance_defaults.capacity': 0 },
      { log_level: 'loud' },
    ]) {
      const response = await put({ base_sha256: base, changes });
      assert.equal(response.status, 422, JSON.stringify(changes));
      const body = await readJson(response);
      assert.equal(body.error?.code, 'config-invalid');
      assert.match(String(body.error?.problems), new RegExp(Object.keys(changes)[0] ?? ''));
    }
  });

  it('refuses an edit the whole-config check refuses with 422', async () => {
    // The edit is valid alone; the file it lands in names a certificate that does not exist.
    const { put, path, get } = await setup();
    await writeFile(path, `${await readFile(path, 'utf8')}tls:\n  cert_file: /nowhere/cert.pem\n`);
    const response = await put({
      base_sha256: (await get()).sha256,
      changes: { log_level: 'warn' },
    });
    assert.equal(response.status, 422);
    const body = await readJson(response);
    assert.match(String(body.error?.message), /fails the config check/);
    assert.doesNotMatch(await readFile(path, 'utf8'), /log_level: warn/);
  });

  it('answers 409 config-changed with the current sha when the file changed', async () => {
    const { put, path, get } = await setup();
    const base = (await get()).sha256;
    await writeFile(path, `${await readFile(path, 'utf8')}# edited by hand\n`);
    const current = (await get()).sha256;
    const response = await put({ base_sha256: base, changes: { log_level: 'warn' } });
    assert.equal(response.status, 409);
    const body = await readJson(response);
    assert.equal(body.error?.code, 'config-changed');
    assert.equal(body.error?.current_sha256, current);
  });

  it('answers 409 no-config-file when running on defaults, creating nothing', async () => {
    const { put, path } = await setup({ text: null });
    const response = await put({ base_sha256: '0'.repeat(64), changes: { log_level: 'warn' } });
    assert.equal(response.status, 409);
    const body = await readJson(response);
    assert.equal(body.error?.code, 'no-config-file');
    assert.match(String(body.error?.message), /clauster init/);
    await assert.rejects(stat(path), { code: 'ENOENT' });
  });

  it('refuses a key an env variable overrides', async () => {
    const { put, get } = await setup({
      env: { CLAUSTER_LOG_LEVEL: 'warn' },
      raw: { log_level: 'warn' },
    });
    const response = await put({
      base_sha256: (await get()).sha256,
      changes: { log_level: 'error' },
    });
    assert.equal(response.status, 400);
    assert.match(String((await readJson(response)).error?.message), /CLAUSTER_LOG_LEVEL/);
  });
});
