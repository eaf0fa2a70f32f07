import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  type ApiAnswer,
  callDashboard,
  DashboardCallAbortedError,
  reportApiError,
  resolveDashboardTarget,
  runAgainstDashboard,
} from '../../src/cli/dashboard-client.js';
import type { Fetch } from '../../src/system/ports.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();
const START = { command: 'start', json: false };
const STOP = { command: 'stop', json: false };

async function writeConfig(text: string): Promise<string> {
  const path = join(home.path, 'clauster.yml');
  await writeFile(path, text);
  return path;
}

function fakeToken(): string {
  return `clauster_pat_${'FAKE'.repeat(8)}`;
}

describe('resolveDashboardTarget()', () => {
  it("resolveDashboardTarget() uses the config's bind (never root_path: the proxy's prefix) and CLAUSTER_TOKEN", async () => {
    const config = await writeConfig('host: 0.0.0.0\nport: 7777\nroot_path: /cl\n');
    const t = createTestIo({ home: home.path, env: { CLAUSTER_TOKEN: fakeToken() } });
    const target = await resolveDashboardTarget('start', { config }, t.io);
    assert.deepEqual(target, {
      url: 'http://127.0.0.1:7777',
      token: fakeToken(),
      answerWithinMs: 60_000,
    });
    assert.equal(t.stderr(), '');
  });

  it('resolveDashboardTarget() uses https when the dashboard serves native TLS', async () => {
    const config = await writeConfig(
      'host: "::"\nport: 7778\ntls:\n  cert_file: ~/tls/cert.pem\n  key_file: ~/tls/key.pem\n',
    );
    const t = createTestIo({ home: home.path });
    const target = await resolveDashboardTarget('start', { config }, t.io);
    assert.deepEqual(target, { url: 'https://[::1]:7778', token: null, answerWithinMs: 60_000 });
  });

  it('resolveDashboardTarget() prefers --url and --token over the config and env', async () => {
    const config = await writeConfig('port: 7777\n');
    const t = createTestIo({ home: home.path, env: { CLAUSTER_TOKEN: 'from-env' } });
    const values = { config, url: 'http://[::1]:9000', token: fakeToken() };
    const target = await resolveDashboardTarget('stop', values, t.io);
    assert.deepEqual(target, {
      url: 'http://[::1]:9000',
      token: fakeToken(),
      answerWithinMs: 60_000,
    });
  });

  it('resolveDashboardTarget() reads CLAUSTER_TOKEN_FILE relative to the cwd', async () => {
    const config = await writeConfig('port: 7777\n');
    await writeFile(join(home.path, 'token'), `${fakeToken()}\n`);
    const t = createTestIo({ home: home.path, env: { CLAUSTER_TOKEN_FILE: 'token' } });
    const target = await resolveDashboardTarget('start', { config }, t.io);
    assert.deepEqual(target, {
      url: 'http://127.0.0.1:7777',
      token: fakeToken(),
      answerWithinMs: 60_000,
    });
  });

  it('resolveDashboardTarget() counts an empty CLAUSTER_TOKEN_FILE as no token', async () => {
    const config = await writeConfig('port: 7777\n');
    await writeFile(join(home.path, 'token'), ' \n\n');
    const t = createTestIo({ home: home.path, env: { CLAUSTER_TOKEN_FILE: 'token' } });
    const target = await resolveDashboardTarget('start', { config }, t.io);
    assert.deepEqual(target, { url: 'http://127.0.0.1:7777', token: null, answerWithinMs: 60_000 });
  });

  it('resolveDashboardTarget() has no token when none is given', async () => {
    const config = await writeConfig('port: 7777\n');
    const t = createTestIo({ home: home.path });
    const target = await resolveDashboardTarget('start', { config }, t.io);
    assert.deepEqual(target, { url: 'http://127.0.0.1:7777', token: null, answerWithinMs: 60_000 });
  });

  it('resolveDashboardTarget() prints the problems and returns 2 for a refused config', async () => {
    const config = await writeConfig('port: many\n');
    const t = createTestIo({ home: home.path, env: { CLAUSTER_TOKEN: fakeToken() } });
    assert.equal(await resolveDashboardTarget('stop', { config }, t.io), 2);
    assert.match(t.stderr(), /^refused: port\b/);
    assert.match(t.stderr(), /\nclauster stop: config refused in [^\n]+\n$/);
    assert.equal(t.stdout(), '');
  });
});

