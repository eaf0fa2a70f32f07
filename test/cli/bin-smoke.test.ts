import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../support/temp.js';

const BIN = fileURLToPath(new URL('../../bin/clauster.js', import.meta.url));

describe('bin/clauster.js', () => {
  it('bin/clauster.js version runs for real and exits 0', async () => {
    const temp = await makeTempDir();
    try {
      const result = spawnSync(process.execPath, [BIN, 'version'], {
        encoding: 'utf8',
        env: { HOME: temp.path, PATH: process.env.PATH ?? '' },
        timeout: 60_000,
      });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /^clauster \d+\.\d+\.\d+\n$/);
      const unknown = spawnSync(process.execPath, [BIN, 'nope'], {
        encoding: 'utf8',
        env: { HOME: temp.path, PATH: process.env.PATH ?? '' },
        timeout: 60_000,
      });
      assert.equal(unknown.status, 2);
    } finally {
      await temp.cleanup();
    }
  });
});
