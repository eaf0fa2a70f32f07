/**
 * Wires outgoing webhooks for the server (edge): the session-cookie secret as the
 * `session_ref` key, the HTTP sender, and the bus notifier. Called only when
 * `webhooks.enabled` is true; with it false nothing of this runs.
 */
import { resolveSessionSecret } from '../auth/sessions.js';
import type { Config } from '../config/schema.js';
import type { EventBus } from '../events/bus.js';
import { startWebhookNotifier } from '../events/webhooks.js';
import type { Metrics } from './metrics.js';
import type { Deps, Logger } from './ports.js';
import { createWebhookSender, type WebhookSenderOptions } from './webhook-sender.js';

export interface WebhookServiceSource {
  config: Config;
  deps: Deps;
  bus: EventBus;
  logger: Logger;
  stateDir: string;
  version: string;
  /** Read per delivery (the server's context gets its metrics after the services). */
  readonly metrics?: Metrics | undefined;
}

/** The sender options of a config (shared with `clauster webhook-test`). */
export function buildSenderOptions(config: Config, version: string): WebhookSenderOptions {
  return {
    urls: config.webhooks.urls,
    timeoutMs: config.webhooks.timeout_seconds * 1000,
    blockPrivateTargets: config.webhooks.block_private_targets,
    userAgent: `clauster/${version}`,
  };
}

/** Starts the notifier; `close()` unsubscribes and aborts deliveries in flight. */
export async function startWebhooks(source: WebhookServiceSource): Promise<{ close(): void }> {
  const { config, deps, bus, logger } = source;
  const sessionKey = await resolveSessionSecret(
    source.stateDir,
    { secretFile: config.auth.session_secret_file },
    deps,
  );
  const sender = createWebhookSender(buildSenderOptions(config, source.version), {
    lookup: deps.lookup,
    logger,
    count: (outcome) => source.metrics?.countWebhook(outcome),
  });
  const notifier = startWebhookNotifier(
    { instance: config.instance_name, events: config.webhooks.events, sessionKey },
    {
      clock: deps.clock,
      subscribe: (listener) => bus.subscribe(listener),
      deliver: sender.deliver,
    },
  );
  logger.info('webhooks on', { targets: config.webhooks.urls.length });
  return {
    close() {
      notifier.close();
      sender.close();
    },
  };
}
