import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { readRedactorStatus } from '../../src/system/native-redactor.js';
import { createTestIo } from '../support/cli-io.js';
import { FAKE_CLAUDE_PATH } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

describe('tryInstallRedactor() at CLI start', () => {
  it('a CLAUSTER_REDACTOR that names no engine ends any command with exit 2, naming it', async () => {
    const t = createTestIo({ home: home.path, env: { CLAUSTER_REDACTOR: 'fast' } });
    assert.equal(await main(['version'], t.io), 2);
    assert.equal(t.stdout(), '');
    assert.match(
      t.stderr(),
      /^clauster version: CLAUSTER_REDACTOR="fast" is not an engine: expected js \(the JS engine\) or auto \(.*\)\n$/,
    );
  });

  it('with --json the refusal is the error body', async () => {
    const t = createTestIo({ home: home.path, env: { CLAUSTER_REDACTOR: 'native' } });
    assert.equal(await main(['doctor', '--json'], t.io), 2);
    const body = JSON.parse(t.stdout()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'invalid-env');
    assert.match(body.error.message, /^CLAUSTER_REDACTOR="native" is not an engine/);
  });

  it('doctor --json carries the redaction row of the engine this process installed', async () => {
    const configPath = join(home.path, 'clauster.yml');
    await writeFile(
      configPath,
      `state_dir: ${home.path}/state\nport: 0\nclaude:\n  binary: ${FAKE_CLAUDE_PATH}\n`,
    );
    const t = createTestIo({ home: home.path });
    await main(['doctor', '--json', '--config', configPath], t.io);
    const doc = JSON.parse(t.stdout()) as { checks: Array<{ id: string; detail: string }> };
    const row = doc.checks.find((check) => check.id === 'redaction');
    const status = readRedactorStatus();
    assert.notEqual(status.engine === 'js' && status.cause, 'not-loaded');
    const expected = status.engine === 'native' ? `native engine (${status.path})` : 'JS engine';
    assert.ok(row?.detail.startsWith(expected), row?.detail);
  });
});
