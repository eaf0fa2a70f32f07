// /ws/events and pending autostart retries over a real socket: the snapshot lists them (so a
// reload shows the retry line), then each `autostart` event follows as published, each with
// the milliseconds left (`delay_ms`) beside `retry_at`, and the refusal it follows (if any).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { PendingRetry } from '../../src/bridges/autostart-retries.js';
import type { Supervisor } from '../../src/bridges/supervisor.js';
import { passwordAuthConfig } from '../support/auth-app.js';
import { waitFor } from '../support/fake-claude.js';
import { loginOverSocket, type SocketApp, serveSocketApp } from '../support/socket-app.js';
import { useSuiteTempDir } from '../support/temp.js';

const RETRY: PendingRetry = {
  project: 'app',
  retry_at: '2026-07-01T10:00:32.000Z',
  attempt: 3,
  delay_ms: 32_000,
  refused: { code: 'untrusted', message: 'project app: the claude CLI does not trust /srv/app' },
};

describe('/ws/events with pending autostart retries', () => {
  let served: SocketApp;
  after(() => served.close());
  const dir = useSuiteTempDir();

  before(async () => {
    served = await serveSocketApp({ stateDir: dir.path, auth: await passwordAuthConfig() });
    served.ctx.supervisor = {
      list: () => [],
      autostartRetries: () => [RETRY],
    } as unknown as Supervisor;
  });

  it('eventsWsRoutes() puts the pending retries in the snapshot, then sends autostart events', async () => {
    const { origin, wsBase, ctx } = served;
    const cookie = await loginOverSocket(origin);
    const ws = new WebSocket(`${wsBase}/ws/events`, { headers: { origin, cookie } });
    const messages: Array<Record<string, unknown>> = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    await waitFor(() => messages.length >= 1, 10_000);
    assert.equal(messages[0]?.type, 'snapshot');
    assert.deepEqual(messages[0]?.autostart_retries, [RETRY]);
    const next = { project: 'app', retry_at: '2026-07-01T10:01:36.000Z', attempt: 4 };
    ctx.bus.publish({ type: 'autostart', ...next, delay_ms: 64_000, refused: null });
    ctx.bus.publish({ type: 'autostart', project: 'app', retry_at: null });
    const sent = () => messages.filter((m) => m.type === 'autostart');
    await waitFor(() => sent().length >= 2, 10_000);
    assert.deepEqual(sent(), [
      { type: 'autostart', ...next, delay_ms: 64_000, refused: null },
      { type: 'autostart', project: 'app', retry_at: null },
    ]);
    ws.terminate();
  });
});
