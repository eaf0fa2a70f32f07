// Test helpers around the fake `claude` (test/fixtures/bin/claude, see its README.md): a temp
// HOME with a fake login, trust grants and consent, the bridge pointer, the fake server state,
// and a polling wait helper.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the fake `claude` executable. */
export const FAKE_CLAUDE_PATH = fileURLToPath(new URL('../fixtures/bin/claude', import.meta.url));

export interface ClaudeHomeOptions {
  /** Write ~/.claude/.credentials.json with a fake full-scope OAuth login (default true). */
  loggedIn?: boolean;
  /** OAuth scopes in the credentials (default user:inference, user:profile, user:sessions:claude_code). */
  scopes?: string[];
  /** Write oauthAccount.organizationUuid (default true; false trips gate #3b). */
  organization?: boolean;
  /** Absolute directories to mark `hasTrustDialogAccepted: true`. */
  trusted?: string[];
  /** Top-level `remoteDialogSeen` (default true, so no consent prompt). */
  remoteDialogSeen?: boolean;
  /** Saved `projects[dir].remoteControlSpawnMode` per absolute directory. */
  spawnModes?: Record<string, 'same-dir' | 'worktree'>;
  /** Cached `tengu_ccr_bridge` feature flag (omitted when undefined; false trips gate #3d). */
  featureFlag?: boolean;
  /** Extra top-level keys merged into ~/.claude.json. */
  extra?: Record<string, unknown>;
  /** Use this as CLAUDE_CONFIG_DIR instead of ~/.claude (pass the same to the fake's env). */
  configDir?: string;
}

export interface ClaudeHomeFiles {
  claudeJsonPath: string;
  credentialsPath: string;
  configDir: string;
}

export interface BridgePointer {
  sessionId: string | null;
  environmentId: string;
  source: string;
  pid: number;
  procStart: string;
}

export interface FakeEnvironment {
  id: string;
  directory: string;
  name: string;
  type: 'bridge';
  status: 'active' | 'disconnected';
  last_activity: string;
}

/** Where the fake looks for ~/.claude.json, credentials, pointers (honours configDir). */
export function resolveClaudeFiles(home: string, configDir?: string): ClaudeHomeFiles {
  const dir = configDir ?? join(home, '.claude');
  return {
    configDir: dir,
    claudeJsonPath: configDir ? join(configDir, '.claude.json') : join(home, '.claude.json'),
    credentialsPath: join(dir, '.credentials.json'),
  };
}

/** Writes ~/.claude.json and (when logged in) ~/.claude/.credentials.json with fake values. */
export async function prepareClaudeHome(
  home: string,
  options: ClaudeHomeOptions = {},
): Promise<ClaudeHomeFiles> {
  const files = resolveClaudeFiles(home, options.configDir);
  await mkdir(files.configDir, { recursive: true, mode: 0o700 });
  const projects: Record<string, Record<string, unknown>> = {};
  for (const dir of options.trusted ?? []) projects[dir] = { hasTrustDialogAccepted: true };
  for (const [dir, mode] of Object.entries(options.spawnModes ?? {})) {
    projects[dir] = { ...projects[dir], remoteControlSpawnMode: mode };
  }
  const config: Record<string, unknown> = {
    remoteDialogSeen: options.remoteDialogSeen ?? true,
    projects,
    ...options.extra,
  };
  if (options.organization ?? true) {
    config.oauthAccount = {
      accountUuid: '00000000-0000-4000-8000-00000000fa4e',
      emailAddress: 'fake-user@example.invalid',
      organizationUuid: '00000000-0000-4000-8000-0000000000f0',
    };
  }
  if (options.featureFlag !== undefined) {
    config.cachedGrowthBookFeatures = { tengu_ccr_bridge: options.featureFlag };
  }
  await writeFile(files.claudeJsonPath, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  if (options.loggedIn ?? true) {
    const fake = 'FAKE'.repeat(8);
    const credentials = {
      claudeAiOauth: {
        accessToken: `fake-access-token-${fake}`,
        refreshToken: `fake-refresh-token-${fake}`,
        expiresAt: Date.now() + 3_600_000,
        scopes: options.scopes ?? ['user:inference', 'user:profile', 'user:sessions:claude_code'],
        subscriptionType: 'max',
        rateLimitTier: 'default_claude_max_5x',
      },
    };
    await writeFile(files.credentialsPath, JSON.stringify(credentials), { mode: 0o600 });
  }
  return files;
}

/** cwd as the CLI names its project directory: non-alphanumerics → '-', long paths hashed. */
export function sanitizeProjectPath(cwd: string): string {
  const sanitized = cwd.replace(/[^a-zA-Z0-9]/g, '-');
  if (sanitized.length <= 200) return sanitized;
  let hash = 5381;
  for (let i = 0; i < cwd.length; i++) hash = ((hash * 33) ^ cwd.charCodeAt(i)) >>> 0;
  return `${sanitized.slice(0, 200)}-${hash.toString(36)}`;
}

/** Path of bridge-pointer.json for a project directory. */
export function resolvePointerPath(home: string, cwd: string, configDir?: string): string {
  const { configDir: dir } = resolveClaudeFiles(home, configDir);
  return join(dir, 'projects', sanitizeProjectPath(cwd), 'bridge-pointer.json');
}

/** The bridge pointer for `cwd`, or null when there is none. */
export async function readPointer(
  home: string,
  cwd: string,
  configDir?: string,
): Promise<BridgePointer | null> {
  const text = await readFile(resolvePointerPath(home, cwd, configDir), 'utf8').catch(() => null);
  return text === null ? null : (JSON.parse(text) as BridgePointer);
}

/** ~/.claude.json parsed (throws if missing or invalid). */
export async function readClaudeJson(
  home: string,
  configDir?: string,
): Promise<Record<string, unknown>> {
  const text = await readFile(resolveClaudeFiles(home, configDir).claudeJsonPath, 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

/** The fake server's environment list (FAKE_CLAUDE_SERVER_STATE), [] when absent. */
export async function readServerState(path: string): Promise<FakeEnvironment[]> {
  const text = await readFile(path, 'utf8').catch(() => '[]');
  return JSON.parse(text) as FakeEnvironment[];
}

/** Polls `probe` every `intervalMs` until it returns a truthy value; throws after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  timeoutMs: number,
  intervalMs = 25,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits until `path` exists (and its text passes `accept`); returns the text. */
export async function waitForFile(
  path: string,
  timeoutMs: number,
  accept: (text: string) => boolean = () => true,
): Promise<string> {
  return waitFor(async () => {
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    if (!exists) return null;
    const text = await readFile(path, 'utf8');
    return accept(text) ? text : null;
  }, timeoutMs).catch((error: Error) => {
    throw new Error(`waitForFile(${path}): ${error.message}`);
  });
}
