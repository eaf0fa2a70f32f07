// recover() with a damaged bridges.json: one bad record no longer untracks the live bridges,
// and a broken symlink stops the start instead of being replaced by an empty registry.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RegistryLinkError } from '../../src/bridges/registry-file.js';
import { useBridgeHarnesses } from '../support/bridge-harness.js';

const harness = useBridgeHarnesses();

// A bridge running on a state_dir whose first supervisor has closed (bridges.json saved).
async function recordRunningBridge() {
  const h = await harness();
  const started = await h.supervisor.start('app', {});
  assert.ok(started.ok);
  await h.waitForStatus(started.value.id, 'running');
  await h.supervisor.close();
  return { h, id: started.value.id };
}

describe('recover() with a damaged bridges.json', () => {
  it('recover() re-adopts the live bridge when another record was hand-edited wrong', async () => {
    const { h, id } = await recordRunningBridge();
    const path = join(h.stateDir, 'bridges.json');
    const doc = JSON.parse(await fs.readFile(path, 'utf8'));
    const edited = { ...doc.bridges[0], id: 'br-dddddddddddd', project: 'demo', reason: 5 };
    doc.bridges.push(edited);
    const before = JSON.stringify(doc);
    await fs.writeFile(path, before);

    const restarted = h.createSupervisor();
    await restarted.recover();
    assert.equal(restarted.get(id)?.status, 'running');
    assert.equal(restarted.get('br-dddddddddddd'), null);
    const warning = h.events.find((e) => e.type === 'warning' && e.code === 'registry-corrupt');
    const message = warning?.type === 'warning' ? warning.message : '';
    assert.match(message, /: 1 of 2 bridge records failed the record schema and were dropped/);
    assert.match(message, /bridges\.1\.reason: .*"demo"/);
    assert.match(message, /`clauster adopt <project>`/);
    const copy = (await fs.readdir(h.stateDir)).find((n) => n.startsWith('bridges.json.corrupt-'));
    assert.ok(copy !== undefined && message.includes(join(h.stateDir, copy)));
    assert.equal(await fs.readFile(join(h.stateDir, copy), 'utf8'), before);
    const after = JSON.parse(await fs.readFile(path, 'utf8'));
    assert.deepEqual(
      after.bridges.map((b: { id: string }) => b.id),
      [id],
    );
    const audit = await h.readAudit();
    assert.ok(audit.some((line) => line.action === 'bridges.registry-corrupt'));
    await restarted.stop(id);
    await restarted.close();
  });

  it('a bridges.json that recover() cannot read is never saved over when the start is undone', async () => {
    const { h, id } = await recordRunningBridge();
    const path = join(h.stateDir, 'bridges.json');
    const before = await fs.readFile(path, 'utf8');
    // As for a file the dashboard's user cannot read (mode 0200): reads fail, writes work.
    const unreadable = {
      ...h.deps.fs,
      readFile: (async (file: string, ...rest: unknown[]) => {
        if (file === path)
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        return (fs.readFile as (...a: unknown[]) => Promise<unknown>)(file, ...rest);
      }) as typeof h.deps.fs.readFile,
    };
    const s = h.createSupervisor({}, { fs: unreadable });
    await assert.rejects(
      s.recover(),
      /cannot read .*bridges\.json \(EACCES\): make it a regular file .*fix its owner and mode/,
    );
    await s.close();
    assert.equal(await fs.readFile(path, 'utf8'), before, 'the records are still there');
    const again = h.createSupervisor();
    await again.recover();
    assert.equal(again.get(id)?.status, 'running');
    await again.stop(id);
    await again.close();
  });

  it('recover() refuses a bridges.json symlink whose target is missing, and keeps the link', async () => {
    const h = await harness();
    await h.supervisor.close();
    const path = join(h.stateDir, 'bridges.json');
    await fs.rm(path, { force: true });
    const target = join(h.stateDir, 'not-mounted', 'bridges.json');
    await fs.symlink(target, path);
    const s = h.createSupervisor();
    await assert.rejects(s.recover(), (error: Error) => {
      assert.ok(error instanceof RegistryLinkError);
      assert.match(error.message, /is a symlink to .*not-mounted\/bridges\.json/);
      assert.match(error.message, /is the volume mounted\? remove the link/);
      return true;
    });
    assert.equal(await fs.readlink(path), target);
    await s.close();
  });
});
