// A token that the word-start rule rejects (`aeyJ`, `ask-`, `asession_`…) must not be read to
// its end: in a long run of such tokens that would happen again from every anchor inside the
// run, so a 1 Mi-unit line took minutes (found by review; both engines). Each engine redacts
// such lines in a child process given a minute (it needs milliseconds): a hang shows as a
// killed child, which a timeout inside this process could not catch during a synchronous call.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { nodeArgsFor } from '../support/ts-child.js';

const CHILD = new URL('../support/rejected-run-child.ts', import.meta.url);

function runChild(engine: 'native' | 'js'): {
  status: number | null;
  signal: string | null;
  out: string;
} {
  const child = spawnSync(process.execPath, [...nodeArgsFor(CHILD), engine], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: child.status, signal: child.signal, out: `${child.stdout}${child.stderr}` };
}

describe('redaction of long runs of rejected tokens', () => {
  for (const engine of ['native', 'js'] as const) {
    it(`the ${engine} engine returns 1 Mi-unit runs of rejected tokens unchanged, without stalling`, () => {
      assert.deepEqual(runChild(engine), { status: 0, signal: null, out: 'ok\n' });
    });
  }
});
