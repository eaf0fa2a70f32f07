import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { checkProjectsRootRow, checkWorkspaceTrustRow } from '../../src/doctor/checks-projects.js';
import { makeCheckContext } from '../support/doctor-context.js';
import { prepareClaudeHome } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();
let root = '';
beforeEach(() => {
  root = join(home.path, 'projects');
});

describe('checkProjectsRootRow()', () => {
  it('checkProjectsRootRow() is OK for an existing directory', async () => {
    await mkdir(root);
    const row = await checkProjectsRootRow(
      makeCheckContext({ home: home.path, raw: { projects_root: root } }),
    );
    assert.equal(row.status, 'OK');
  });

  it('checkProjectsRootRow() warns when unset: nothing to run', async () => {
    const row = await checkProjectsRootRow(makeCheckContext({ home: home.path }));
    assert.equal(row.status, 'WARN');
    assert.equal(row.detail, 'no projects_root: nothing to run');
  });

  it('checkProjectsRootRow() fails for a missing directory', async () => {
    const row = await checkProjectsRootRow(
      makeCheckContext({ home: home.path, raw: { projects_root: root } }),
    );
    assert.equal(row.status, 'FAIL');
    assert.ok(row.fix);
  });

  it('checkProjectsRootRow() fails for a file', async () => {
    await writeFile(root, 'x');
    const row = await checkProjectsRootRow(
      makeCheckContext({ home: home.path, raw: { projects_root: root } }),
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
    await prepareClaudeHome(home.path, { trusted: [join(root, 'alpha')] });
    const row = await checkWorkspaceTrustRow(
      makeCheckContext({ home: home.path, raw: { projects_root: root } }),
    );
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /^1\/2 discovered projects trusted; untrusted: beta \(not-granted\)$/);
    // The CLI is offered first, then the dashboard and claude itself.
    assert.match(
      row.fix ?? '',
      /^run `clauster trust --all` \(or `clauster trust <project>` for one\), /,
    );
  });

  it('checkWorkspaceTrustRow() is OK when every project is trusted (ancestor grant)', async () => {
    await prepareClaudeHome(home.path, { trusted: [root] });
    const row = await checkWorkspaceTrustRow(
      makeCheckContext({ home: home.path, raw: { projects_root: root } }),
    );
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /2\/2/);
  });

  it('checkWorkspaceTrustRow() does not count an ancestor grant for a git repository', async () => {
    await mkdir(join(root, 'alpha', '.git'));
    await prepareClaudeHome(home.path, { trusted: [root] });
    const row = await checkWorkspaceTrustRow(
      makeCheckContext({ home: home.path, raw: { projects_root: root } }),
    );
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /alpha \(git-repo-needs-own-grant\)/);
  });

  it('checkWorkspaceTrustRow() follows CLAUDE_CODE_SANDBOXED from claude.env', async () => {
    const raw = { projects_root: root, claude: { env: { CLAUDE_CODE_SANDBOXED: '1' } } };
    const row = await checkWorkspaceTrustRow(makeCheckContext({ home: home.path, raw }));
    assert.equal(row.status, 'OK');
  });

  it('checkWorkspaceTrustRow() is OK with no projects_root', async () => {
    const row = await checkWorkspaceTrustRow(makeCheckContext({ home: home.path }));
    assert.equal(row.status, 'OK');
  });
});
