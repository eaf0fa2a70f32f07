import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DOCTOR_CHECKS, runDoctorChecks } from '../../src/doctor/checks.js';
import { makeCheckContext } from '../support/doctor-context.js';
import { FAKE_CLAUDE_PATH, prepareClaudeHome } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

const ALL_IDS = [
  'config',
  'auth',
  'claude',
  'claude-login',
  'remote-control',
  'projects_root',
  'state_dir',
  'state-files',
  'git',
  'workspace-trust',
  'port',
  'systemd',
  'node',
  'redaction',
];

describe('runDoctorChecks()', () => {
  it('runDoctorChecks() runs every row and is ok on a healthy host', async () => {
    const root = join(home.path, 'projects');
    await mkdir(join(root, 'alpha'), { recursive: true });
    await prepareClaudeHome(home.path, { trusted: [join(root, 'alpha')] });
    const ctx = makeCheckContext({
      home: home.path,
      raw: { projects_root: root, claude: { binary: FAKE_CLAUDE_PATH } },
      host: { probePort: async () => 'free' },
    });
    const report = await runDoctorChecks(ctx.input, { host: ctx.host }, ctx.deps);
    assert.deepEqual(
      report.checks.map((row) => row.id),
      ALL_IDS,
    );
    const notOk = report.checks.filter((row) => row.status !== 'OK');
    assert.deepEqual(notOk, []);
    assert.equal(report.ok, true);
  });

  it('runDoctorChecks() leaves out the port row without a probe (the API)', async () => {
    const ctx = makeCheckContext({
      home: home.path,
      raw: { claude: { binary: FAKE_CLAUDE_PATH } },
    });
    const report = await runDoctorChecks(ctx.input, { host: ctx.host }, ctx.deps);
    assert.deepEqual(
      report.checks.map((row) => row.id),
      ALL_IDS.filter((id) => id !== 'port'),
    );
  });

  it('DOCTOR_CHECKS ids are unique', () => {
    assert.equal(new Set(DOCTOR_CHECKS.map((check) => check.id)).size, DOCTOR_CHECKS.length);
  });
});
