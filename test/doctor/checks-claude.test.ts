import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import {
  checkClaudeLoginRow,
  checkClaudeRow,
  checkRemoteControlRow,
} from '../../src/doctor/checks-claude.js';
import { runChecks } from '../../src/doctor/run-checks.js';
import { makeCheckContext } from '../support/doctor-context.js';
import { FAKE_CLAUDE_PATH, prepareClaudeHome } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

function claudeRaw(env: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  return { claude: { binary: FAKE_CLAUDE_PATH, env, ...extra } };
}

describe('checkClaudeRow()', () => {
  it('checkClaudeRow() is OK for a recent claude', async () => {
    const row = await checkClaudeRow(makeCheckContext({ home: home.path, raw: claudeRaw() }));
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /2\.1\.197 \(≥ 2\.1\.145\)/);
  });

  it('checkClaudeRow() finds the binary on PATH by name', async () => {
    const ctx = makeCheckContext({
      home: home.path,
      raw: { claude: { binary: 'claude' } },
      env: { PATH: `${dirname(FAKE_CLAUDE_PATH)}:${process.env.PATH ?? ''}` },
    });
    const row = await checkClaudeRow(ctx);
    assert.equal(row.status, 'OK');
    assert.match(row.detail, new RegExp(FAKE_CLAUDE_PATH.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });

  it('checkClaudeRow() fails when the binary is missing', async () => {
    const row = await checkClaudeRow(
      makeCheckContext({
        home: home.path,
        raw: { claude: { binary: join(home.path, 'no-claude') } },
      }),
    );
    assert.equal(row.status, 'FAIL');
    assert.match(row.detail, /claude\.binary/);
  });

  it('checkClaudeRow() fails below claude.min_version', async () => {
    const row = await checkClaudeRow(
      makeCheckContext({ home: home.path, raw: claudeRaw({ FAKE_CLAUDE_VERSION: '2.1.100' }) }),
    );
    assert.equal(row.status, 'FAIL');
    assert.match(row.detail, /2\.1\.100, older than claude\.min_version 2\.1\.145/);
  });

  it('checkClaudeRow() honours a raised claude.min_version', async () => {
    const row = await checkClaudeRow(
      makeCheckContext({ home: home.path, raw: claudeRaw({}, { min_version: '2.2.0' }) }),
    );
    assert.equal(row.status, 'FAIL');
  });

  it('checkClaudeRow() fails when the version is not comparable', async () => {
    const row = await checkClaudeRow(
      makeCheckContext({ home: home.path, raw: claudeRaw({ FAKE_CLAUDE_VERSION: 'deadbeef' }) }),
    );
    assert.equal(row.status, 'FAIL');
    assert.match(row.detail, /cannot compare/);
  });

  it('checkClaudeRow() becomes a FAIL when claude --version hangs past the timeout', async () => {
    const ctx = makeCheckContext({
      home: home.path,
      raw: claudeRaw({ FAKE_CLAUDE_VERSION_HANG: '1' }),
    });
    const started = Date.now();
    const report = await runChecks(
      [{ id: 'claude', severity: 'FAIL', run: checkClaudeRow }],
      { input: ctx.input, host: ctx.host, timeoutMs: 1000 },
      ctx.deps,
    );
    assert.equal(report.checks[0]?.status, 'FAIL');
    assert.match(report.checks[0]?.detail ?? '', /did not finish within 1 s/);
    assert.equal(report.ok, false);
    assert.ok(Date.now() - started < 8000);
  });
});

describe('checkClaudeLoginRow()', () => {
  it('checkClaudeLoginRow() is OK when logged in and never prints the token', async () => {
    await prepareClaudeHome(home.path);
    const row = await checkClaudeLoginRow(makeCheckContext({ home: home.path }));
    assert.equal(row.status, 'OK');
    assert.equal(/fake-access-token|FAKEFAKE/.test(JSON.stringify(row)), false);
  });

  it('checkClaudeLoginRow() warns when not logged in', async () => {
    const row = await checkClaudeLoginRow(makeCheckContext({ home: home.path }));
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /not logged in/);
  });

  it('checkClaudeLoginRow() warns when the token expired', async () => {
    const files = await prepareClaudeHome(home.path);
    const oauth = {
      accessToken: `fake-${'E'.repeat(20)}`,
      expiresAt: Date.now() - 60_000,
      scopes: ['user:inference', 'user:profile'],
    };
    await writeFile(files.credentialsPath, JSON.stringify({ claudeAiOauth: oauth }));
    const row = await checkClaudeLoginRow(makeCheckContext({ home: home.path }));
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /expired/);
    assert.equal(row.detail.includes('EEEE'), false);
  });

  it('checkClaudeLoginRow() warns for an inference-only login', async () => {
    await prepareClaudeHome(home.path, { scopes: ['user:inference'] });
    const row = await checkClaudeLoginRow(makeCheckContext({ home: home.path }));
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /user:profile/);
  });

  it('checkClaudeLoginRow() warns that CLAUDE_CODE_OAUTH_TOKEN is inference-only, without printing it', async () => {
    const token = `fake-oauth-${'Q'.repeat(16)}`;
    const row = await checkClaudeLoginRow(
      makeCheckContext({ home: home.path, env: { CLAUDE_CODE_OAUTH_TOKEN: token } }),
    );
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /inference-only/);
    assert.equal(JSON.stringify(row).includes('QQQQ'), false);
  });

  it('checkClaudeLoginRow() reads CLAUDE_CONFIG_DIR', async () => {
    const configDir = join(home.path, 'alt-claude');
    await prepareClaudeHome(home.path, { configDir });
    const row = await checkClaudeLoginRow(
      makeCheckContext({ home: home.path, env: { CLAUDE_CONFIG_DIR: configDir } }),
    );
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /alt-claude/);
  });
});

describe('checkRemoteControlRow()', () => {
  it('checkRemoteControlRow() is OK when consent is recorded', async () => {
    await prepareClaudeHome(home.path, { remoteDialogSeen: true });
    const raw = { claude: { auto_enable_remote_control: false } };
    const row = await checkRemoteControlRow(makeCheckContext({ home: home.path, raw }));
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /consent recorded/);
  });

  it('checkRemoteControlRow() is OK without consent when auto-enable is on', async () => {
    await prepareClaudeHome(home.path, { remoteDialogSeen: false });
    const row = await checkRemoteControlRow(makeCheckContext({ home: home.path }));
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /auto_enable_remote_control/);
  });

  it('checkRemoteControlRow() warns without consent and with auto-enable off', async () => {
    await prepareClaudeHome(home.path, { remoteDialogSeen: false });
    const raw = { claude: { auto_enable_remote_control: false } };
    const row = await checkRemoteControlRow(makeCheckContext({ home: home.path, raw }));
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /Enable Remote Control/);
  });

  it('checkRemoteControlRow() warns when .claude.json is not valid JSON', async () => {
    await writeFile(join(home.path, '.claude.json'), '{"remoteDialogSeen": tru');
    const row = await checkRemoteControlRow(makeCheckContext({ home: home.path }));
    assert.equal(row.status, 'WARN');
  });
});
