// Same-origin JSON fetch wrapper: maps the server's {error:{code,message}} bodies to words an
// operator understands (error-text.ts), and tells the shell when the session has ended.

import { describeFailure } from './error-text.js';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryAfterSeconds: number | null;
  /** The body's `problems`: one line per problem, each starting `<key>: ` (a 422 config-invalid). */
  readonly problems: readonly string[];
  constructor(
    code: string,
    message: string,
    status: number,
    retryAfterSeconds: number | null,
    problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.problems = problems;
  }
}

// root_path (e.g. `/clauster` behind a proxy), written into the page by the server.
const ROOT = document.querySelector<HTMLMetaElement>('meta[name="clauster-root"]')?.content ?? '';

/** Absolute URL of an app path such as `api/projects` (root_path is put in front). */
export function appUrl(path: string): URL {
  return new URL(`${ROOT}/${path}`, location.origin);
}

/** ws:// or wss:// URL of an app path, matching the page's scheme. */
export function socketUrl(path: string): string {
  const url = appUrl(path);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

let onUnauthenticated: (() => void) | null = null;

/** Registers what to do when any request comes back 401 (show the login view). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** Operator-facing text for an error thrown by `requestJson` or anything else. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return describeFailure(error);
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends a same-origin request and parses JSON; throws ApiError on any non-2xx answer, and
 * ApiError `aborted` when `options.signal` aborts it (no 401 handler runs then).
 */
export async function requestJson<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { signal?: AbortSignal } = {},
): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    cache: 'no-store',
  };
  if (options.signal) init.signal = options.signal;
  if (body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(appUrl(path), init);
  } catch {
    throw new ApiError(options.signal?.aborted ? 'aborted' : 'network', '', 0, null);
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => null);
  if (options.signal?.aborted) throw new ApiError('aborted', '', 0, null);
  if (response.ok) return data as T;
  throw toApiError(response, data);
}

function toApiError(response: Response, data: unknown): ApiError {
  const error = isRecord(data) && isRecord(data.error) ? data.error : {};
  const code = typeof error.code === 'string' ? error.code : `http-${response.status}`;
  const message = typeof error.message === 'string' ? error.message : '';
  const header = Number(response.headers.get('retry-after'));
  const retry =
    typeof error.retry_after_seconds === 'number'
      ? error.retry_after_seconds
      : Number.isFinite(header) && header > 0
        ? header
        : null;
  const problems = Array.isArray(error.problems)
    ? error.problems.filter((line): line is string => typeof line === 'string')
    : [];
  if (response.status === 401 && code !== 'bad-credentials') onUnauthenticated?.();
  return new ApiError(code, message, response.status, retry, problems);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
