/**
 * Outgoing webhooks (docs/webhooks.md): listens on the event bus, turns the transitions the
 * operator asked for into payloads and hands them to `deliver`. Invariant: the bus listener
 * never waits and never throws — `deliver` only starts a delivery (fail-open, no retry), so
 * a slow or broken receiver can never hold up a bridge transition or another subscriber.
 */
import type { Clock } from '../system/ports.js';
import type { ClausterEvent, Listener } from './bus.js';
import { createWebhookEventMapper, type WebhookEventName } from './webhook-events.js';
import {
  buildBridgePayload,
  buildClonePayload,
  type PayloadContext,
  type WebhookPayload,
} from './webhook-payload.js';

export interface WebhookNotifierOptions {
  instance: string | null;
  /** `webhooks.events`: which events are sent. */
  events: Readonly<Record<WebhookEventName, boolean>>;
  /** The session-cookie secret, the HMAC key of `session_ref`. */
  sessionKey: string;
}

export interface WebhookNotifierDeps {
  clock: Clock;
  subscribe(listener: Listener): () => void;
  /** Starts delivering `payload` and returns at once (never awaited here). */
  deliver(payload: WebhookPayload): void;
}

/** Subscribes to the bus; the returned `close()` unsubscribes. */
export function startWebhookNotifier(
  options: WebhookNotifierOptions,
  deps: WebhookNotifierDeps,
): { close(): void } {
  const mapper = createWebhookEventMapper();

  function toPayload(name: WebhookEventName, event: ClausterEvent): WebhookPayload | null {
    const context: PayloadContext = {
      at: new Date(deps.clock.now()).toISOString(),
      instance: options.instance,
      sessionKey: options.sessionKey,
    };
    if (event.type === 'bridge') return buildBridgePayload(name, event, context);
    if (event.type === 'clone') return buildClonePayload(event.job, context);
    return null;
  }

  const unsubscribe = deps.subscribe((event) => {
    try {
      // The mapper sees every event (it remembers spawns) even when the event is switched off.
      const name = mapper.map(event);
      if (name === null || !options.events[name]) return;
      const payload = toPayload(name, event);
      if (payload !== null) deps.deliver(payload);
    } catch {
      // Fail-open: a webhook problem never reaches the publisher (the supervisor).
    }
  });
  return { close: unsubscribe };
}
