import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { EPOCH_FILE } from '../../src/auth/epoch.js';
import { TOKENS_FILE } from '../../src/auth/token-store.js';
import { registryPath } from '../../src/bridges/registry.js';
import { main } from '../../src/cli/main.js';
import {
  assertKnownSchemaVersion,
  checkStateVersions,
  StateVersionError,
  VERSIONED_STATE_FILES,
} from '../../src/state/schema-version.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

describe('assertKnownSchemaVersion()', () => {
  it('assertKnownSchemaVersion() accepts the current and older versions', () => {
    assert.equal(assertKnownSchemaVersion({ schema_version: 1 }, 'x'), 1);
    assert.equal(assertKnownSchemaVersion({}, 'x'), 1);
  });

  it('assertKnownSchemaVersion() refuses a newer version, naming the file', () => {
    assert.throws(
      () => assertKnownSchemaVersion({ schema_version: 7 }, 'bridges.json'),
      (error: unknown) =>
        error instanceof StateVersionError &&
        /bridges\.json has schema_version 7/.test(error.message),
    );
  });
});

describe('checkStateVersions()', () => {
  const dir = useTempDir();

  it('checkStateVersions() refuses a state_dir holding a newer tokens.json and leaves it untouched', async () => {
    const path = join(dir.path, 'tokens.json');
    const text = '{"schema_version": 2, "tokens": []}';
    await fsp.writeFile(path, text);
    await assert.rejects(checkStateVersions(dir.path, { fs: fsp }), StateVersionError);
    assert.equal(await fsp.readFile(path, 'utf8'), text);
  });

  it('checkStateVersions() passes over FIFOs in place of the documents without opening them', {
    timeout: 10_000,
  }, async () => {
    for (const name of VERSIONED_STATE_FILES) execFileSync('mkfifo', [join(dir.path, name)]);
    await assert.doesNotReject(checkStateVersions(dir.path, { fs: fsp }));
  });

  it('checkStateVersions() passes an empty or current state_dir', async () => {
    await fsp.writeFile(join(dir.path, 'bridges.json'), '{"schema_version": 1, "bridges": []}');
    await assert.doesNotReject(checkStateVersions(dir.path, { fs: fsp }));
  });
});

describe('VERSIONED_STATE_FILES', () => {
  it('VERSIONED_STATE_FILES names the documents the registry, token store and epoch write', () => {
    assert.deepEqual(
      [...VERSIONED_STATE_FILES].sort(),
      [basename(registryPath('/s')), TOKENS_FILE, EPOCH_FILE].sort(),
    );
  });
});

describe('checkStateVersions() at startup', () => {
  const dir = useTempDir();

  const newer = {
    'bridges.json': '{"schema_version": 2, "bridges": [{"id": "from-the-future"}]}\n',
    'tokens.json': '{"schema_version": 9, "tokens": [], "extra": true}\n',
  };
  for (const [name, text] of Object.entries(newer)) {
    it(`run and check-config refuse a newer ${name} with exit 2 and leave it byte-identical`, async () => {
      const stateDir = join(dir.path, 'state');
      await fsp.mkdir(stateDir, { mode: 0o700 });
      await fsp.writeFile(join(stateDir, name), text, { mode: 0o600 });
      const config = join(dir.path, 'clauster.yml');
      await fsp.writeFile(config, `port: 0\nstate_dir: ${stateDir}\n`);

      const run = createTestIo({ home: dir.path });
      assert.equal(await main(['run', '--config', config], run.io), 2);
      assert.match(
        run.stderr(),
        new RegExp(`${name.replace('.', '\\.')} has schema_version \\d, newer than`),
      );
      assert.doesNotMatch(run.stdout(), /serving/);
      const check = createTestIo({ home: dir.path });
      assert.equal(await main(['check-config', '--config', config, '--json'], check.io), 2);
      const verdict = JSON.parse(check.stdout()) as {
        ok: boolean;
        problems: Array<{ path: string }>;
      };
      assert.equal(verdict.ok, false);
      assert.equal(verdict.problems[0]?.path, 'state_dir');

      assert.equal(await fsp.readFile(join(stateDir, name), 'utf8'), text);
      assert.deepEqual(await fsp.readdir(stateDir), [name], 'no lock, secret or registry written');
    });
  }
});