describe('runAgainstDashboard()', () => {
  const target = { url: 'http://127.0.0.1:1', token: null, answerWithinMs: 60_000 };

  it("runAgainstDashboard() returns the action's exit code", async () => {
    const t = createTestIo({ home: home.path });
    assert.equal(await runAgainstDashboard(START, async () => 3, t.io), 3);
    assert.equal(t.stderr(), '');
  });

  it('runAgainstDashboard() turns an unreachable dashboard into one line and exit 1', async () => {
    const refuse: Fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const t = createTestIo({ home: home.path, deps: { fetch: refuse } });
    const code = await runAgainstDashboard(
      STOP,
      async () =>
        (await callDashboard(target, { method: 'GET', path: '/api/bridges' }, t.io)).status,
      t.io,
    );
    assert.equal(code, 1);
    assert.equal(
      t.stderr(),
      'clauster stop: dashboard not reachable at http://127.0.0.1:1; start it with `clauster run`\n',
    );
  });

  it('runAgainstDashboard() rethrows any other error', async () => {
    const t = createTestIo({ home: home.path });
    const broken = async (): Promise<number> => {
      throw new RangeError('boom');
    };
    await assert.rejects(runAgainstDashboard(START, broken, t.io), RangeError);
    assert.equal(t.stderr(), '');
  });
});

describe('callDashboard()', () => {
  const target = { url: 'http://127.0.0.1:1', token: null, answerWithinMs: 60_000 };
  const request = { method: 'GET', path: '/api/bridges' } as const;

  it('callDashboard() sends nothing once the signal is aborted', async () => {
    let calls = 0;
    const count: Fetch = async () => {
      calls += 1;
      return new Response('{}');
    };
    const t = createTestIo({ home: home.path, deps: { fetch: count } });
    const signal = AbortSignal.abort();
    await assert.rejects(callDashboard(target, { ...request, signal }, t.io), {
      code: 'dashboard-call-aborted',
    });
    assert.equal(calls, 0);
  });

  it('callDashboard() ends a pending call when the signal aborts, not as unreachable', async () => {
    const hang: Fetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const t = createTestIo({ home: home.path, deps: { fetch: hang } });
    const controller = new AbortController();
    const call = callDashboard(target, { ...request, signal: controller.signal }, t.io);
    controller.abort();
    await assert.rejects(call, DashboardCallAbortedError);
  });
});

describe('reportApiError()', () => {
  function answer(status: number, code: string, message: string): ApiAnswer {
    return { status, body: { error: { code, message } } };
  }

  it('reportApiError() prints `clauster <command>: message (code)` and exits 2 for a bad request', () => {
    const t = createTestIo({ home: home.path });
    const code = reportApiError(START, answer(404, 'unknown-project', 'no project "x"'), t.io);
    assert.equal(code, 2);
    assert.equal(t.stderr(), 'clauster start: no project "x" (unknown-project)\n');
  });

  it('reportApiError() exits 1 for a refused operation', () => {
    const t = createTestIo({ home: home.path });
    const code = reportApiError(START, answer(409, 'already-running', 'busy'), t.io);
    assert.equal(code, 1);
    assert.equal(t.stderr(), 'clauster start: busy (already-running)\n');
  });

  it('reportApiError() adds the token hint to a 401', () => {
    const t = createTestIo({ home: home.path });
    const code = reportApiError(STOP, answer(401, 'unauthenticated', 'login required'), t.io);
    assert.equal(code, 1);
    assert.equal(
      t.stderr(),
      'clauster stop: login required (pass --token or set CLAUSTER_TOKEN / CLAUSTER_TOKEN_FILE) (unauthenticated)\n',
    );
  });

  it('reportApiError() adds no "pass --token" hint when the dashboard refused the token sent', () => {
    const t = createTestIo({ home: home.path });
    const refused = 'bearer token not accepted (unknown or revoked); issue one with `x`';
    reportApiError(STOP, answer(401, 'unauthenticated', refused), t.io);
    assert.equal(t.stderr(), `clauster stop: ${refused} (unauthenticated)\n`);
  });
});
