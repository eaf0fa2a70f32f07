// Same-origin JSON fetch wrapper: maps the server's {error:{code,message}} bodies to words an
// operator understands, and tells the shell when the session has ended.

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryAfterSeconds: number | null;
  constructor(code: string, message: string, status: number, retryAfterSeconds: number | null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

// Plain-language text for the codes the contract names; the server's own message follows it
// when it adds something (e.g. which option was invalid).
const FRIENDLY: Record<string, string> = {
  'bad-credentials': 'That password is not right.',
  throttled: 'Too many attempts.',
  unauthenticated: 'Your session has ended. Please log in again.',
  'already-running': 'This project already has a running bridge.',
  'bridged-elsewhere':
    'A claude remote-control started outside clauster already serves this project.',
  untrusted: 'Trust this project first, then start it.',
  'max-bridges': 'The maximum number of running bridges is reached. Stop one first.',
  'bypass-refused': 'Skipping permission checks is not allowed for this project.',
  'unknown-project': 'This project no longer exists under the projects folder.',
  'invalid-option': 'One of the options is not valid.',
  'no-url': 'The bridge has no connect link yet.',
  'projects-root-unavailable':
    'The projects folder (projects_root in clauster.yml) is missing or unreadable.',
  'binary-not-found': 'The claude command was not found. Set claude.binary in clauster.yml.',
  'spawn-failed': 'The claude process could not be started.',
  'claude-config-invalid': 'Your ~/.claude.json could not be read, so it was left untouched.',
  'supervisor-closed': 'clauster is shutting down.',
  unavailable: 'clauster is not ready for this yet. Try again in a moment.',
  'bad-origin':
    'The server refused this page’s address. Add it to auth.allowed_origins in clauster.yml.',
  'bad-host': 'The server refused this host name. Add it to auth.allowed_origins in clauster.yml.',
  'bridge-live': 'This bridge is still running. Stop it first.',
  'unknown-bridge': 'This bridge no longer exists.',
  'unknown-job': 'This clone job no longer exists.',
  'clone-refused': 'That repository address is not allowed.',
  'project-exists': 'Something with that name already exists in the projects folder.',
  'invalid-project-name': 'That folder name is not allowed.',
  'git-init-failed': 'git init did not succeed.',
  'create-failed': 'The project folder could not be created on the server.',
  'feature-disabled': 'This feature is switched off in clauster.yml.',
  'live-set-unknown':
    'Could not tell which environments are still in use, so nothing was listed or changed.',
  'reaper-api-failed': 'The Claude environments service did not answer as expected.',
  'reaper-credentials':
    'No usable Claude login was found. Log in with `claude` as the user clauster runs as.',
  'not-found': 'Not found. It may have been removed.',
  network: 'Could not reach clauster. Check that it is running and the network is up.',
};

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
  if (error instanceof ApiError) {
    const friendly = FRIENDLY[error.code];
    if (!friendly) return error.message || `Request failed (${error.status}).`;
    if (!error.message || error.code === 'bad-credentials' || error.code === 'network') {
      return friendly;
    }
    return sameText(friendly, error.message) ? friendly : `${friendly} ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  return norm(a).includes(norm(b)) || norm(b).includes(norm(a));
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
  if (response.status === 401 && code !== 'bad-credentials') onUnauthenticated?.();
  return new ApiError(code, message, response.status, retry);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
