// How start() and stop() end each crash mode of the fake claude: crashed, error, or SIGKILLed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeProcesses } from '../../src/system/node.js';
import { BRIDGE_URL_RE, useBridgeHarnesses } from '../support/bridge-harness.js';
import { waitFor } from '../support/fake-claude.js';

const harness = useBridgeHarnesses();

const ENV_ID_RE = /env_[A-Za-z0-9]{20,}/;

describe('createSupervisor() crash modes of the fake', () => {
  const modes: Array<{
    mode: string;
    knobs?: Record<string, string>;
    ranFirst: boolean;
    status: 'crashed' | 'running';
    reason: RegExp | null;
  }> = [
    {
      mode: 'a',
      ranFirst: false,
      status: 'crashed',
      reason: /^Error: getaddrinfo ENOTFOUND api\.anthropic\.com$/,
    },
    {
      mode: 'b',
      ranFirst: false,
      status: 'crashed',
      reason: /^Remote Control environments are not available for your account\.$/,
    },
    {
      mode: 'c',
      knobs: { FAKE_CLAUDE_CRASH_AFTER_MS: '2500' },
      ranFirst: true,
      status: 'crashed',
      reason: /^Error: Environment \S+ not found\.$/,
    },
    {
      mode: 'd',
      knobs: { FAKE_CLAUDE_TIME_SCALE: '0.004' },
      ranFirst: true,
      status: 'crashed',
      reason: /^Error: Server unreachable for 10 minutes, giving up\.$/,
    },
    {
      mode: 'e',
      knobs: { FAKE_CLAUDE_CRASH_AFTER_MS: '2500' },
      ranFirst: true,
      status: 'crashed',
      reason: /^killed by signal SIGKILL$/,
    },
    { mode: 'h', ranFirst: true, status: 'running', reason: null },
  ];
  for (const c of modes) {
    it(`start() ends crash mode (${c.mode}) as ${c.status}${c.reason ? ` with the CLI's reason` : ''}`, async () => {
      const h = await harness({ knobs: { FAKE_CLAUDE_CRASH: c.mode, ...c.knobs } });
      const started = await h.supervisor.start('app', {});
      assert.ok(started.ok, JSON.stringify(started));
      const id = started.value.id;
      await h.waitForStatus(id, c.status, 30_000);
      const bridge = h.supervisor.get(id);
      if (c.reason === null) assert.equal(bridge?.reason, null);
      else {
        assert.match(bridge?.reason ?? '', c.reason);
        assert.doesNotMatch(bridge?.reason ?? '', ENV_ID_RE, 'ids in the reason are redacted');
      }
      const sawRunning = h.events.some(
        (e) => e.type === 'bridge' && e.bridge.id === id && e.to === 'running',
      );
      assert.equal(sawRunning, c.ranFirst);
      if (c.status === 'crashed') {
        assert.equal(bridge?.pid, null);
        assert.ok(bridge?.stopped_at);
        assert.equal(
          started.value.pid === null ? null : await nodeProcesses.identity(started.value.pid),
          null,
        );
      } else {
        assert.match(bridge?.url ?? '', BRIDGE_URL_RE);
        assert.equal((await h.supervisor.stop(id)).ok, true);
      }
    });
  }

  it('start() marks a bridge blocked at a prompt (g) as error after startup_grace, and stop() ends it', async () => {
    const h = await harness({
      knobs: { FAKE_CLAUDE_CRASH: 'g' },
      supervisor: { startupGraceMs: 3000 },
    });
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    await h.waitForStatus(started.value.id, 'error');
    const bridge = h.supervisor.get(started.value.id);
    assert.match(
      bridge?.reason ?? '',
      /no connect URL after 3 s while the process is still running/,
    );
    assert.match(bridge?.reason ?? '', /Choose \[1\/2\]/);
    assert.ok(await nodeProcesses.identity(started.value.pid as number), 'still alive');
    const stopped = await h.supervisor.stop(started.value.id);
    assert.ok(stopped.ok);
    assert.equal(stopped.value.status, 'stopped');
    assert.equal(await nodeProcesses.identity(started.value.pid as number), null);
  });

  it('stop() escalates to SIGKILL for a hung bridge that ignores SIGINT and SIGTERM (f)', async () => {
    const h = await harness({
      knobs: { FAKE_CLAUDE_CRASH: 'f' },
      supervisor: { startupGraceMs: 1000, stopGraceMs: 1000 },
    });
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    const pid = started.value.pid as number;
    await h.waitForStatus(started.value.id, 'error');
    nodeProcesses.signal(pid, 'SIGTERM', true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(await nodeProcesses.identity(pid), 'SIGTERM is ignored');
    const t0 = Date.now();
    const stopped = await h.supervisor.stop(started.value.id);
    assert.ok(stopped.ok);
    assert.ok(Date.now() - t0 >= 900, 'waited for the grace period first');
    assert.equal(stopped.value.status, 'stopped');
    assert.match(
      stopped.value.reason ?? '',
      /did not exit within 1 s of SIGINT; killed the process group with SIGKILL/,
    );
    await waitFor(async () => (await nodeProcesses.identity(pid)) === null, 5000);
  });
});
