/**
 * Delivers webhook payloads over HTTP (edge). Invariants: one POST per URL, no retry, never a
 * redirect followed (a 3xx is a failure: following it would be an SSRF hop), a deadline of
 * `timeoutMs` covering DNS and the response, at most `maxInFlight` deliveries at once (the
 * rest are dropped and counted); with block_private_targets nothing connects before every
 * address of the host has passed security/webhook-target.ts. Logs show `scheme://host[:port]`.
 */
import type { WebhookPayload } from '../events/webhook-payload.js';
import {
  checkWebhookAddresses,
  describeTarget,
  parseWebhookUrl,
} from '../security/webhook-target.js';
import type { Fetch, Logger, Lookup } from './ports.js';

export type DeliveryOutcome = 'ok' | 'failed' | 'refused' | 'dropped';

export interface DeliveryResult {
  /** `scheme://host[:port]` only. */
  target: string;
  outcome: DeliveryOutcome;
  /** `HTTP 204`, `timed out after 10 s`, `refused-private: loopback address 127.0.0.1`… */
  detail: string;
}

export interface WebhookSenderOptions {
  urls: readonly string[];
  timeoutMs: number;
  blockPrivateTargets: boolean;
  userAgent: string;
  /** Deliveries in flight at once before new ones are dropped (default 16). */
  maxInFlight?: number;
}

export interface WebhookSenderDeps {
  fetch: Fetch;
  lookup: Lookup;
  logger?: Logger;
  /** Counts each delivery by outcome (the Prometheus counter when metrics are on). */
  count?(outcome: DeliveryOutcome): void;
}

export interface WebhookSender {
  /** Fire-and-forget: starts one delivery per URL, returns at once; failures are logged. */
  deliver(payload: WebhookPayload): void;
  /** Sends to every URL now and resolves with each target's result (`webhook-test`). */
  deliverAll(payload: WebhookPayload): Promise<DeliveryResult[]>;
  /** Resolves once no delivery started by `deliver` is in flight. */
  idle(): Promise<void>;
  /** Aborts what is in flight; later deliveries are ignored. */
  close(): void;
}

export const DEFAULT_MAX_IN_FLIGHT = 16;

function describeError(error: unknown, timedOut: boolean, seconds: number): string {
  if (timedOut) return `timed out after ${seconds} s`;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  // Only the code: undici's messages can name the address and port.
  return code === null ? 'connection failed' : `connection failed (${code})`;
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** Creates a sender for a fixed set of URLs (checked again here; a bad one always fails). */
export function createWebhookSender(
  options: WebhookSenderOptions,
  deps: WebhookSenderDeps,
): WebhookSender {
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const seconds = options.timeoutMs / 1000;
  const closing = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let droppedInBurst = 0;

  async function post(url: URL, body: string, signal: AbortSignal): Promise<DeliveryResult> {
    const target = describeTarget(url);
    if (options.blockPrivateTargets) {
      const check = await Promise.race([checkWebhookAddresses(url, deps), rejectOnAbort(signal)]);
      if (!check.ok)
        return { target, outcome: 'refused', detail: `${check.code}: ${check.detail}` };
    }
    const response = await deps.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': options.userAgent },
      body,
      redirect: 'manual',
      signal,
    });
    // The body is never read: nothing from the receiver is trusted or logged.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) {
      return { target, outcome: 'ok', detail: `HTTP ${response.status}` };
    }
    const redirect =
      response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
    const detail = `HTTP ${response.status}${redirect ? ' (redirects are not followed)' : ''}`;
    return { target, outcome: 'failed', detail };
  }

  async function sendOne(input: string, body: string): Promise<DeliveryResult> {
    const parsed = parseWebhookUrl(input);
    if (!parsed.ok) return { target: '(invalid url)', outcome: 'failed', detail: parsed.detail };
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = AbortSignal.any([timeout, closing.signal]);
    try {
      return await post(parsed.value, body, signal);
    } catch (error) {
      const detail = closing.signal.aborted
        ? 'aborted at shutdown'
        : describeError(error, timeout.aborted, seconds);
      return { target: describeTarget(parsed.value), outcome: 'failed', detail };
    }
  }

  function record(result: DeliveryResult, event: string): void {
    deps.count?.(result.outcome);
    if (result.outcome === 'ok') return;
    deps.logger?.warn('webhook delivery failed', { event, ...result });
  }

  function drop(input: string, event: string): void {
    deps.count?.('dropped');
    droppedInBurst += 1;
    // One line per burst: a flood of events must not become a flood of log lines.
    if (droppedInBurst > 1) return;
    const parsed = parseWebhookUrl(input);
    const target = parsed.ok ? describeTarget(parsed.value) : '(invalid url)';
    deps.logger?.warn('webhook delivery dropped: too many in flight', {
      event,
      target,
      max_in_flight: maxInFlight,
    });
  }

  return {
    deliver(payload) {
      if (closing.signal.aborted) return;
      const body = JSON.stringify(payload);
      for (const url of options.urls) {
        if (inFlight.size >= maxInFlight) {
          drop(url, payload.event);
          continue;
        }
        const delivery = sendOne(url, body)
          .then((result) => record(result, payload.event))
          .catch(() => undefined)
          .finally(() => {
            inFlight.delete(delivery);
            if (inFlight.size === 0) droppedInBurst = 0;
          });
        inFlight.add(delivery);
      }
    },
    async deliverAll(payload) {
      const body = JSON.stringify(payload);
      const results = await Promise.all(options.urls.map((url) => sendOne(url, body)));
      for (const result of results) deps.count?.(result.outcome);
      return results;
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close() {
      closing.abort();
    },
  };
}
