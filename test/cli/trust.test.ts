import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { useBridgeHarnesses } from '../support/bridge-harness.js';
import { readClaudeJson } from '../support/fake-claude.js';
import { createHarnessCli } from '../support/harness-cli.js';

const createHarness = useBridgeHarnesses();

async function setup() {
  const h = await createHarness({ trusted: [] });
  const { run } = await createHarnessCli(h);
  return { h, run };
}

describe('runTrust() --all', () => {
  it('runTrust() --all trusts every untrusted project once, then finds nothing to do', async () => {
    const { h, run } = await setup();
    await h.trust.setTrusted(h.app);
    const first = await run(['trust', '--all']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, `trusted repo (${h.repo})\n`);
    const config = (await readClaudeJson(h.home)) as {
      projects: Record<string, { hasTrustDialogAccepted?: boolean }>;
    };
    assert.equal(config.projects[h.repo]?.hasTrustDialogAccepted, true);
    const again = await run(['trust', '--all', '--json']);
    assert.equal(again.code, 0);
    assert.deepEqual(JSON.parse(again.stdout), { results: [] });
  });

  it('runTrust() --all exits 1 and names what failed or was skipped; usage errors exit 2', async () => {
    const { h, run } = await setup();
    await fs.writeFile(join(h.home, '.claude.json'), '[]');
    const failed = await run(['trust', '--all']);
    assert.equal(failed.code, 1);
    assert.match(
      failed.stderr,
      /^clauster trust: failed app \(.*expected a JSON object, got an array/,
    );
    assert.match(
      failed.stderr,
      /\nclauster trust: skipped repo \(.*\): not attempted after an earlier failure\n$/,
    );
    assert.equal(await fs.readFile(join(h.home, '.claude.json'), 'utf8'), '[]');
    assert.equal((await run(['trust', 'app', '--all'])).code, 2);
    assert.equal((await run(['trust'])).code, 2);
  });
});
