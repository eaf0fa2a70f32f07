// createSupervisor() end to end: trust, start, running with a URL, logs, registry, audit, stop.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BRIDGE_ID_RE } from '../../src/bridges/record.js';
import { nodeProcesses } from '../../src/system/node.js';
import { BRIDGE_URL_RE, useBridgeHarnesses } from '../support/bridge-harness.js';
import { readClaudeJson, waitFor } from '../support/fake-claude.js';

const harness = useBridgeHarnesses();

describe('createSupervisor()', () => {
  it('start() runs trust → start → running with URL → stop (exit via SIGINT)', async () => {
    const h = await harness({ trusted: [] });
    const refused = await h.supervisor.start('app', {});
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.equal(refused.code, 'untrusted');
      assert.match(refused.detail, /trust first/);
    }
    await h.trust.setTrusted(h.app);
    const started = await h.supervisor.start('app', { name: 'Phone' });
    assert.ok(started.ok, JSON.stringify(started));
    const bridge = started.value;
    assert.match(bridge.id, BRIDGE_ID_RE);
    assert.equal(bridge.status, 'starting');
    assert.equal(bridge.project, 'app');
    assert.equal(bridge.name, 'Phone');
    assert.equal(typeof bridge.pid, 'number');

    await h.waitForStatus(bridge.id, 'running');
    const running = h.supervisor.get(bridge.id);
    assert.match(running?.url ?? '', BRIDGE_URL_RE);

    const logDir = join(h.stateDir, 'logs', bridge.id);
    for (const name of ['debug.log', 'stdout.log', 'stderr.log']) {
      assert.equal((await fs.stat(join(logDir, name))).mode & 0o777, 0o600, name);
    }
    // The event is published first; bridges.json follows right after (fsynced).
    const registry = await waitFor(async () => {
      const doc = JSON.parse(await fs.readFile(join(h.stateDir, 'bridges.json'), 'utf8'));
      return doc.bridges[0]?.status === 'running' ? doc : null;
    }, 5000);
    assert.equal(registry.schema_version, 1);
    const record = registry.bridges[0];
    assert.equal(record.cwd, h.app);
    assert.ok(record.argv.includes('remote-control'));
    assert.ok(record.argv.includes('--debug-file'));
    assert.equal(typeof record.proc_start_ticks, 'number');
    const environ = await fs.readFile(`/proc/${bridge.pid}/environ`, 'utf8');
    assert.ok(!environ.includes('CLAUSTER_TOKEN'), 'CLAUSTER_* is scrubbed from the bridge env');

    const stopped = await h.supervisor.stop(bridge.id);
    assert.ok(stopped.ok);
    assert.equal(stopped.value.status, 'stopped');
    assert.equal(stopped.value.reason, null, 'a clean SIGINT exit needs no escalation');
    assert.equal(await nodeProcesses.identity(bridge.pid as number), null);
    assert.ok(stopped.value.stopped_at);

    const transitions = h.events.flatMap((e) => (e.type === 'bridge' ? [`${e.from}→${e.to}`] : []));
    assert.deepEqual(transitions, ['null→starting', 'starting→running', 'running→stopped']);
    const audit = (await h.readAudit()).map((line) => line.action);
    for (const action of [
      'bridge.starting',
      'bridge.running',
      'bridge.stop-requested',
      'bridge.stopped',
    ]) {
      assert.ok(audit.includes(action), action);
    }
    const config = await readClaudeJson(h.home);
    assert.equal(config.remoteDialogSeen, true);
    assert.equal(config.hasUsedRemoteControl, true);
  });
});
