/**
 * The CLI side of the dashboard commands (start, stop, restart, status…): find the running
 * dashboard, read the bearer token (--token, CLAUSTER_TOKEN or CLAUSTER_TOKEN_FILE) and call
 * its JSON API.
 * Invariant: the token is only ever sent in the Authorization header, never printed.
 */
import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { servesHttps } from '../config/tls-rules.js';
import { redactText } from '../security/redact.js';
import { CONFIG_JSON_OPTIONS } from './args.js';
import { loadCliConfigSource } from './command-config.js';
import {
  DashboardConnectionClosedError,
  DashboardNoAnswerError,
  DashboardUnreachableError,
  isCutAfterSending,
  isDashboardLost,
} from './dashboard-cut.js';
import { parseDashboardUrl } from './dashboard-url.js';
import { type CommandOutput, reportFailure } from './failure-output.js';
import type { CliIo } from './io.js';
import { describeDefaultPort } from './no-config-note.js';

export interface DashboardTarget {
  url: string;
  token: string | null;
  /** Why `url` is what it is, added when nothing answers there (no config file: the default). */
  note?: string;
  /** How long a call waits for the answer (answerWaitMs()). */
  answerWithinMs: number;
}

/** The client's wait: 60 s, or a stop's whole grace (SIGINT … SIGKILL) plus 30 s when longer. */
export function answerWaitMs(stopGraceSeconds: number): number {
  // Whole milliseconds: AbortSignal.timeout() refuses a fraction (a grace of 40.123 s).
  return Math.max(60_000, Math.ceil((stopGraceSeconds + 30) * 1000));
}

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** The options every dashboard command takes: --url, --token, -c/--config, --json, -h/--help. */
export const DASHBOARD_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  ...CONFIG_JSON_OPTIONS,
} as const;

/** The help lines of DASHBOARD_OPTIONS' --url, --token and -c, flags padded to `flagWidth`. */
export function dashboardOptionsHelp(flagWidth: number): string {
  const row = (flag: string, text: string): string => `  ${flag.padEnd(flagWidth)}${text}`;
  return [
    row('--url URL', 'Dashboard URL, http(s)://host:port[/prefix] (default from the'),
    row('', "config's host and port; no user:password, use --token)"),
    row('--token TOKEN', 'Bearer token (else CLAUSTER_TOKEN or CLAUSTER_TOKEN_FILE)'),
    row('-c, --config PATH', 'Config file'),
  ].join('\n');
}

/** The caller's signal ended a dashboard call (`clauster mcp` shutting down or cancelled). */
export class DashboardCallAbortedError extends Error {
  readonly code = 'dashboard-call-aborted' as const;
  constructor(options?: { cause?: unknown }) {
    super('dashboard call cancelled', options);
    this.name = 'DashboardCallAbortedError';
  }
}

/** CLAUSTER_TOKEN_FILE names a file that cannot be read, or a token is not one printable word. */
export class TokenFileError extends Error {
  readonly code: 'token-file-unreadable' | 'bad-token';
  constructor(
    message: string,
    code: 'token-file-unreadable' | 'bad-token' = 'token-file-unreadable',
  ) {
    super(message);
    this.name = 'TokenFileError';
    this.code = code;
  }
}

// A token goes into an Authorization header: one run of printable ASCII once the spaces and
// line breaks around it are dropped (`$(cat file)`, a pasted value, a mounted secret). Anything
// else would make the request fail before it is sent, which read as "dashboard not reachable".
function checkTokenText(given: string, source: string): string {
  const token = given.trim();
  if (/^[\x21-\x7e]+$/.test(token)) return token;
  throw new TokenFileError(
    `${source} holds a space, a line break, a control or a non-ASCII character; an API token is one word of printable ASCII, as \`clauster api-token issue\` prints it`,
    'bad-token',
  );
}

/**
 * The base URL a local client uses for the configured bind (wildcards become loopback):
 * https when the dashboard serves native TLS (tls.cert_file), else http. No root_path: it is
 * the reverse proxy's prefix, which the proxy strips; the dashboard itself serves at `/`
 * (docs/reverse-proxy.md §3).
 */
export function resolveDashboardUrl(config: Config): string {
  let host = config.host;
  if (host === '' || host === '0.0.0.0') host = '127.0.0.1';
  else if (host === '::') host = '::1';
  const shown = host.includes(':') ? `[${host}]` : host;
  const scheme = servesHttps(config) ? 'https' : 'http';
  return `${scheme}://${shown}:${config.port}`;
}

/** The bearer token from --token, CLAUSTER_TOKEN or the file named by CLAUSTER_TOKEN_FILE. */
export async function readToken(flag: string | undefined, io: CliIo): Promise<string | null> {
  if (flag !== undefined && flag.trim() !== '') return checkTokenText(flag, '--token');
  const direct = io.env.CLAUSTER_TOKEN;
  if (direct !== undefined && direct.trim() !== '') return checkTokenText(direct, 'CLAUSTER_TOKEN');
  const file = io.env.CLAUSTER_TOKEN_FILE;
  if (file === undefined || file === '') return null;
  let token: string;
  try {
    token = (await io.deps.fs.readFile(resolve(io.cwd, file), 'utf8')).trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new TokenFileError(
      `CLAUSTER_TOKEN_FILE: cannot read ${file} (${code}); point it at a readable file that holds the API token`,
    );
  }
  // An empty file is no token: the caller's "no token" hint, not a 401 for an empty bearer.
  return token === '' ? null : checkTokenText(token, `CLAUSTER_TOKEN_FILE (${file})`);
}

