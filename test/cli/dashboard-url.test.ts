import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DashboardUnreachableError } from '../../src/cli/dashboard-cut.js';
import { parseDashboardUrl, showDashboardUrl } from '../../src/cli/dashboard-url.js';
import type { Fetch } from '../../src/system/ports.js';
import { runAgainstFakeDashboard } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const FAKE_PASSWORD = 'FAKEpw0000';

describe('parseDashboardUrl()', () => {
  it('parseDashboardUrl() keeps the origin and any path prefix, without a trailing slash', () => {
    for (const [raw, base] of [
      ['http://127.0.0.1:7621', 'http://127.0.0.1:7621'],
      ['http://127.0.0.1:7621/', 'http://127.0.0.1:7621'],
      ['https://host.example/clauster', 'https://host.example/clauster'],
      ['https://host.example/clauster/', 'https://host.example/clauster'],
      ['HTTP://[::1]:9000', 'http://[::1]:9000'],
    ] as const) {
      assert.deepEqual(parseDashboardUrl(raw), { ok: true, value: base }, raw);
    }
  });

  it('parseDashboardUrl() refuses what is not an absolute http(s) URL, naming --url and the fix', () => {
    for (const raw of ['notaurl', 'ftp://127.0.0.1/x', 'localhost:7621', '/api', 'file:///etc']) {
      const parsed = parseDashboardUrl(raw);
      assert.equal(parsed.ok, false, raw);
      if (parsed.ok) continue;
      assert.equal(parsed.code, 'invalid-option');
      assert.match(parsed.detail, /^--url ".*": expected an absolute http:\/\/ or https:\/\/ URL/);
      assert.ok(parsed.detail.includes(JSON.stringify(raw)), parsed.detail);
    }
  });

  it('parseDashboardUrl() refuses a user name or password and never shows it', () => {
    for (const raw of [
      `http://user:${FAKE_PASSWORD}@127.0.0.1:1`,
      `https://${FAKE_PASSWORD}@host.example/clauster`,
    ]) {
      const parsed = parseDashboardUrl(raw);
      assert.equal(parsed.ok, false, raw);
      if (parsed.ok) continue;
      assert.match(parsed.detail, /must not hold a user name or password; pass the API token/);
      assert.ok(!parsed.detail.includes(FAKE_PASSWORD), parsed.detail);
      assert.ok(!parsed.detail.includes('user:'), parsed.detail);
    }
  });

  it('parseDashboardUrl() hides a user part in text that is no http(s) URL', () => {
    for (const [raw, shown] of [
      [`user:${FAKE_PASSWORD}@127.0.0.1:1`, '"<redacted>@127.0.0.1:1"'],
      [`//admin:${FAKE_PASSWORD}@host.example`, '"//<redacted>@host.example"'],
      [`http//admin:${FAKE_PASSWORD}@host.example`, '"http//<redacted>@host.example"'],
    ] as const) {
      const parsed = parseDashboardUrl(raw);
      assert.equal(parsed.ok, false, raw);
      if (parsed.ok) continue;
      assert.ok(!parsed.detail.includes(FAKE_PASSWORD), parsed.detail);
      assert.ok(parsed.detail.startsWith(`--url ${shown}: expected an absolute`), parsed.detail);
    }
  });

  it('parseDashboardUrl() refuses a query or fragment and shows neither', () => {
    for (const raw of ['http://127.0.0.1:1/?token=FAKEqs', 'http://127.0.0.1:1/#FAKEqs']) {
      const parsed = parseDashboardUrl(raw);
      assert.equal(parsed.ok, false, raw);
      if (!parsed.ok) assert.doesNotMatch(parsed.detail, /FAKEqs/);
    }
  });
});

describe('showDashboardUrl()', () => {
  it('showDashboardUrl() quotes the URL with its secret-bearing parts replaced', () => {
    assert.equal(
      showDashboardUrl(`http://user:${FAKE_PASSWORD}@127.0.0.1:1/x?a=b#c`),
      '"http://<redacted>@127.0.0.1:1/x?<redacted>#<redacted>"',
    );
    assert.equal(showDashboardUrl('notaurl'), '"notaurl"');
    assert.equal(showDashboardUrl('a\u001b[2Jb'), '"ab"');
  });
});

