// CLI commands that change state leave the same audit entry as their dashboard route, marked
// `by: "cli"`: trust (project.trust), trust --all (project.trust per project + the
// project.trust-all summary) and projects create (project.create).
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readAuditEntries } from '../support/audit-log.js';
import { useBridgeHarnesses } from '../support/bridge-harness.js';
import { createHarnessCli } from '../support/harness-cli.js';

const createHarness = useBridgeHarnesses();

async function setup() {
  const h = await createHarness({ trusted: [] });
  const { run } = await createHarnessCli(h);
  // Each entry without its timestamp.
  const audit = async () =>
    (await readAuditEntries(h.stateDir)).map(({ ts: _ts, ...entry }) => entry);
  return { h, run, audit };
}

describe('appendCliAudit()', () => {
  it('appendCliAudit() gives `clauster trust <project>` the project.trust entry, by cli', async () => {
    const { h, run, audit } = await setup();
    assert.equal((await run(['trust', 'app'])).code, 0);
    assert.equal((await run(['trust', 'app', '--json'])).code, 0);
    assert.deepEqual(await audit(), [
      { action: 'project.trust', project: 'app', path: h.app, changed: true, by: 'cli' },
      { action: 'project.trust', project: 'app', path: h.app, changed: false, by: 'cli' },
    ]);
  });

  it('appendCliAudit() writes nothing for a trust that failed or a project not found', async () => {
    const { h, run, audit } = await setup();
    await fs.writeFile(join(h.home, '.claude.json'), '[]');
    assert.equal((await run(['trust', 'app'])).code, 1);
    assert.equal((await run(['trust', 'nope'])).code, 2);
    assert.deepEqual(await audit(), []);
  });

  it('appendCliAudit() gives `clauster trust --all` the entries of POST /api/projects/trust-all', async () => {
    const { h, run, audit } = await setup();
    await h.trust.setTrusted(h.app);
    assert.equal((await run(['trust', '--all'])).code, 0);
    assert.deepEqual(await audit(), [
      { action: 'project.trust', project: 'repo', path: h.repo, changed: true, by: 'cli' },
      { action: 'project.trust-all', trusted: ['repo'], failed: [], skipped: [], by: 'cli' },
    ]);
  });

  it('appendCliAudit() gives `clauster projects create` the project.create entry', async () => {
    const { h, run, audit } = await setup();
    const created = await run(['projects', 'create', 'fresh']);
    assert.equal(created.code, 0, created.stderr);
    assert.deepEqual(await audit(), [
      {
        action: 'project.create',
        project: 'fresh',
        path: join(h.projectsRoot, 'fresh'),
        git_init: false,
        by: 'cli',
      },
    ]);
    assert.equal((await run(['projects', 'create', 'fresh'])).code, 1);
    assert.equal((await audit()).length, 1, 'a refused create writes nothing');
  });

  it('appendCliAudit() says on stderr when audit.jsonl cannot be written, and the trust stands', async () => {
    const { h, run } = await setup();
    await fs.symlink(join(h.root, 'elsewhere'), join(h.stateDir, 'audit.jsonl'));
    const result = await run(['trust', 'app']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^trusted app /);
    assert.match(result.stderr, /audit entry not written/);
  });
});
