import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { checkProjectsRootRow, checkWorkspaceTrustRow } from '../../src/doctor/checks-projects.js';
import { makeCheckContext } from '../support/doctor-context.js';
import { prepareClaudeHome } from '../support/fake-claude.js';
import { makeTempDir } from '../support/temp.js';

let home = '';
let root = '';
let cleanup: () => Promise<void> = async () => {};
beforeEach(async () => {
  const temp = await makeTempDir();
  home = temp.path;
  root = join(home, 'projects');
  cleanup = temp.cleanup;
});
afterEach(() => cleanup());

describe('checkProjectsRootRow()', () => {
  it('checkProjectsRootRow() is OK for an existing directory', async () => {
    await mkdir(root);
    const row = await checkProjectsRootRow(
      makeCheckContext({ home, raw: { projects_root: root } }),
    );
    assert.equal(row.status, 'OK');
  });

  it('checkProjectsRootRow() warns when unset: nothing to run', async () => {
    const row = await checkProjectsRootRow(makeCheckContext({ home }));
    assert.equal(row.status, 'WARN');
    assert.equal(row.detail, 'no projects_root: nothing to run');
  });

  it('checkProjectsRootRow() fails for a missing directory', async () => {
    const row = await checkProjectsRootRow(
      makeCheckContext({ home, raw: { projects_root: root } }),
    );
    assert.equal(row.status, 'FAIL');
    assert.ok(row.fix);
  });

  it('checkProjectsRootRow() fails for a file', async () => {
    await writeFile(root, 'x');
    const row = await checkProjectsRootRow(
      makeCheckContext({ home, raw: { projects_root: root } }),
    );
    assert.equal(row.status, 'FAIL');
    assert.match(row.detail, /not a directory/);
  });
});

describe('checkWorkspaceTrustRow()', () => {
  beforeEach(async () => {
    await mkdir(join(root, 'alpha'), { recursive: true });
    await mkdir(join(root, 'beta'), { recursive: true });
  });

  it('checkWorkspaceTrustRow() warns with N/M when some projects are untrusted', async () => {
    await prepareClaudeHome(home, { trusted: [join(root, 'alpha')] });
    const row = await checkWorkspaceTrustRow(
      makeCheckContext({ home, raw: { projects_root: root } }),
    );
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /^1\/2 discovered projects trusted; untrusted: beta \(not-granted\)$/);
  });

  it('checkWorkspaceTrustRow() is OK when every project is trusted (ancestor grant)', async () => {
    await prepareClaudeHome(home, { trusted: [root] });
    const row = await checkWorkspaceTrustRow(
      makeCheckContext({ home, raw: { projects_root: root } }),
    );
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /2\/2/);
  });

  it('checkWorkspaceTrustRow() does not count an ancestor grant for a git repository', async () => {
    await mkdir(join(root, 'alpha', '.git'));
    await prepareClaudeHome(home, { trusted: [root] });
    const row = await checkWorkspaceTrustRow(
      makeCheckContext({ home, raw: { projects_root: root } }),
    );
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /alpha \(git-repo-needs-own-grant\)/);
  });

  it('checkWorkspaceTrustRow() follows CLAUDE_CODE_SANDBOXED from claude.env', async () => {
    const raw = { projects_root: root, claude: { env: { CLAUDE_CODE_SANDBOXED: '1' } } };
    const row = await checkWorkspaceTrustRow(makeCheckContext({ home, raw }));
    assert.equal(row.status, 'OK');
  });

  it('checkWorkspaceTrustRow() is OK with no projects_root', async () => {
    const row = await checkWorkspaceTrustRow(makeCheckContext({ home }));
    assert.equal(row.status, 'OK');
  });
});
