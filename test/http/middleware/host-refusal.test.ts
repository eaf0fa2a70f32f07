/**
 * A 403 bad-host names the Host the caller sent (escaped, redacted, cut) and the fix, never
 * the configured origins; it is logged once a minute per Host at most.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeHostRefusal } from '../../../src/http/middleware/host-refusal.js';
import { createAuthApp, createTestClock, readJson } from '../../support/auth-app.js';
import { fill } from '../../support/fake-secrets.js';
import { useTempDir } from '../../support/temp.js';

const dir = useTempDir();

describe('describeHostRefusal()', () => {
  it('describeHostRefusal() names the Host sent and the origin to add', () => {
    assert.equal(
      describeHostRefusal('Clauster.Example.com'),
      'host not allowed: the request\'s Host "Clauster.Example.com" is not an IP address, localhost or the host of an origin in auth.allowed_origins (the DNS-rebinding guard); add "https://clauster.example.com" to auth.allowed_origins (the address the browser opens; http:// if it is served without TLS), or open the dashboard by its IP address',
    );
    assert.match(describeHostRefusal('nas.lan:8443'), /add "https:\/\/nas\.lan:8443" to auth/);
  });

  it('describeHostRefusal() shows an odd Host escaped and cut, and suggests no origin from it', () => {
    const message = describeHostRefusal(`evil\u202e.test\r\nX-Injected: 1 ${'a'.repeat(200)}`);
    assert.match(message, /Host "evil\\u202e\.test\\r\\nX-Injected: 1 a+…"/);
    assert.doesNotMatch(message, /[\u202e\r\n]/);
    assert.match(message, /add "https:\/\/<host>\[:port\]" to auth\.allowed_origins/);
  });

  it('describeHostRefusal() masks a secret-looking Host', () => {
    const token = `ghp_${fill('FAKE0123456789abcdefghijklmnopqrstuv', 36)}`;
    const message = describeHostRefusal(`${token}.example`);
    assert.equal(message.includes(token.slice(4)), false, message);
  });

  it('describeHostRefusal() says when no Host was sent', () => {
    assert.match(
      describeHostRefusal(null),
      /^host not allowed: the request carries no Host header/,
    );
    assert.match(describeHostRefusal(''), /carries no Host header/);
  });
});

describe('clientContext() bad-host refusal', () => {
  const config = { auth: { allowed_origins: ['https://dash.internal.example'] } };

  it('clientContext() answers 403 naming the Host and the fix, never the configured origins', async () => {
    const { app } = createAuthApp({ stateDir: dir.path, config });
    const response = await app.request('/healthz', { headers: { host: 'clauster.example.com' } });
    assert.equal(response.status, 403);
    const { error } = await readJson(response);
    assert.equal(error?.code, 'bad-host');
    const message = String(error?.message);
    assert.match(message, /the request's Host "clauster\.example\.com"/);
    assert.match(message, /add "https:\/\/clauster\.example\.com" to auth\.allowed_origins/);
    assert.match(message, /or open the dashboard by its IP address$/);
    assert.equal(message.includes('dash.internal'), false, message);
  });

  it('clientContext() logs one warning per Host at most once a minute', async () => {
    const clock = createTestClock(0);
    const { app, logger } = createAuthApp({ stateDir: dir.path, config, clock });
    const send = (host: string) => app.request('/healthz', { headers: { host } });
    const warnings = () => logger.lines.filter((line) => line.startsWith('warn host not allowed'));
    for (let i = 0; i < 3; i += 1) assert.equal((await send('a.example.com')).status, 403);
    assert.equal((await send('A.EXAMPLE.COM')).status, 403);
    assert.equal(warnings().length, 1);
    assert.match(warnings()[0] ?? '', /Host "a\.example\.com"/);
    await send('b.example.com');
    assert.equal(warnings().length, 2);
    clock.advance(60_000);
    await send('a.example.com');
    assert.equal(warnings().length, 3);
    assert.equal((await send('dash.internal.example')).status, 200);
    assert.equal(warnings().length, 3);
  });
});
