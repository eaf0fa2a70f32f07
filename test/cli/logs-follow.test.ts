// `clauster logs -f` as an operator runs it: the real bin/clauster.js in a child process, so
// the event loop has nothing but what the command holds (in-process tests cannot see a follow
// that ends on its own).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { captureOutput } from '../support/child-output.js';
import { waitFor } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';

const BIN = fileURLToPath(new URL('../../bin/clauster.js', import.meta.url));
const BRIDGE = 'br-abcdefghijkl';
const ID = 'session_01FakeAbCdEfGhJk';

const tmp = useTempDir('clauster-logs-follow-');

describe('runLogs() in a child process', () => {
  it('runLogs() -f keeps running, prints appended lines and exits 0 on SIGINT', async () => {
    const stateDir = join(tmp.path, 'state');
    const configPath = join(tmp.path, 'clauster.yml');
    const log = join(stateDir, 'logs', BRIDGE, 'debug.log');
    await fsp.mkdir(join(stateDir, 'logs', BRIDGE), { recursive: true, mode: 0o700 });
    await fsp.writeFile(log, `one\ntwo ${ID}\n`);
    await fsp.writeFile(configPath, `state_dir: ${stateDir}\n`);
    const child = spawn(
      process.execPath,
      [BIN, 'logs', BRIDGE, '-f', '-n', '2', '-c', configPath],
      {
        cwd: tmp.path,
        env: { HOME: tmp.path, PATH: process.env.PATH ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output = captureOutput(child);
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        exit = { code, signal };
        resolve();
      });
    });
    try {
      await waitFor(() => output.stdout().includes('two') || exit !== null, 60_000);
      assert.equal(output.stdout(), 'one\ntwo session_<redacted>\n', output.stderr());
      // Long enough for a follow without a ref'd handle to have ended (it did, after ~1 s).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(exit, null, `ended on its own: ${JSON.stringify(exit)} ${output.stderr()}`);
      await fsp.appendFile(log, `three ${ID}\n`);
      await waitFor(() => output.stdout().includes('three') || exit !== null, 10_000);
      assert.equal(output.stdout(), 'one\ntwo session_<redacted>\nthree session_<redacted>\n');
      child.kill('SIGINT');
      await exited;
      assert.deepEqual(exit, { code: 0, signal: null });
      assert.equal(output.stderr(), '');
    } finally {
      if (exit === null) child.kill('SIGKILL');
      await exited;
    }
  });
});
