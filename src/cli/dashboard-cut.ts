/**
 * Why a dashboard call got no answer: it never connected (not reachable), its connection was
 * cut after the request went out, or no answer came within the client's wait. Node's fetch
 * (undici) throws `TypeError: fetch failed` (or
 * `terminated` while the body is read) with the socket's error as its `cause`: ECONNREFUSED,
 * ENOTFOUND, EHOSTUNREACH… mean nothing was sent; `UND_ERR_SOCKET` ("other side closed"),
 * ECONNRESET or EPIPE mean the connection was open and the request may have reached the
 * dashboard — typically a dashboard shutting down (SIGTERM, a restart) mid-request.
 * Invariant: a call that may have been applied is never reported as "not reachable".
 */
import { hideUrlSecrets } from './dashboard-url.js';

/** The socket errors of a connection cut after the request was written (or while it was). */
const CUT_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

/** True when `error` (a failed fetch or body read) says the connection was cut after sending. */
export function isCutAfterSending(error: unknown): boolean {
  let current: unknown = error;
  // fetch's TypeError → the socket error (its own `cause` is not followed further than needed).
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && CUT_CODES.has(code)) return true;
    current = current.cause;
  }
  return false;
}

// What the operator should do about a request that may have reached the dashboard: a GET
// changed nothing; a POST may have been (or may still be) applied.
function adviseAfterSending(method: string, mayBe: string): string {
  return method === 'GET'
    ? 'nothing was changed; try again'
    : `the request may ${mayBe}: check with \`clauster status\` before repeating it`;
}

/**
 * The dashboard closed the connection before it answered. Any method: a GET changed nothing
 * (say so, try again); a POST may have been applied (check before repeating it).
 */
export class DashboardConnectionClosedError extends Error {
  readonly code = 'dashboard-connection-closed' as const;
  constructor(url: string, options: { method: string; cause?: unknown }) {
    const { method, ...rest } = options;
    const then = adviseAfterSending(method, 'have been applied');
    // A typed URL (`clauster mcp --url`) may carry a credential: never show it.
    super(
      `the dashboard at ${hideUrlSecrets(url)} closed the connection before answering (it may be shutting down or restarting); ${then}`,
      rest,
    );
    this.name = 'DashboardConnectionClosedError';
  }
}

/**
 * The dashboard took the request but gave no answer within the client's wait (`seconds`). Like a
 * cut connection, never "not reachable": a POST may still be carried out (a stop waits out
 * `claude.stop_grace_seconds` before it answers).
 */
export class DashboardNoAnswerError extends Error {
  readonly code = 'dashboard-no-answer' as const;
  constructor(url: string, options: { method: string; seconds: number; cause?: unknown }) {
    const { method, seconds, ...rest } = options;
    const then = adviseAfterSending(method, 'still be carried out');
    super(
      `the dashboard at ${hideUrlSecrets(url)} did not answer within ${seconds} s; ${then}`,
      rest,
    );
    this.name = 'DashboardNoAnswerError';
  }
}

/** Nothing answered at `url`: the dashboard is not running there (or not reachable). */
export class DashboardUnreachableError extends Error {
  readonly code = 'dashboard-unreachable' as const;
  constructor(url: string, options: { cause?: unknown; note?: string | undefined } = {}) {
    const { note, ...rest } = options;
    const why = note === undefined ? '' : ` (${note})`;
    // A typed URL (`clauster mcp --url`) may carry a credential: never show it.
    super(
      `dashboard not reachable at ${hideUrlSecrets(url)}${why}; start it with \`clauster run\``,
      rest,
    );
    this.name = 'DashboardUnreachableError';
  }
}

/** Nothing answered: not reachable, the connection cut before the answer, or no answer in time. */
export function isDashboardLost(
  error: unknown,
): error is DashboardUnreachableError | DashboardConnectionClosedError | DashboardNoAnswerError {
  return (
    error instanceof DashboardUnreachableError ||
    error instanceof DashboardConnectionClosedError ||
    error instanceof DashboardNoAnswerError
  );
}
