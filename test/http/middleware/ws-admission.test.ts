// wsAdmission() through the real app (no socket): once the registry closed for a shutdown,
// a WebSocket handshake is refused with 503 (Retry-After) before any 101, never counted as a
// quota (429), and never logged as a server error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAuthServices } from '../../../src/http/auth-services.js';
import { CLOSE_SERVICE_RESTART } from '../../../src/ws/registry.js';
import { createAuthApp } from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

const dir = useTempDir();
const HANDSHAKE = {
  upgrade: 'websocket',
  connection: 'Upgrade',
  origin: 'http://localhost:7621',
  'sec-websocket-version': '13',
  'sec-websocket-key': 'ZmFrZS1rZXktMDEyMzQ1Ng==',
};

describe('wsAdmission()', () => {
  it('wsAdmission() answers 503 unavailable to a handshake after the registry closed', async () => {
    const { app, ctx, logger } = createAuthApp({ stateDir: dir.path });
    const services = await createAuthServices(ctx);
    ctx.authServices = services;
    const before = await app.request('/ws/events', { headers: HANDSHAKE });
    assert.notEqual(before.status, 503, 'admitted while the registry is open');
    services.wsRegistry.closeAll(CLOSE_SERVICE_RESTART, 'service restart');
    logger.lines.length = 0; // the admitted handshake above has no socket to upgrade here
    const after = await app.request('/ws/events', { headers: HANDSHAKE });
    assert.equal(after.status, 503);
    const body = (await after.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'unavailable');
    assert.equal(after.headers.get('retry-after'), '1');
    assert.equal(services.wsRegistry.count(), 0);
    // A browser reconnecting during a restart is expected, not a server fault.
    assert.deepEqual(
      logger.lines.filter((line) => line.startsWith('error ')),
      [],
      'no error-level line for a refusal while shutting down',
    );
  });
});
