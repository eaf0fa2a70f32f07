/**
 * The single mapping from error `code` to HTTP status and body (style §2.4). Routes throw
 * HttpError or a domain error carrying a string `code`; nothing builds error JSON by hand.
 * Invariant: a 5xx body never echoes input or an internal message; every other message and
 * every string detail passes through redactText() (security.md R-LOG-3).
 */
import { redactText } from '../security/redact.js';

export type ErrorBody = { error: { code: string; message: string; [extra: string]: unknown } };

/** Domain error code → status. Add your codes here (one line each, keep them grouped). */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  // generic
  'bad-request': 400,
  'invalid-json': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'invalid-option': 422,
  internal: 500,
  unavailable: 503,
  // auth and request security
  'bad-credentials': 401,
  throttled: 429,
  'bad-origin': 403,
  'bad-host': 403,
  'relayed-without-auth': 403,
  'too-many-sockets': 429,
  'password-too-long': 400,
  // projects and bridges
  'unknown-project': 404,
  'unknown-bridge': 404,
  'invalid-session-id': 422,
  'unknown-conversation': 404,
  'transcript-unreadable': 409,
  untrusted: 409,
  'already-running': 409,
  'bridged-elsewhere': 409,
  'max-bridges': 409,
  'bridge-live': 409,
  'no-url': 409,
  'bypass-refused': 403,
  // adopting a bridge started outside clauster (src/bridges/adopt-external.ts)
  'nothing-to-adopt': 409,
  'unverified-bridge': 409,
  'not-adoptable': 409,
  // a project's CLAUDE.md (src/projects/claude-md.ts)
  'claude-md-conflict': 409,
  'not-regular-file': 409,
  'too-large': 413,
  'not-text': 422,
  // clone (invalid-project-name and projects-root-unavailable come from src/projects too)
  'unknown-job': 404,
  'clone-refused': 422,
  'project-exists': 409,
  'invalid-project-name': 422,
  'projects-root-unavailable': 409,
  'git-init-failed': 424,
  // the server's git cannot pin https clones to the checked addresses (src/projects/git-version.ts)
  'git-too-old': 424,
  'git-version-unknown': 424,
  // 4xx like git-init-failed: the operator needs the message (ENOSPC, EROFS…), a 5xx hides it
  'create-failed': 424,
  // reaper (4xx on purpose: the operator needs the message, which names no secret)
  'live-set-unknown': 409,
  'reaper-credentials': 409,
  'reaper-api-failed': 424,
  // the dashboard's config editor (src/config/config-edit.ts)
  'config-key-not-editable': 400,
  'config-invalid': 422,
  'config-changed': 409,
  'no-config-file': 409,
  'config-not-writable': 409,
  'reauth-required': 403,
  // restarting the dashboard from the web UI (src/ops/dashboard-restart.ts)
  'restart-unsupported': 409,
  'clone-jobs-running': 409,
  // features switched off answer 404
  'feature-disabled': 404,
};

/** An error with an HTTP-meaningful code; `extra` fields are merged into `error`. */
export class HttpError extends Error {
  readonly code: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly extra: Readonly<Record<string, unknown>>;
  /** A deliberate refusal, not a fault: never logged as a server error, even at 5xx. */
  readonly expected: boolean;

  constructor(
    code: string,
    message: string,
    options: {
      status?: number;
      headers?: Record<string, string>;
      extra?: Record<string, unknown>;
      cause?: unknown;
      expected?: boolean;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'HttpError';
    this.code = code;
    this.status = options.status ?? STATUS_BY_CODE[code] ?? 500;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
    this.expected = options.expected ?? false;
  }
}

export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
}

function readCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object' || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

// Error details may quote a URL, a path or a line of bridge output: strings are redacted.
function redactExtra(extra: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extra)) {
    out[key] = typeof value === 'string' ? redactText(value) : value;
  }
  return out;
}

/** Maps any thrown value to status, headers and the `{"error":{code,message}}` body. */
export function toErrorResponse(error: unknown): ErrorResponse {
  let status = 500;
  let code = 'internal';
  let headers: Record<string, string> = {};
  let extra: Readonly<Record<string, unknown>> = {};
  if (error instanceof HttpError) {
    ({ status, code } = error);
    headers = { ...error.headers };
    extra = error.extra;
  } else {
    const domainCode = readCode(error);
    const mapped = domainCode === undefined ? undefined : STATUS_BY_CODE[domainCode];
    if (domainCode !== undefined && mapped !== undefined) {
      status = mapped;
      code = domainCode;
    }
  }
  if (status >= 500) {
    // Never echo input or internals on a server error.
    return {
      status,
      headers,
      body: { error: { code, message: status === 503 ? 'service unavailable' : 'internal error' } },
    };
  }
  const message = redactText(error instanceof Error ? error.message : 'request failed');
  return { status, headers, body: { error: { ...redactExtra(extra), code, message } } };
}