describe('DashboardUnreachableError', () => {
  it('DashboardUnreachableError hides a user name or password in the URL it names', () => {
    for (const userinfo of [`user:${FAKE_PASSWORD}`, FAKE_PASSWORD]) {
      const error = new DashboardUnreachableError(`http://${userinfo}@127.0.0.1:1`);
      assert.ok(!error.message.includes(FAKE_PASSWORD), error.message);
      assert.match(
        error.message,
        /^dashboard not reachable at http:\/\/<redacted>@127\.0\.0\.1:1\/;/,
      );
    }
  });
});

describe('--url of the dashboard commands', () => {
  const dir = useTempDir();
  const calls: string[] = [];
  // No bridges, and nothing to stop (a stop by project name is refused as a dashboard would).
  const fetch: Fetch = async (input, init) => {
    calls.push(String(input));
    if (init?.method !== 'POST') return Response.json({ bridges: [] });
    const error = { code: 'nothing-to-stop', message: 'nothing to stop' };
    return Response.json({ error }, { status: 409 });
  };

  it('a bad --url is a usage error (exit 2) before anything is sent, in every command', async () => {
    for (const command of [
      ['start', 'app'],
      ['stop', 'app'],
      ['restart', 'app'],
      ['adopt', 'app'],
    ]) {
      for (const url of ['notaurl', 'ftp://127.0.0.1/x', `http://u:${FAKE_PASSWORD}@127.0.0.1:1`]) {
        calls.length = 0;
        const run = await runAgainstFakeDashboard(dir.path, [...command, '--url', url], fetch);
        assert.equal(run.code, 2, `${command[0]} ${url}`);
        assert.match(run.stderr, new RegExp(`^clauster ${command[0]}: --url "`));
        assert.ok(!run.stderr.includes(FAKE_PASSWORD), run.stderr);
        assert.doesNotMatch(run.stderr, /not reachable/);
        assert.equal(run.stdout, '');
        assert.deepEqual(calls, []);
      }
    }
  });

  it('a bad --url with --json prints only the error body on stdout', async () => {
    const url = `http://u:${FAKE_PASSWORD}@127.0.0.1:1`;
    const run = await runAgainstFakeDashboard(
      dir.path,
      ['stop', 'x', '--url', url, '--json'],
      fetch,
    );
    assert.equal(run.code, 2);
    const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string } };
    assert.equal(error.code, 'invalid-option');
    assert.match(error.message, /^--url "http:\/\/<redacted>@127\.0\.0\.1:1\/": must not hold/);
    assert.ok(!run.stdout.includes(FAKE_PASSWORD) && !run.stderr.includes(FAKE_PASSWORD));
  });

  it('a --url that is no URL but holds a password never shows it, --json included', async () => {
    for (const url of [
      `user:${FAKE_PASSWORD}@127.0.0.1:1`,
      `//admin:${FAKE_PASSWORD}@127.0.0.1:1`,
      `http//admin:${FAKE_PASSWORD}@127.0.0.1:1`,
    ]) {
      const run = await runAgainstFakeDashboard(
        dir.path,
        ['stop', 'x', '--url', url, '--json'],
        fetch,
      );
      assert.equal(run.code, 2, url);
      assert.equal(JSON.parse(run.stdout).error.code, 'invalid-option');
      assert.match(run.stderr, /^clauster stop: --url ".*<redacted>@127\.0\.0\.1:1"/);
      assert.ok(!run.stdout.includes(FAKE_PASSWORD) && !run.stderr.includes(FAKE_PASSWORD), url);
    }
  });

  it('clauster mcp refuses a bad --url the same way, before serving', async () => {
    const url = `http://u:${FAKE_PASSWORD}@127.0.0.1:1`;
    const run = await runAgainstFakeDashboard(dir.path, ['mcp', '--url', url], fetch);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^clauster mcp: --url "http:\/\/<redacted>@127\.0\.0\.1:1\/": must not/,
    );
    assert.ok(!run.stderr.includes(FAKE_PASSWORD));
    assert.equal(run.stdout, '');
  });

  it('a --url with a path prefix (a reverse proxy root_path) still reaches the API under it', async () => {
    calls.length = 0;
    const argv = ['stop', 'app', '--url', 'https://host.example/clauster/'];
    const run = await runAgainstFakeDashboard(dir.path, argv, fetch);
    assert.equal(run.code, 1);
    assert.deepEqual(calls, [
      'https://host.example/clauster/api/bridges',
      'https://host.example/clauster/api/projects/app/stop',
    ]);
    assert.match(run.stderr, /^clauster stop: project "app" has no live bridge/);
  });
});
