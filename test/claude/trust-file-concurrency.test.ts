import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeArgsFor } from '../support/ts-child.js';

// tmpfs when available: this test is about locking and merging, not disk latency.
async function makeFastTempDir(): Promise<{ path: string; cleanup(): Promise<void> }> {
  let parent = tmpdir();
  try {
    await fs.access('/dev/shm', fs.constants.W_OK);
    parent = '/dev/shm';
  } catch {
    // No tmpfs: the regular temp directory works, only slower.
  }
  const path = await fs.mkdtemp(join(parent, 'clauster-trust-race-'));
  return { path, cleanup: () => fs.rm(path, { recursive: true, force: true }) };
}

const CHILD = nodeArgsFor(new URL('../support/trust-writer-child.ts', import.meta.url));
const WRITERS = 8;
const WRITES = 200;

function runWriter(stateDir: string, home: string, index: number): Promise<number | null> {
  const child = spawn(process.execPath, [...CHILD, stateDir, home, String(index), String(WRITES)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

const children: ReturnType<typeof spawn>[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('createTrustWriter() across processes', () => {
  it('setTrusted() from 8 processes × 200 writes loses no key and never exposes a torn file', {
    timeout: 600_000,
  }, async () => {
    const temp = await makeFastTempDir();
    try {
      const home = join(temp.path, 'home');
      const stateDir = join(temp.path, 'state');
      await fs.mkdir(home);
      await fs.mkdir(stateDir, { mode: 0o700 });
      const path = join(home, '.claude.json');
      await fs.writeFile(path, '{\n  "userID": "fake",\n  "projects": {}\n}\n', { mode: 0o600 });

      let done = false;
      let reads = 0;
      let torn = 0;
      let shrank = 0;
      let seen = 0;
      const reader = (async () => {
        while (!done) {
          const text = await fs.readFile(path, 'utf8');
          reads++;
          try {
            const value = JSON.parse(text) as { userID?: string; projects: object };
            if (value.userID !== 'fake') torn++;
            // A lost update would show as a grant that disappears between two reads.
            const count = Object.keys(value.projects).length;
            if (count < seen) shrank++;
            seen = count;
          } catch {
            torn++;
          }
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      const codes = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) => runWriter(stateDir, home, i)),
      );
      done = true;
      await reader;

      assert.deepEqual(codes, Array(WRITERS).fill(0));
      assert.equal(torn, 0, `torn or foreign reads among ${reads}`);
      assert.equal(shrank, 0, 'a grant vanished between two reads');
      assert.ok(reads > 10, 'the reader ran while the writers wrote');
      const config = JSON.parse(await fs.readFile(path, 'utf8')) as {
        userID: string;
        projects: Record<string, { hasTrustDialogAccepted: boolean }>;
      };
      const keys = Object.keys(config.projects);
      assert.equal(keys.length, WRITERS * WRITES);
      for (let i = 0; i < WRITERS; i++) {
        for (let j = 0; j < WRITES; j++) {
          assert.equal(
            config.projects[`/w${i}/k${j}`]?.hasTrustDialogAccepted,
            true,
            `/w${i}/k${j}`,
          );
        }
      }
      const leftovers = (await fs.readdir(home)).filter((name) => name.endsWith('.tmp'));
      assert.deepEqual(leftovers, []);
    } finally {
      await temp.cleanup();
    }
  });
});