/**
 * Where and how a command reaches the dashboard: --url (checked; else the config's bind, with a
 * note when no config file was found) and the bearer token. Returns the exit code after
 * printing why not: 2 for a bad --url or a refused config, 1 for an unreadable
 * CLAUSTER_TOKEN_FILE or a token that is not one word.
 */
export async function resolveDashboardTarget(
  command: string,
  values: { url?: string; token?: string; config?: string; json?: boolean },
  io: CliIo,
): Promise<DashboardTarget | number> {
  const out = { command, json: values.json === true };
  const given = values.url === undefined ? null : parseDashboardUrl(values.url);
  if (given !== null && !given.ok) {
    return reportFailure(out, { code: given.code, message: given.detail, exitCode: 2 }, io);
  }
  const loaded = await loadCliConfigSource(command, values.config, io, { json: out.json });
  if (typeof loaded === 'number') return loaded;
  try {
    const token = await readToken(values.token, io);
    const { config, source } = loaded;
    const answerWithinMs = answerWaitMs(config.claude.stop_grace_seconds);
    if (given !== null) return { url: given.value, token, answerWithinMs };
    const url = resolveDashboardUrl(config);
    const note = source === null ? { note: describeDefaultPort(config) } : {};
    return { url, token, answerWithinMs, ...note };
  } catch (error) {
    if (!(error instanceof TokenFileError)) throw error;
    return reportFailure(out, { code: error.code, message: error.message, exitCode: 1 }, io);
  }
}

/**
 * Runs `action`; an unreachable dashboard, or one that closed the connection before answering,
 * becomes one `clauster <command>: …` line (and the --json error body) and exit 1.
 */
export async function runAgainstDashboard(
  out: CommandOutput,
  action: () => Promise<number>,
  io: CliIo,
): Promise<number> {
  try {
    return await action();
  } catch (error) {
    if (!isDashboardLost(error)) throw error;
    return reportFailure(out, { code: error.code, message: error.message, exitCode: 1 }, io);
  }
}

/** One dashboard API call; `signal` (optional) ends it early, on top of the target's wait. */
export interface DashboardRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/**
 * Calls the dashboard API; throws DashboardUnreachableError when it cannot connect,
 * DashboardNoAnswerError when no answer came within the target's wait (answerWaitMs()),
 * DashboardConnectionClosedError when the connection was cut after the request went out, and
 * DashboardCallAbortedError when `request.signal` ended it (an aborted signal sends nothing).
 */
export async function callDashboard(
  target: DashboardTarget,
  request: DashboardRequest,
  io: CliIo,
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (target.token !== null) headers.authorization = `Bearer ${target.token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const waitMs = target.answerWithinMs;
  const timeout = AbortSignal.timeout(waitMs);
  const { signal: caller } = request;
  if (caller?.aborted) throw new DashboardCallAbortedError({ cause: caller.reason });
  let response: Response;
  let text: string;
  try {
    response = await io.deps.fetch(`${target.url}${request.path}`, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: caller === undefined ? timeout : AbortSignal.any([timeout, caller]),
    });
    text = await response.text();
  } catch (error) {
    if (caller?.aborted) throw new DashboardCallAbortedError({ cause: error });
    if (timeout.aborted) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new DashboardNoAnswerError(target.url, {
        method: request.method,
        seconds,
        cause: error,
      });
    }
    if (isCutAfterSending(error))
      throw new DashboardConnectionClosedError(target.url, {
        method: request.method,
        cause: error,
      });
    throw new DashboardUnreachableError(target.url, { cause: error, note: target.note });
  }
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text === '' ? {} : JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    body = {
      error: {
        code: 'bad-response',
        message: `HTTP ${response.status} with a body that is not JSON`,
      },
    };
  }
  return { status: response.status, body };
}

/** `code: message` of an API error body (redacted), for printing. */
export function describeApiError(answer: ApiAnswer): { code: string; message: string } {
  const error = answer.body.error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof error?.code === 'string' ? error.code : `http-${answer.status}`;
  let message = typeof error?.message === 'string' ? error.message : `HTTP ${answer.status}`;
  // A refused token is named as such by the dashboard: "pass a token" would be wrong advice.
  if (answer.status === 401 && !/\bbearer token\b/i.test(message))
    message += ' (pass --token or set CLAUSTER_TOKEN / CLAUSTER_TOKEN_FILE)';
  return { code, message: redactText(message) };
}

/** Exit code for a refused API call: 2 for a bad request, 1 for a failed operation. */
export function exitCodeFor(answer: ApiAnswer): number {
  const { code } = describeApiError(answer);
  return [
    'bad-request',
    'invalid-json',
    'invalid-option',
    'unknown-project',
    'unknown-bridge',
    'invalid-project-name',
  ].includes(code)
    ? 2
    : 1;
}

/**
 * Prints a refused API call as `clauster <command>: message (code)` (with --json, its error
 * body on stdout too); returns its exit code.
 */
export function reportApiError(out: CommandOutput, answer: ApiAnswer, io: CliIo): number {
  const error = describeApiError(answer);
  return reportFailure(out, { ...error, exitCode: exitCodeFor(answer), showCode: true }, io);
}
