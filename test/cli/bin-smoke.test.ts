import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../support/temp.js';

const BIN = fileURLToPath(new URL('../../bin/clauster.js', import.meta.url));
const ROOT = dirname(dirname(BIN));

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

  it('bin/clauster.js runs the TypeScript sources when no bundle is built (a checkout before npm run build)', async () => {
    const temp = await makeTempDir();
    try {
      // A package without dist/: bin/ copied, the rest linked to this tree.
      await mkdir(join(temp.path, 'bin'));
      await copyFile(BIN, join(temp.path, 'bin', 'clauster.js'));
      for (const name of ['src', 'node_modules', 'package.json'])
        await symlink(join(ROOT, name), join(temp.path, name));
      const result = spawnSync(
        process.execPath,
        [join(temp.path, 'bin', 'clauster.js'), 'version'],
        {
          encoding: 'utf8',
          env: { HOME: temp.path, PATH: process.env.PATH ?? '' },
          timeout: 60_000,
        },
      );
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /^clauster \d+\.\d+\.\d+\n$/);
    } finally {
      await temp.cleanup();
    }
  });

  it('bin/clauster.js run through a symbolic link (the quick start) writes the checkout path into the unit', async () => {
    const temp = await makeTempDir();
    try {
      const link = join(temp.path, 'bin', 'clauster');
      await mkdir(dirname(link));
      await symlink(BIN, link);
      const result = spawnSync(
        process.execPath,
        [link, 'install-service', 'systemd', '--user', '-c', 'c.yml'],
        {
          cwd: temp.path,
          encoding: 'utf8',
          env: { HOME: temp.path, USER: 'clauster-test', PATH: process.env.PATH ?? '' },
          timeout: 60_000,
        },
      );
      assert.equal(result.status, 0, result.stderr);
      const execStart = result.stdout.split('\n').find((line) => line.startsWith('ExecStart='));
      const config = join(temp.path, 'c.yml');
      assert.equal(execStart, `ExecStart=${process.execPath} ${BIN} run --config ${config}`);
    } finally {
      await temp.cleanup();
    }
  });
});
