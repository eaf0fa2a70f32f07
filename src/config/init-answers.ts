/**
 * Answers of `clauster init`, each checked as it is given. Invariant: an answer is accepted
 * only when the config written from it could pass the startup validators for that key — a
 * readable projects_root directory, a port 1-65535, a valid instance_name, and a host that
 * resolves and that the bind policy calls network only when a password will be set.
 */
import { isAbsolute, resolve } from 'node:path';
import { fail, ok, type Result } from '../result.js';
import type { Fs, Lookup } from '../system/ports.js';
import { decideBind, NO_AUTH_POSTURE } from './bind-policy.js';
import { expandHome } from './load.js';
import { DEFAULT_HOST, DEFAULT_PORT, INSTANCE_NAME_RE } from './schema.js';

export const DEFAULT_INIT_HOST = DEFAULT_HOST;
export const DEFAULT_INIT_PORT = DEFAULT_PORT;
/** Offered as projects_root when this directory exists. */
const DEFAULT_PROJECTS_ROOT = '~/projects';

/** Where relative and `~` answers resolve. */
export interface AnswerContext {
  cwd: string;
  home: string;
}

async function describeDirectory(path: string, fs: Fs): Promise<string | null> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isDirectory()) return 'is not a directory';
    await fs.access(path, fs.constants.R_OK | fs.constants.X_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    return code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`;
  }
}

/**
 * projects_root: an existing, readable directory. The value to write keeps a leading `~`
 * and makes any other relative path absolute (the file may live elsewhere than `cwd`).
 */
export async function checkProjectsRootAnswer(
  input: string,
  context: AnswerContext,
  deps: { fs: Fs },
): Promise<Result<string>> {
  const trimmed = input.trim();
  if (trimmed === '') return fail('projects-root', 'projects_root: expected a directory path');
  const absolute = resolve(context.cwd, expandHome(trimmed, context.home));
  const problem = await describeDirectory(absolute, deps.fs);
  if (problem !== null) {
    return fail(
      'projects-root',
      `projects_root: ${absolute} ${problem}; create it or give an existing, readable directory`,
    );
  }
  return ok(trimmed.startsWith('~') || isAbsolute(trimmed) ? trimmed : absolute);
}

/** `~/projects` when it is a readable directory, else null (no projects_root). */
export async function defaultProjectsRoot(
  context: AnswerContext,
  deps: { fs: Fs },
): Promise<string | null> {
  const checked = await checkProjectsRootAnswer(DEFAULT_PROJECTS_ROOT, context, deps);
  return checked.ok ? checked.value : null;
}

/** port: a whole number 1-65535 (0, "any free port", makes no sense for a starter file). */
export function checkPortAnswer(input: string): Result<number> {
  const trimmed = input.trim();
  const port = /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (Number.isInteger(port) && port >= 1 && port <= 65_535) return ok(port);
  return fail('port', `port: expected a number from 1 to 65535, got ${JSON.stringify(trimmed)}`);
}

/** instance_name: up to 32 of [A-Za-z0-9_.-]. */
export function checkInstanceNameAnswer(input: string): Result<string> {
  const trimmed = input.trim();
  if (INSTANCE_NAME_RE.test(trimmed)) return ok(trimmed);
  const shown = JSON.stringify(trimmed.slice(0, 40));
  return fail(
    'instance-name',
    `instance_name: expected up to 32 of A-Z a-z 0-9 _ . -, got ${shown}`,
  );
}

export interface HostAnswer {
  host: string;
  /** True when the bind policy treats the host as loopback (no auth needed). */
  loopback: boolean;
}

/**
 * host: classified by the bind policy; refused when it is a name that does not resolve, or
 * a network host without a password.
 */
export async function checkHostAnswer(
  input: string,
  options: { password: boolean | undefined },
  deps: { lookup: Lookup },
): Promise<Result<HostAnswer, 'host' | 'host-needs-password'>> {
  const host = input.trim();
  if (host === '' || /\s/.test(host)) {
    return fail('host', `host: expected an address or host name, got ${JSON.stringify(host)}`);
  }
  const decision = await decideBind(host, NO_AUTH_POSTURE, deps);
  if (decision.unresolved !== null) {
    return fail(
      'host',
      `host: ${JSON.stringify(host)} does not resolve (${decision.unresolved}); give an IP address (e.g. 192.168.1.10), 0.0.0.0 for every interface, or a name listed in /etc/hosts`,
    );
  }
  if (!decision.loopback && options.password === false) {
    return fail(
      'host-needs-password',
      `host: ${host} is a network address (${decision.detail}), which needs a dashboard password; set one or use 127.0.0.1`,
    );
  }
  return ok({ host, loopback: decision.loopback });
}
