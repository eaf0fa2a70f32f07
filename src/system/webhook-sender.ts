/**
 * Delivers webhook payloads over HTTP (edge). Invariants: one POST per URL, no retry, never a
 * redirect followed (a 3xx is a failure: following it would be an SSRF hop), one deadline of
 * `timeoutMs` per delivery covering DNS, connect and the response head, at most
 * `maxInFlight` deliveries at once (the rest are dropped and counted). Every delivery
 * resolves its host once, has every address judged by security/webhook-target.ts (metadata
 * always refused, everything non-public too with block_private_targets) and then connects
 * only to those addresses (pinned: the name is never resolved again, so a rebinding resolver
 * gains nothing). Logs show `scheme://host[:port]`.
 */
import type { WebhookPayload } from '../events/webhook-payload.js';
import {
  checkWebhookAddresses,
  describeTarget,
  parseWebhookUrl,
} from '../security/webhook-target.js';
import { postPinned } from './pinned-post.js';
import type { Logger, Lookup } from './ports.js';

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
  /** Resolves each target's host once; the connection goes only to what it answered. */
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

const DEFAULT_MAX_IN_FLIGHT = 16;

function describeError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  // Only the code: error messages can name the address and port.
  return typeof code === 'string' ? `connection failed (${code})` : 'connection failed';
}

/** `work`, or a rejection as soon as `signal` aborts (a hung lookup cannot outlive it). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Creates a sender for a fixed set of URLs (checked again here; a bad one always fails). */
export function createWebhookSender(
  options: WebhookSenderOptions,
  deps: WebhookSenderDeps,
): WebhookSender {
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const seconds = options.timeoutMs / 1000;
  const headers = { 'content-type': 'application/json', 'user-agent': options.userAgent };
  // One controller per delivery, so nothing outlives it; close() aborts the ones left.
  const controllers = new Set<AbortController>();
  const inFlight = new Set<Promise<void>>();
  let closed = false;
  let droppedInBurst = 0;

  async function post(url: URL, body: string, signal: AbortSignal): Promise<DeliveryResult> {
    const target = describeTarget(url);
    const check = await untilAborted(
      checkWebhookAddresses(url, { blockPrivateTargets: options.blockPrivateTargets }, deps),
      signal,
    );
    if (!check.ok) return { target, outcome: 'refused', detail: `${check.code}: ${check.detail}` };
    const status = await postPinned(url, { addresses: check.value, headers, body, signal });
    if (status >= 200 && status < 300) return { target, outcome: 'ok', detail: `HTTP ${status}` };
    const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
    return { target, outcome: 'failed', detail: `HTTP ${status}${redirect}` };
  }

  async function sendOne(input: string, body: string): Promise<DeliveryResult> {
    const parsed = parseWebhookUrl(input);
    if (!parsed.ok) return { target: '(invalid url)', outcome: 'failed', detail: parsed.detail };
    const target = describeTarget(parsed.value);
    if (closed) return { target, outcome: 'failed', detail: 'aborted at shutdown' };
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    controllers.add(controller);
    try {
      return await post(parsed.value, body, controller.signal);
    } catch (error) {
      if (timedOut) return { target, outcome: 'failed', detail: `timed out after ${seconds} s` };
      const detail = closed ? 'aborted at shutdown' : describeError(error);
      return { target, outcome: 'failed', detail };
    } finally {
      clearTimeout(timer);
      controllers.delete(controller);
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
      if (closed) return;
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
      closed = true;
      for (const controller of controllers) controller.abort();
    },
  };
}
