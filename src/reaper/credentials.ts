/**
 * Reaper credentials. Invariant: the OAuth access token never leaves this module in printable
 * form except through `maskToken()` (first 6 characters + "…"), and an expired token is refused
 * before any request is made.
 */
import { join } from 'node:path';
import { readJsonFile, resolveClaudeDir } from '../claude/claude-dir.js';
import { resolveClaudeConfigPath } from '../claude/trust-file.js';
import { fail, ok, type Result } from '../result.js';
import type { Clock, Env, Fs } from '../system/ports.js';

export interface ReaperCredentials {
  /** The OAuth access token. Never print it; use `maskToken()`. */
  token: string;
  /** Expiry in epoch milliseconds, or null when the file does not say. */
  expiresAt: number | null;
  organizationUuid: string;
}

export type CredentialsRefusal =
  | 'not-logged-in'
  | 'credentials-unreadable'
  | 'token-expired'
  | 'no-organization';

interface CredentialsDeps {
  fs: Fs;
  clock: Clock;
  env: Env;
  home: string;
}

/** Masks a token to its first 6 characters followed by "…". */
export function maskToken(token: string): string {
  return `${token.slice(0, 6)}…`;
}

function pickObject(value: unknown, key: string): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null) return null;
  const inner = (value as Record<string, unknown>)[key];
  return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : null;
}

/** Reads the OAuth token and organisation the way the CLI stores them; refuses an expired token. */
export async function readReaperCredentials(
  deps: CredentialsDeps,
): Promise<Result<ReaperCredentials, CredentialsRefusal>> {
  const credentialsPath = join(resolveClaudeDir(deps), '.credentials.json');
  const creds = await readJsonFile(credentialsPath, deps);
  if (creds.kind === 'missing') {
    return fail('not-logged-in', `no ${credentialsPath}: log in with \`claude\` first`);
  }
  if (creds.kind === 'unreadable') {
    return fail('credentials-unreadable', `${credentialsPath}: ${creds.why}`);
  }
  const oauth = pickObject(creds.value, 'claudeAiOauth');
  const token = oauth?.accessToken;
  if (typeof token !== 'string' || token.length === 0) {
    return fail(
      'not-logged-in',
      `${credentialsPath}: expected claudeAiOauth.accessToken, found none`,
    );
  }
  const expiresAt = typeof oauth?.expiresAt === 'number' ? oauth.expiresAt : null;
  if (expiresAt !== null && expiresAt <= deps.clock.now()) {
    return fail(
      'token-expired',
      `the OAuth token ${maskToken(token)} expired at ${new Date(expiresAt).toISOString()}; ` +
        'run `claude` once to refresh it',
    );
  }
  const claudeJsonPath = resolveClaudeConfigPath(deps);
  const global = await readJsonFile(claudeJsonPath, deps);
  if (global.kind === 'unreadable') {
    return fail('credentials-unreadable', `${claudeJsonPath}: ${global.why}`);
  }
  const org =
    global.kind === 'ok' ? pickObject(global.value, 'oauthAccount')?.organizationUuid : null;
  if (typeof org !== 'string' || org.length === 0) {
    return fail(
      'no-organization',
      `${claudeJsonPath}: expected oauthAccount.organizationUuid, found none`,
    );
  }
  return ok({ token, expiresAt, organizationUuid: org });
}
