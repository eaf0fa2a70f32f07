// The --json failure contract after the arguments parsed: every failure prints the error body
// {"error":{"code","message"}} alone on stdout and its `clauster <command>: …` line on stderr,
// including the ones that once left stdout empty (projects, status, api-token, config
// reconcile, webhook-test) and the last-resort catch in main().
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Deps } from '../../src/system/ports.js';
import { runMain } from '../support/cli-run.js';
import { buildFakeSecrets } from '../support/fake-secrets.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir('clauster-json-failures-');

interface JsonFailure {
  exit: number;
  code: string;
  /** The start of the stderr line, `clauster <command>: …`. */
  line: string;
}

async function expectJsonFailure(
  argv: string[],
  expected: JsonFailure,
  deps?: Partial<Deps>,
): Promise<string> {
  const run = await runMain(argv, { home: dir.path, ...(deps === undefined ? {} : { deps }) });
  const what = argv.join(' ');
  assert.equal(run.code, expected.exit, `${what}: ${run.err}`);
  const body = JSON.parse(run.out) as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(body), ['error'], what);
  assert.deepEqual(Object.keys(body.error), ['code', 'message'], what);
  assert.equal(body.error.code, expected.code, what);
  assert.ok(run.err.startsWith(expected.line), `${what}: ${run.err}`);
  assert.ok(run.err.includes(`: ${body.error.message}\n`), `${what}: ${run.err}`);
  return body.error.message;
}

// A config file with state under the temp dir; `extra` adds YAML lines.
async function writeConfig(extra = ''): Promise<{ path: string; state: string }> {
  const state = join(dir.path, 'state');
  const path = join(dir.path, 'clauster.yml');
  await writeFile(path, `state_dir: ${state}\n${extra}`);
  return { path, state };
}

describe('--json failures after parsing', () => {
  it('projects: a missing projects_root prints projects-root-unavailable', async () => {
    const { path } = await writeConfig(`projects_root: ${join(dir.path, 'missing')}\n`);
    const message = await expectJsonFailure(['projects', '-c', path, '--json'], {
      exit: 1,
      code: 'projects-root-unavailable',
      line: 'clauster projects: projects_root: ',
    });
    assert.match(message, /missing/);
  });

  it('status: a corrupt bridges.json prints registry-corrupt', async () => {
    const { path, state } = await writeConfig();
    await mkdir(state, { recursive: true, mode: 0o700 });
    await writeFile(join(state, 'bridges.json'), '{not json');
    await expectJsonFailure(['status', '-c', path, '--json'], {
      exit: 1,
      code: 'registry-corrupt',
      line: 'clauster status: ',
    });
  });

  it('status: a directory in place of bridges.json prints registry-corrupt naming it, not internal-error', async () => {
    const { path, state } = await writeConfig();
    await mkdir(join(state, 'bridges.json'), { recursive: true, mode: 0o700 });
    const message = await expectJsonFailure(['status', '-c', path, '--json'], {
      exit: 1,
      code: 'registry-corrupt',
      line: 'clauster status: ',
    });
    assert.match(message, /cannot read .*bridges\.json \(EISDIR\): make it a regular file/);
  });

  it('api-token list, issue and revoke: a corrupt tokens.json prints token-store', async () => {
    const { path, state } = await writeConfig();
    await mkdir(state, { recursive: true, mode: 0o700 });
    await writeFile(join(state, 'tokens.json'), '{not json', { mode: 0o600 });
    for (const argv of [['list'], ['issue', 'ci'], ['revoke', 'ci']]) {
      const message = await expectJsonFailure(['api-token', ...argv, '-c', path, '--json'], {
        exit: 1,
        code: 'token-store',
        line: `clauster api-token: ${join(state, 'tokens.json')}: expected JSON`,
      });
      assert.match(message, /fix or remove that file/);
    }
  });

  it('config reconcile: no config file prints no-config-file (exit 2)', async () => {
    const missing = join(dir.path, 'missing.yml');
    const message = await expectJsonFailure(['config', 'reconcile', '-c', missing, '--json'], {
      exit: 2,
      code: 'no-config-file',
      line: 'clauster config reconcile: no config file at ',
    });
    assert.ok(message.includes(missing), message);
  });

  it('webhook-test: an empty webhooks.urls prints no-targets (exit 2)', async () => {
    const { path } = await writeConfig('webhooks:\n  urls: []\n');
    await expectJsonFailure(['webhook-test', '-c', path, '--json'], {
      exit: 2,
      code: 'no-targets',
      line: 'clauster webhook-test: webhooks.urls is empty',
    });
  });

  it("main()'s last-resort catch prints internal-error, redacted, only with --json", async () => {
    const session = buildFakeSecrets().find((secret) => secret.shape === 'session id');
    assert.ok(session);
    const { path } = await writeConfig(
      'webhooks:\n  enabled: true\n  urls: ["https://hooks.example.invalid/x"]\n',
    );
    // webhook-test reads the clock outside any handler of its own: this throw reaches main().
    const clock = {
      now: (): number => {
        throw new Error(`clock failed for ${session.text}`);
      },
    };
    const message = await expectJsonFailure(
      ['webhook-test', '-c', path, '--json'],
      { exit: 1, code: 'internal-error', line: 'clauster webhook-test: clock failed for session_' },
      { clock },
    );
    assert.ok(!message.includes(session.hidden), message);
    const plain = await runMain(['webhook-test', '-c', path], { home: dir.path, deps: { clock } });
    assert.equal(plain.code, 1);
    assert.equal(plain.out, '');
    assert.ok(plain.err.startsWith('clauster webhook-test: clock failed for session_'), plain.err);
    assert.ok(!plain.err.includes(session.hidden), plain.err);
  });
});
