import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readPointer, readServerState, waitForFile } from '../support/fake-claude.js';
import { startFakeClaude, staysAlive, stopFakeClaude } from '../support/fake-claude-process.js';
import { useFakeClaudeSandboxes } from '../support/fake-claude-sandbox.js';

const URL_RE = /https:\/\/claude\.ai\/code(\/session_[A-Za-z0-9]+|\?environment=env_[A-Za-z0-9]+)/;
const ENV_URL_RE = /https:\/\/claude\.ai\/code\?environment=(env_[A-Za-z0-9]+)/;

const sandbox = useFakeClaudeSandboxes();
async function crash(mode: string, argv: string[] = [], env: Record<string, string> = {}) {
  const box = await sandbox();
  const debugFile = join(box.logs, 'debug.log');
  const run = startFakeClaude(['rc', '--debug-file', debugFile, ...argv], {
    cwd: box.project,
    env: box.env({ FAKE_CLAUDE_OUTPUT: 'plain', FAKE_CLAUDE_CRASH: mode, ...env }),
  });
  return { box, run, debugFile };
}

describe('fake claude: crash modes (§8.16)', () => {
  it('(a) registration network error exits 1 with ENOTFOUND and leaves nothing', async () => {
    const { box, run } = await crash('a');
    const exit = await run.exited;
    assert.equal(exit.code, 1);
    assert.equal(run.stderr(), 'Error: getaddrinfo ENOTFOUND api.anthropic.com\n');
    assert.equal(run.stdout(), '');
    assert.equal(await readPointer(box.home, box.project), null);
    assert.deepEqual(await readServerState(box.serverState), []);
  });

  it('(b) 404 at registration exits 1 with the not-available message', async () => {
    const { run } = await crash('b');
    assert.equal((await run.exited).code, 1);
    assert.equal(run.stderr(), 'Remote Control environments are not available for your account.\n');
  });

  it('(c) environment gone mid-run: error line, shutdown, exit 0, deregistered', async () => {
    const { box, run, debugFile } = await crash('c', ['-v'], { FAKE_CLAUDE_CRASH_AFTER_MS: '300' });
    const envId = (await run.waitForStdout(ENV_URL_RE))[1];
    const exit = await run.exited;
    assert.equal(exit.code, 0);
    assert.match(
      run.stdout(),
      new RegExp(`\\[\\d\\d:\\d\\d:\\d\\d\\] Error: Environment ${envId} not found\\.\n`),
    );
    assert.match(
      run.stdout(),
      /× Remote Control Failed · project · HEAD\nRe-run `claude remote-control` to try again\n/,
    );
    assert.match(run.stdout(), /\] Environment offline\.\n/);
    assert.equal(await readPointer(box.home, box.project), null);
    assert.deepEqual(await readServerState(box.serverState), []);
    const log = await readFile(debugFile, 'utf8');
    assert.match(
      log,
      /\[ERROR\] \[bridge:work\] Fatal bridge error: Environment env_\w+ not found\.\n/,
    );
  });

  it('(d) unreachable server gives up after a (scaled) 10 minutes and exits 0', async () => {
    const { box, run } = await crash('d', [], { FAKE_CLAUDE_TIME_SCALE: '0.0005' });
    const exit = await run.exited;
    assert.equal(exit.code, 0);
    assert.match(run.stdout(), /·\/· Reconnecting · retrying in \d+\.\ds · disconnected \d/);
    assert.match(run.stdout(), /\] Error: Server unreachable for 10 minutes, giving up\.\n/);
    assert.equal(await readPointer(box.home, box.project), null);
    assert.equal(
      (await readServerState(box.serverState)).length,
      1,
      'deregister could not reach the server',
    );
  });

  it('(e) sudden death by SIGKILL leaves the pointer and the env registered', async () => {
    const { box, run } = await crash('e', [], { FAKE_CLAUDE_CRASH_AFTER_MS: '200' });
    const envId = (await run.waitForStdout(ENV_URL_RE))[1];
    const exit = await run.exited;
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal((await readPointer(box.home, box.project))?.environmentId, envId);
    const envs = await readServerState(box.serverState);
    assert.deepEqual(
      envs.map((e) => [e.id, e.status]),
      [[envId, 'active']],
    );
  });

  it('(f) hangs after the banner ignoring SIGTERM and SIGINT until SIGKILL', async () => {
    const { run, debugFile } = await crash('f');
    await run.waitForStdout(/^Remote Control v2\.1\.197\n$/);
    await waitForFile(debugFile, 10_000, (t) => t.trimEnd().endsWith('Acquired PID lock'));
    run.child.kill('SIGTERM');
    run.child.kill('SIGINT');
    assert.equal(await staysAlive(run, 700), true);
    assert.doesNotMatch(run.stdout(), URL_RE);
    assert.equal((await stopFakeClaude(run, 'SIGKILL')).signal, 'SIGKILL');
    assert.match(await readFile(debugFile, 'utf8'), /Acquired PID lock\n$/);
  });

  it('(g) blocks at a prompt, alive, never printing a URL', async () => {
    const { box, run } = await crash('g');
    await run.waitForStdout(/Choose \[1\/2\] \(default: 1\): $/);
    assert.equal(await staysAlive(run, 700), true);
    assert.doesNotMatch(run.stdout(), URL_RE);
    assert.deepEqual(await readServerState(box.serverState), []);
    assert.equal((await stopFakeClaude(run)).signal, 'SIGTERM');
  });

  it('(h) ghost-pointer loop: logs the CCR v2 404 and keeps running at Capacity: 0/32', async () => {
    const { box, run } = await crash('h');
    await run.waitForStdout(
      /\] Error: CCR v2 worker registration failed for session cse_01\w{22}: Request failed with status code 404\n[\s\S]*Capacity: 0\/32/,
    );
    assert.match(run.stdout(), URL_RE);
    assert.equal(await staysAlive(run, 300), true);
    assert.equal((await stopFakeClaude(run)).code, 0);
    assert.match(run.stdout(), /Environment preserved\./);
    assert.ok(await readPointer(box.home, box.project), 'skips deregister again, pointer kept');
  });
});
