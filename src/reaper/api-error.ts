/**
 * The one error type of the environments API client. Invariant: messages name the request and
 * the answer class and never carry the token beyond `maskToken()` or the response body.
 */
import { redactText } from '../security/redact.js';
import { maskToken } from './credentials.js';

export type EnvironmentsApiFailure =
  | 'insecure-base-url'
  | 'network'
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'server-error'
  | 'unexpected-status'
  | 'malformed-response'
  | 'cursor-loop'
  | 'page-cap';

/** Any answer from the environments API that is not the expected one. */
export class EnvironmentsApiError extends Error {
  readonly code = 'environments-api-failed';
  constructor(
    readonly failure: EnvironmentsApiFailure,
    message: string,
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EnvironmentsApiError';
  }
}

/** Builds the message for a non-2xx answer, naming the class and what to do. */
export function describeApiStatus(
  status: number,
  what: string,
  token: string,
  retryAfter: string | null,
): EnvironmentsApiError {
  if (status === 401) {
    return new EnvironmentsApiError(
      'unauthorized',
      `${what}: 401 Unauthorized — the API refused the token ${maskToken(token)}; run \`claude\` to log in again`,
      status,
    );
  }
  if (status === 403) {
    return new EnvironmentsApiError(
      'forbidden',
      `${what}: 403 Forbidden — check the organisation's permissions (oauthAccount.organizationUuid)`,
      status,
    );
  }
  if (status === 429) {
    const wait = retryAfter ? ` (retry after ${redactText(retryAfter).slice(0, 20)} s)` : '';
    return new EnvironmentsApiError(
      'rate-limited',
      `${what}: 429 rate limited${wait}; try again later`,
      status,
    );
  }
  if (status >= 500) {
    return new EnvironmentsApiError(
      'server-error',
      `${what}: server error ${status}; try again later`,
      status,
    );
  }
  return new EnvironmentsApiError(
    'unexpected-status',
    `${what}: unexpected status ${status}`,
    status,
  );
}
