import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startLogMaintenance } from '../../src/bridges/log-maintenance.js';
import { configSchema } from '../../src/config/schema.js';
import { useBridgeHarnesses } from '../support/bridge-harness.js';
import { waitFor } from '../support/fake-claude.js';

const createHarness = useBridgeHarnesses();

describe('createSupervisor() with logs.redact_session_url', () => {
  it('start() makes the bridge write private raw logs that are mirrored redacted, and re-adoption follows them', async () => {
    const h = await createHarness({ supervisor: { rawLogs: true } });
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok, JSON.stringify(started));
    const id = started.value.id;
    await h.waitForStatus(id, 'running');
    const url = h.supervisor.get(id)?.url ?? '';
    assert.match(url, /environment=env_/, 'the URL is read from the raw stdout');

    const dir = join(h.stateDir, 'logs', id);
    // The URL may be known from the debug log before the status block reaches stdout.
    const rawStdout = await waitFor(async () => {
      const text = await fs.readFile(join(dir, 'stdout.raw.log'), 'utf8');
      return text.includes(url) ? text : null;
    }, 10_000);
    assert.ok(rawStdout.includes(url), 'the raw copy is verbatim');
    assert.equal((await fs.stat(join(dir, 'stdout.raw.log'))).mode & 0o777, 0o600);

    const settings = { ...configSchema.parse({}).logs, redact_session_url: true };
    const maintenance = startLogMaintenance(
      { stateDir: h.stateDir, settings, liveIds: () => [id], intervalMs: 60_000 },
      h.deps,
    );
    await maintenance.tick();
    const mirror = await fs.readFile(join(dir, 'stdout.log'), 'utf8');
    assert.ok(mirror.length > 0, 'the public file is filled by the mirror');
    assert.ok(!mirror.includes(url), 'the public file never holds the connect URL id');
    assert.match(mirror, /env_<redacted>/);
    await maintenance.stop();

    const restarted = h.createSupervisor();
    await restarted.recover();
    assert.equal(restarted.get(id)?.status, 'running');
    assert.equal(restarted.get(id)?.url, url);
    const stopped = await restarted.stop(id);
    assert.ok(stopped.ok);
  });
});
