import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { type Config, configSchema } from '../../src/config/schema.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { createSilentLogger } from '../../src/system/logger.js';
import { createNodeDeps } from '../../src/system/node.js';
import { waitFor } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';
import { useWebhookReceiver } from '../support/webhook-receiver.js';

const running: RunningServer[] = [];
afterEach(() => Promise.all(running.splice(0).map((server) => server.close())));
const home = useTempDir();

function configFor(webhooks: Record<string, unknown>): Config {
  return configSchema.parse({ port: 0, state_dir: join(home.path, '.clauster'), webhooks });
}

async function start(config: Config): Promise<RunningServer> {
  const deps = createNodeDeps({ HOME: home.path, PATH: process.env.PATH ?? '' });
  const server = await startServer(config, deps, { logger: createSilentLogger() });
  running.push(server);
  return server;
}

function publishSpawn(server: RunningServer): void {
  const bridge = { id: 'br-abcdefghijkl', project: 'app', url: null };
  server.context.bus.publish({ type: 'bridge', bridge, from: null, to: 'starting' });
}

describe('startServer() webhooks', () => {
  const receiver = useWebhookReceiver();

  it('startServer() sends bus transitions to webhooks.urls when enabled', async () => {
    const server = await start(configFor({ enabled: true, urls: [`${receiver.origin}/ok`] }));
    publishSpawn(server);
    await waitFor(() => receiver.requests.length > 0, 10_000);
    assert.equal(JSON.parse(receiver.requests[0]?.body ?? '{}').event, 'spawn');
  });

  it('startServer() does nothing for webhooks when webhooks.enabled is false', async () => {
    const server = await start(configFor({ enabled: false, urls: [`${receiver.origin}/ok`] }));
    const listeners = server.context.bus.listenerCount();
    publishSpawn(server);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(receiver.requests.length, 0);
    // Auth is off and webhooks are off: no session secret was needed, so none was made.
    await assert.rejects(access(join(home.path, '.clauster', 'session.secret')));
    await server.close();
    const again = await start(configFor({ enabled: true, urls: [`${receiver.origin}/ok`] }));
    assert.equal(again.context.bus.listenerCount(), listeners + 1);
  });
});
