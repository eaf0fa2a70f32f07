import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createRemoteControlConsent } from '../../src/bridges/remote-control-consent.js';
import { TrustFileError, type TrustWriter } from '../../src/claude/trust-file.js';
import { createCountingFs } from '../support/counting-fs.js';
import { makeTempDir } from '../support/temp.js';

const temps: Array<{ cleanup(): Promise<void> }> = [];
after(async () => {
  for (const temp of temps) await temp.cleanup();
});

/** A writer that records calls and sets both flags the way the real one does. */
function fakeWriter(path: string): TrustWriter & { calls: number } {
  const writer = {
    path,
    calls: 0,
    setTrusted: async () => false,
    async setRemoteControlAcknowledged() {
      writer.calls += 1;
      const text = await fsp.readFile(path, 'utf8').catch(() => '{}');
      const doc = JSON.parse(text) as Record<string, unknown>;
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
        throw new TrustFileError('claude-config-invalid', `${path}: not a JSON object`);
      await fsp.writeFile(
        path,
        JSON.stringify({ ...doc, hasUsedRemoteControl: true, remoteDialogSeen: true }),
      );
      return true;
    },
  };
  return writer;
}

async function claudeJson(content: string | null): Promise<string> {
  const temp = await makeTempDir('clauster-consent-');
  temps.push(temp);
  const path = join(temp.path, '.claude.json');
  if (content !== null) await fsp.writeFile(path, content);
  return path;
}

describe('createRemoteControlConsent()', () => {
  it('ensure() skips the locked write when both flags are set and then only stats the file', async () => {
    const path = await claudeJson(
      JSON.stringify({ hasUsedRemoteControl: true, remoteDialogSeen: true, other: 1 }),
    );
    const counting = createCountingFs();
    const trust = fakeWriter(path);
    const consent = createRemoteControlConsent(true, { fs: counting.fs, trust });
    assert.deepEqual(await consent.ensure(), { ok: true, value: null });
    assert.equal(trust.calls, 0, 'nothing to write');
    counting.reset();
    for (let i = 0; i < 3; i += 1) assert.equal((await consent.ensure()).ok, true);
    assert.equal(counting.count('readFile'), 0, 'an unchanged file is not read again');
    assert.equal(counting.count('stat'), 3);
    assert.equal(trust.calls, 0);
  });

  it('ensure() writes when a flag is missing or the file changed since', async () => {
    const path = await claudeJson(JSON.stringify({ remoteDialogSeen: true }));
    const trust = fakeWriter(path);
    const consent = createRemoteControlConsent(true, { fs: createCountingFs().fs, trust });
    assert.equal((await consent.ensure()).ok, true);
    assert.equal(trust.calls, 1, 'hasUsedRemoteControl was missing');
    assert.equal((await consent.ensure()).ok, true);
    assert.equal(trust.calls, 1, 'set now');
    // Someone (the CLI, the user) resets a flag: a rename gives the file a new inode.
    await fsp.writeFile(`${path}.tmp`, JSON.stringify({ hasUsedRemoteControl: true }));
    await fsp.rename(`${path}.tmp`, path);
    assert.equal((await consent.ensure()).ok, true);
    assert.equal(trust.calls, 2);
  });

  it('ensure() writes when the file is missing and refuses an unparseable file unchanged', async () => {
    const missing = await claudeJson(null);
    const trust = fakeWriter(missing);
    assert.equal(
      (await createRemoteControlConsent(true, { fs: createCountingFs().fs, trust }).ensure()).ok,
      true,
    );
    assert.equal(trust.calls, 1);

    const broken = await claudeJson('{"remoteDialogSeen": tru');
    const brokenTrust = fakeWriter(broken);
    const result = await createRemoteControlConsent(true, {
      fs: createCountingFs().fs,
      trust: brokenTrust,
    }).ensure();
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.code, 'claude-config-invalid');
    assert.equal(brokenTrust.calls, 0);
    assert.equal(await fsp.readFile(broken, 'utf8'), '{"remoteDialogSeen": tru');
  });

  it('ensure() does nothing when claude.auto_enable_remote_control is off', async () => {
    const path = await claudeJson(null);
    const counting = createCountingFs();
    const trust = fakeWriter(path);
    assert.equal(
      (await createRemoteControlConsent(false, { fs: counting.fs, trust }).ensure()).ok,
      true,
    );
    assert.equal(trust.calls, 0);
    assert.equal(counting.calls.size, 0);
  });
});
