/**
 * The JSON body of a webhook. Invariant: no raw `session_…`, `env_…` or `cse_…` id and no
 * session URL ever goes out: the bridge's id is replaced by `session_ref`, an HMAC-SHA256 of
 * it keyed by the dashboard's session-cookie secret (the same id always gives the same ref
 * on one host, and the ref cannot be turned back into the id), and free text is redacted.
 */
import { createHmac } from 'node:crypto';
import { readExitCode } from '../bridges/exit-reason.js';
import { redactText } from '../security/redact.js';
import type { ClausterEvent } from './bus.js';
import type { WebhookEventName } from './webhook-events.js';

export interface WebhookPayload {
  event: WebhookEventName | 'test';
  /** ISO 8601 time the event was seen. */
  at: string;
  instance: string | null;
  project: string | null;
  bridge_id: string | null;
  status: string | null;
  previous_status: string | null;
  exit_code?: number;
  reason?: string;
  session_ref?: string;
  clone?: { name: string; outcome: string };
}

export interface PayloadContext {
  at: string;
  instance: string | null;
  /** HMAC key: the session-cookie secret. */
  sessionKey: string;
}

const MAX_REASON = 300;
// The id a connect URL carries (bridges/url.ts CONNECT_URL_RE shapes).
const SESSION_ID_RE = /\b(?:session|env|cse)_[A-Za-z0-9]+/;
// Separates this use of the cookie secret from every other one.
const SESSION_REF_LABEL = 'clauster webhook session_ref\0';

/** The first 32 hex characters of HMAC-SHA256(key, id). */
export function buildSessionRef(id: string, key: string): string {
  return createHmac('sha256', key)
    .update(SESSION_REF_LABEL + id)
    .digest('hex')
    .slice(0, 32);
}

function readString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Redacts and caps free text (a crash reason, a clone error). */
function cleanReason(value: unknown): string | null {
  const text = readString(value);
  if (text === null) return null;
  const clean = redactText(text).replace(/[\r\n]+/g, ' ');
  return clean.length > MAX_REASON ? `${clean.slice(0, MAX_REASON - 1)}…` : clean;
}

/** The payload of a bridge transition. */
export function buildBridgePayload(
  name: WebhookEventName,
  event: Extract<ClausterEvent, { type: 'bridge' }>,
  context: PayloadContext,
): WebhookPayload {
  const bridge = event.bridge;
  const payload: WebhookPayload = {
    event: name,
    at: context.at,
    instance: context.instance,
    project: readString(bridge.project),
    bridge_id: readString(bridge.id),
    status: event.to,
    previous_status: event.from,
  };
  if (name === 'crash' || name === 'stop') {
    const raw = readString(bridge.reason);
    const code = readExitCode(raw);
    if (code !== null) payload.exit_code = code;
    const reason = cleanReason(raw);
    if (reason !== null) payload.reason = reason;
  }
  const sessionId = SESSION_ID_RE.exec(readString(bridge.url) ?? '')?.[0];
  if (sessionId !== undefined) payload.session_ref = buildSessionRef(sessionId, context.sessionKey);
  return payload;
}

/** The payload of a finished clone job. */
export function buildClonePayload(
  job: Record<string, unknown>,
  context: PayloadContext,
): WebhookPayload {
  const name = readString(job.name) ?? '';
  const outcome = readString(job.status) ?? 'unknown';
  const payload: WebhookPayload = {
    event: 'clone-done',
    at: context.at,
    instance: context.instance,
    project: name === '' ? null : name,
    bridge_id: null,
    status: outcome,
    previous_status: null,
    clone: { name, outcome },
  };
  const reason = cleanReason(job.error);
  if (reason !== null) payload.reason = reason;
  return payload;
}

/** The payload `clauster webhook-test` sends. */
export function buildTestPayload(context: Omit<PayloadContext, 'sessionKey'>): WebhookPayload {
  return {
    event: 'test',
    at: context.at,
    instance: context.instance,
    project: null,
    bridge_id: null,
    status: null,
    previous_status: null,
  };
}
