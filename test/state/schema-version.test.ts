import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  assertKnownSchemaVersion,
  checkStateVersions,
  StateVersionError,
} from '../../src/state/schema-version.js';
import { makeTempDir } from '../support/temp.js';

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
  let dir: { path: string; cleanup(): Promise<void> };
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(() => dir.cleanup());

  it('checkStateVersions() refuses a state_dir holding a newer tokens.json and leaves it untouched', async () => {
    const path = join(dir.path, 'tokens.json');
    const text = '{"schema_version": 2, "tokens": []}';
    await fsp.writeFile(path, text);
    await assert.rejects(checkStateVersions(dir.path, { fs: fsp }), StateVersionError);
    assert.equal(await fsp.readFile(path, 'utf8'), text);
  });

  it('checkStateVersions() passes an empty or current state_dir', async () => {
    await fsp.writeFile(join(dir.path, 'bridges.json'), '{"schema_version": 1, "bridges": []}');
    await assert.doesNotReject(checkStateVersions(dir.path, { fs: fsp }));
  });
});
