/**
 * Client for the environments API (Fetch port). Invariants: requests go over https, except to
 * a loopback address literal (test fakes); the token is only ever sent in the Authorization
 * header and only ever printed masked; every answer that is not the expected one becomes an
 * `EnvironmentsApiError` — callers stop at the first one.
 */
import { redactText } from '../security/redact.js';
import type { Fetch } from '../system/ports.js';
import { describeApiStatus, EnvironmentsApiError } from './api-error.js';
import type { ReaperCredentials } from './credentials.js';
import { type Environment, parseEnvironmentPage } from './environment.js';

const PAGE_SIZE = 100;
const DEFAULT_PAGE_CAP = 1000;
const DEFAULT_TIMEOUT_MS = 30_000;

export interface EnvironmentsApi {
  /** Every environment, following the cursor; throws on any unexpected answer. */
  listEnvironments(): Promise<Environment[]>;
  /** 'done', or 'gone' when the API no longer knows the id (404) or it is already archived (409). */
  archiveEnvironment(id: string): Promise<'done' | 'gone'>;
  /** Hard delete with force=true; 'gone' on 404. */
  deleteEnvironment(id: string): Promise<'done' | 'gone'>;
}

export interface EnvironmentsApiOptions {
  /** `reaper.api_base_url` (schema default https://api.anthropic.com). */
  baseUrl: string;
  pageCap?: number;
  timeoutMs?: number;
}

const LOOPBACK_V4 =
  /^127\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Validates the base URL: https, or http to a loopback literal; no credentials, query or hash. */
export function parseApiBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EnvironmentsApiError(
      'insecure-base-url',
      'reaper.api_base_url: expected an absolute URL',
    );
  }
  const loopback = LOOPBACK_V4.test(url.hostname) || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new EnvironmentsApiError(
      'insecure-base-url',
      `reaper.api_base_url: expected https:// (http:// only for a loopback address), received ${url.protocol}//${url.host}`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new EnvironmentsApiError(
      'insecure-base-url',
      'reaper.api_base_url: expected no credentials, query or fragment',
    );
  }
  return url;
}

/** Creates a client bound to one set of credentials and base URL. */
export function createEnvironmentsApi(
  credentials: ReaperCredentials,
  options: EnvironmentsApiOptions,
  deps: { fetch: Fetch },
): EnvironmentsApi {
  const base = parseApiBaseUrl(options.baseUrl);
  const prefix = base.href.replace(/\/+$/, '');
  const pageCap = options.pageCap ?? DEFAULT_PAGE_CAP;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers = {
    authorization: `Bearer ${credentials.token}`,
    'anthropic-version': '2023-06-01',
    'anthropic-beta': 'managed-agents-2026-04-01',
    'x-organization-uuid': credentials.organizationUuid,
    'content-type': 'application/json',
  };

  async function send(method: string, path: string, what: string): Promise<Response> {
    let response: Response;
    try {
      response = await deps.fetch(`${prefix}${path}`, {
        method,
        headers,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason =
        error instanceof Error
          ? ((error.cause as Error | undefined)?.message ?? error.message)
          : 'unknown';
      throw new EnvironmentsApiError(
        'network',
        `${what}: cannot reach ${base.host} (${redactText(String(reason)).slice(0, 120)})`,
        null,
        { cause: error },
      );
    }
    return response;
  }

  async function readJson(response: Response, what: string): Promise<unknown> {
    try {
      return JSON.parse(await response.text());
    } catch {
      throw new EnvironmentsApiError(
        'malformed-response',
        `${what}: the answer is not valid JSON`,
        response.status,
      );
    }
  }

  async function listEnvironments(): Promise<Environment[]> {
    const all: Environment[] = [];
    const seenCursors = new Set<string>();
    let cursor: string | null = null;
    for (let page = 1; page <= pageCap; page++) {
      const query = `limit=${PAGE_SIZE}${cursor ? `&after_id=${encodeURIComponent(cursor)}` : ''}`;
      const what = `GET /v1/environments (page ${page})`;
      const response = await send('GET', `/v1/environments?${query}`, what);
      if (response.status !== 200) {
        await response.body?.cancel();
        throw describeApiStatus(
          response.status,
          what,
          credentials.token,
          response.headers.get('retry-after'),
        );
      }
      const parsed = parseEnvironmentPage(await readJson(response, what));
      if (!parsed.ok) {
        throw new EnvironmentsApiError('malformed-response', `${what}: ${parsed.detail}`, 200);
      }
      all.push(...parsed.value.environments);
      const next = parsed.value.nextCursor;
      if (next === null) return all;
      if (seenCursors.has(next)) {
        throw new EnvironmentsApiError(
          'cursor-loop',
          `${what}: the API repeated a page cursor; listing aborted`,
        );
      }
      seenCursors.add(next);
      cursor = next;
    }
    throw new EnvironmentsApiError(
      'page-cap',
      `GET /v1/environments: more than ${pageCap} pages; listing aborted`,
    );
  }

  async function act(method: 'POST' | 'DELETE', path: string, what: string) {
    const response = await send(method, path, what);
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return 'done';
    if (response.status === 404 || (method === 'POST' && response.status === 409)) return 'gone';
    throw describeApiStatus(
      response.status,
      what,
      credentials.token,
      response.headers.get('retry-after'),
    );
  }

  return {
    listEnvironments,
    archiveEnvironment: (id) =>
      act('POST', `/v1/environments/${encodeURIComponent(id)}/archive`, `POST archive ${id}`),
    deleteEnvironment: (id) =>
      act('DELETE', `/v1/environments/${encodeURIComponent(id)}?force=true`, `DELETE ${id}`),
  };
}
