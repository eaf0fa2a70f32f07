/**
 * The git command lines of a clone job and of a new project's `git init` (design §6,
 * security.md R-SSRF-4). Pure. Invariant: git gets a complete, fixed environment (no
 * inherited config, prompts, askpass or credential helpers; only the allowed transports),
 * never follows redirects, never fetches submodules, sees `--` before the URL, and for https
 * connects only to the addresses that were checked.
 */
import type { CloneScheme, ParsedCloneUrl } from '../security/clone-url.js';
import type { Env } from '../system/ports.js';

export interface GitCloneCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
}

export interface GitCloneOptions {
  /** Directory git clones into (must not exist yet or be empty). */
  dest: string;
  /** An empty directory used as HOME, so no user config or credentials are read. */
  home: string;
  /** PATH for git to find its helpers and ssh. */
  path: string;
  allowedSchemes: readonly CloneScheme[];
  depth?: number;
  /** Extra CA bundle for https (tests trust their self-signed loopback server with it). */
  caFile?: string;
}

const SSH_COMMAND = 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new';
const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

/** The PATH git is found on for a clone (and for its version probe): PATH, else a default. */
export function readGitPath(env: Env): string {
  return env.PATH ?? DEFAULT_PATH;
}

/** `host:port:addr[,addr…]` for curl's resolve list; IPv6 addresses in brackets. */
export function formatCurlResolve(parsed: ParsedCloneUrl, addresses: readonly string[]): string {
  const list = addresses.map((address) => (address.includes(':') ? `[${address}]` : address));
  return `${parsed.host}:${parsed.port}:${list.join(',')}`;
}

/**
 * Whether a clone's safety rests on the address pin: https to a host name. An IP literal is
 * never resolved again, and ssh is not pinned at all (its window is documented instead).
 */
export function needsAddressPin(parsed: ParsedCloneUrl): boolean {
  return parsed.scheme === 'https' && parsed.hostKind === 'name';
}

/** Builds the git executable, arguments and environment for one clone. */
export function buildGitCloneCommand(
  parsed: ParsedCloneUrl,
  addresses: readonly string[],
  options: GitCloneOptions,
): GitCloneCommand {
  const config = ['protocol.file.allow=never', 'credential.helper=', 'http.followRedirects=false'];
  // Pin https to the checked addresses: curl then never resolves the name again. ssh has no
  // equivalent here, so its rebinding window is documented (docs/clone.md).
  if (needsAddressPin(parsed)) {
    config.push(`http.curloptResolve=${formatCurlResolve(parsed, addresses)}`);
  }
  if (options.caFile !== undefined) config.push(`http.sslCAInfo=${options.caFile}`);
  const args = config.flatMap((entry) => ['-c', entry]);
  args.push('clone', '--progress', '--no-tags', '--no-recurse-submodules');
  if (options.depth !== undefined) args.push('--depth', String(options.depth));
  args.push('--', parsed.url, options.dest);
  const env: Record<string, string> = {
    GIT_ALLOW_PROTOCOL: options.allowedSchemes.join(':'),
    ...buildLockedGitEnv(options),
    GIT_SSH_COMMAND: SSH_COMMAND,
  };
  return { file: 'git', args, env };
}

/**
 * The complete environment every git run of clauster gets: no system or global config, no
 * prompts or askpass helpers, and only the given PATH and HOME (nothing is inherited).
 */
export function buildLockedGitEnv(options: { path: string; home: string }): Record<string, string> {
  return {
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PROTOCOL_FROM_USER: '0',
    PATH: options.path,
    HOME: options.home,
  };
}

/** `git --version` with the same git (file and PATH) and locked environment as a clone. */
export function buildGitVersionCommand(options: { path: string; home: string }): GitCloneCommand {
  return { file: 'git', args: ['--version'], env: { ...buildLockedGitEnv(options), LC_ALL: 'C' } };
}

/**
 * `git init` of a new, empty project directory (`dir` absolute, so never read as an option).
 * The first branch is `main` through `-c init.defaultBranch` (a git too old for that key
 * ignores it); HOME is the new directory itself, so nothing of the user's is read, and no
 * template directory (the system's, or an init.templateDir) is copied in.
 */
export function buildGitInitCommand(dir: string, options: { path: string }): GitCloneCommand {
  // `--template=` (empty): no template directory is copied, so no hooks or other files.
  const args = ['-c', 'init.defaultBranch=main', 'init', '--quiet', '--template=', '--', dir];
  return { file: 'git', args, env: buildLockedGitEnv({ path: options.path, home: dir }) };
}
