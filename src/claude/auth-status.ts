/**
 * Parses `claude auth status` output (reference/claude-cli.md §1: JSON on stdout, exit 1 when
 * logged out). Invariant: only the login flag and three short identifiers survive — never a
 * token, an e-mail address or an organisation — and nothing of the raw output is echoed.
 */
import { fail, ok, type Result } from '../result.js';

/** The fields clauster keeps from `claude auth status`. */
export interface AuthStatus {
  loggedIn: boolean;
  method: string | null;
  provider: string | null;
  subscription: string | null;
}

// Field values are short identifiers; anything else (or anything long) is dropped, not echoed.
const TOKEN_RE = /^[A-Za-z0-9][A-Za-z0-9 ._:+-]{0,39}$/;

function readToken(value: unknown): string | null {
  return typeof value === 'string' && TOKEN_RE.test(value) && value !== 'none' ? value : null;
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end < start) return null;
  try {
    const value: unknown = JSON.parse(text.slice(start, end + 1));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Reads `claude auth status` output: exit 0 + loggedIn true, or exit 0/1 + loggedIn false. */
export function parseAuthStatus(stdout: string, exitCode: number | null): Result<AuthStatus> {
  if (exitCode !== 0 && exitCode !== 1) {
    return fail('bad-exit', `claude auth status exited with code ${exitCode}`);
  }
  const json = parseJsonObject(stdout);
  if (json === null || typeof json.loggedIn !== 'boolean') {
    return fail('unparseable', 'claude auth status printed no status JSON');
  }
  if (json.loggedIn && exitCode !== 0) {
    return fail('bad-exit', 'claude auth status said logged in but exited with code 1');
  }
  return ok({
    loggedIn: json.loggedIn,
    method: json.loggedIn ? readToken(json.authMethod) : null,
    provider: readToken(json.apiProvider),
    subscription: json.loggedIn ? readToken(json.subscriptionType) : null,
  });
}
