import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { createLogMirror } from '../../src/bridges/log-mirror.js';
import type { Fs } from '../../src/system/ports.js';
import { useTempDir } from '../support/temp.js';

const fs = fsp as unknown as Fs;
const ID = 'session_01FakeAbCdEfGhJk';

describe('createLogMirror()', () => {
  const dir = useTempDir();
  let raw: string;
  let pub: string;
  beforeEach(() => {
    raw = join(dir.path, 'debug.raw.log');
    pub = join(dir.path, 'debug.log');
  });

  it('createLogMirror() keeps the public file a redacted copy, whole lines only, mode 0600', async () => {
    await fsp.writeFile(raw, `a ${ID}\nb \x1b[1m${ID}\x1b[0m\nhalf sess`, { mode: 0o600 });
    await fsp.writeFile(pub, 'stale verbatim content\n');
    const mirror = createLogMirror(raw, pub, { fs });
    await mirror.sync();
    assert.equal(await fsp.readFile(pub, 'utf8'), 'a session_<redacted>\nb session_<redacted>\n');
    assert.equal((await fsp.stat(pub)).mode & 0o777, 0o600);
    await fsp.appendFile(raw, 'ion_01FakeAbCdEf\n');
    await mirror.sync();
    assert.equal(
      await fsp.readFile(pub, 'utf8'),
      'a session_<redacted>\nb session_<redacted>\nhalf session_<redacted>\n',
    );
  });

  it('createLogMirror() rebuilds the public file after the raw one was truncated', async () => {
    await fsp.writeFile(raw, 'one\ntwo\n');
    const mirror = createLogMirror(raw, pub, { fs });
    await mirror.sync();
    await fsp.truncate(raw, 0);
    await fsp.appendFile(raw, 'three\n');
    await mirror.sync();
    assert.equal(await fsp.readFile(pub, 'utf8'), 'three\n');
  });

  it('createLogMirror() flushes a partial last line on the final sync and ignores a missing raw file', async () => {
    const mirror = createLogMirror(raw, pub, { fs });
    await mirror.sync();
    await assert.rejects(fsp.stat(pub));
    await fsp.writeFile(raw, `last ${ID}`);
    await mirror.sync(true);
    assert.equal(await fsp.readFile(pub, 'utf8'), 'last session_<redacted>\n');
  });
});
