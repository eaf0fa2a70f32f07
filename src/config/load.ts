/**
 * Config loading: find the file (--config → $CLAUSTER_CONFIG → ./clauster.yml →
 * $CLAUSTER_HOME/clauster.yml), parse YAML strictly, drop legacy keys with a warning, apply
 * env overrides, validate with the strict schema, then resolve paths. No file → defaults.
 * Throws ConfigError listing every problem at once; a key set by an env variable is named
 * with it (`port (from CLAUSTER_PORT)`).
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Env, Fs } from '../system/ports.js';
import { applyEnvOverrides } from './env-overrides.js';
import { nameEnvSources, nameEnvSourcesInWarnings } from './env-source.js';
import { stripLegacyKeys } from './legacy-keys.js';
import { ConfigError, type ConfigProblem } from './problems.js';
import { type Config, configSchema } from './schema.js';
import { describeIssue } from './schema-issues.js';
import { checkWebhookUrls } from './webhook-rules.js';

export interface LoadOptions {
  /** `--config` from the command line. */
  configPath?: string;
  /** Where `./clauster.yml` and relative `--config`/`_FILE` paths are looked up. */
  cwd: string;
  /**
   * False skips the `./clauster.yml` candidate: for `clauster mcp`, whose cwd is the MCP
   * client's (often an untrusted checkout that could plant a config). Default true.
   */
  searchCwd?: boolean;
}

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file used, or null when running on defaults. */
  source: string | null;
  warnings: string[];
}

type LoadDeps = { fs: Fs; env: Env; home: string };

async function exists(path: string, fs: Fs): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}

/** Finds the config file by the documented search order; null when there is none. */
export async function findConfigFile(options: LoadOptions, deps: LoadDeps): Promise<string | null> {
  const explicit = options.configPath ?? deps.env.CLAUSTER_CONFIG;
  if (explicit !== undefined && explicit !== '') {
    return resolve(options.cwd, expandHome(explicit, deps.home));
  }
  const candidates = options.searchCwd === false ? [] : [join(options.cwd, 'clauster.yml')];
  const clausterHome = deps.env.CLAUSTER_HOME;
  if (clausterHome)
    candidates.push(
      join(resolve(options.cwd, expandHome(clausterHome, deps.home)), 'clauster.yml'),
    );
  for (const candidate of candidates) if (await exists(candidate, deps.fs)) return candidate;
  return null;
}

/** Expands a leading `~` or `~/` to `home`. */
export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

function resolvePath(path: string, baseDir: string, home: string): string {
  const expanded = expandHome(path, home);
  return isAbsolute(expanded) ? expanded : resolve(baseDir, expanded);
}

/** Absolute state_dir, projects_root, *_file (tls too) and path-like binary, from `baseDir`. */
function resolvePaths(config: Config, baseDir: string, home: string): Config {
  const proxy = config.auth.reverse_proxy;
  const binary = config.claude.binary;
  return {
    ...config,
    state_dir: resolvePath(config.state_dir, baseDir, home),
    ...(config.projects_root === undefined
      ? {}
      : { projects_root: resolvePath(config.projects_root, baseDir, home) }),
    auth: {
      ...config.auth,
      session_secret_file:
        config.auth.session_secret_file &&
        resolvePath(config.auth.session_secret_file, baseDir, home),
      reverse_proxy: {
        ...proxy,
        shared_secret_file:
          proxy.shared_secret_file && resolvePath(proxy.shared_secret_file, baseDir, home),
      },
    },
    tls: {
      ...config.tls,
      cert_file: config.tls.cert_file && resolvePath(config.tls.cert_file, baseDir, home),
      key_file: config.tls.key_file && resolvePath(config.tls.key_file, baseDir, home),
    },
    claude: {
      ...config.claude,
      binary:
        binary.includes('/') || binary.startsWith('~')
          ? resolvePath(binary, baseDir, home)
          : binary,
      path_append: config.claude.path_append.map((entry) => expandHome(entry, home)),
    },
  };
}

/** Reads `shared_secret_file` into `shared_secret` (trailing whitespace stripped). */
async function readProxySecret(config: Config, fs: Fs): Promise<Config> {
  const proxy = config.auth.reverse_proxy;
  if (proxy.shared_secret_file === null) return config;
  const path = 'auth.reverse_proxy.shared_secret_file';
  if (proxy.shared_secret !== null) {
    const expected = 'only one of shared_secret and shared_secret_file';
    throw new ConfigError([{ path, expected, found: 'both set' }]);
  }
  let secret: string;
  try {
    secret = (await fs.readFile(proxy.shared_secret_file, 'utf8')).trimEnd();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    const found = `${code} for ${proxy.shared_secret_file}`;
    throw new ConfigError([{ path, expected: 'a readable file', found }]);
  }
  return {
    ...config,
    auth: { ...config.auth, reverse_proxy: { ...proxy, shared_secret: secret } },
  };
}

/** Loads, overrides, validates (schema only) and resolves the config. */
export async function loadConfig(options: LoadOptions, deps: LoadDeps): Promise<LoadedConfig> {
  return loadConfigFrom(await findConfigFile(options, deps), options, deps);
}

/**
 * loadConfig() from `source`, the file findConfigFile() found (null: defaults), for a caller
 * that needs the file also when it is refused (a ConfigError does not carry it).
 */
export async function loadConfigFrom(
  source: string | null,
  options: LoadOptions,
  deps: LoadDeps,
): Promise<LoadedConfig> {
  // The YAML parser is loaded only when there is a file to parse.
  const fileRaw =
    source === null ? {} : await (await import('./yaml-file.js')).readConfigFile(source, deps);
  const legacy = stripLegacyKeys(fileRaw);
  const env = await applyEnvOverrides(legacy.raw, { cwd: options.cwd }, deps);
  const problems: ConfigProblem[] = [...env.problems];
  const parsed = configSchema.safeParse(env.raw);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.flatMap((issue) => describeIssue(issue, env.raw)));
  } else {
    problems.push(...checkWebhookUrls(parsed.data.webhooks.urls));
  }
  // Warnings travel with a refusal too, so a refused config still shows every ignored key.
  const warnings = nameEnvSourcesInWarnings([...legacy.warnings, ...env.warnings], deps.env);
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(nameEnvSources(problems, deps.env), { warnings });
  }
  const baseDir = source === null ? options.cwd : dirname(source);
  try {
    const config = await readProxySecret(resolvePaths(parsed.data, baseDir, deps.home), deps.fs);
    return { config, source, warnings };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(nameEnvSources(error.problems, deps.env), { cause: error, warnings });
  }
}
