/** Reads `.claude.json` and decides trust for directories the way the CLI will. */
import { findGitRoot } from '../projects/discovery.js';
import type { Env, Fs } from '../system/ports.js';
import { readClaudeConfig, resolveClaudeConfigPath, TrustFileError } from './trust-file.js';
import { type ClaudeConfig, decideTrust, type TrustDecision } from './trust-state.js';

export interface TrustCheck extends TrustDecision {
  /** Why the config could not be used, when reason is `config-unreadable`. */
  detail: string | null;
}

/** `.claude.json` as read once: the config (null when unusable) and why it is unusable. */
export interface LoadedTrustConfig {
  config: ClaudeConfig | null;
  detail: string | null;
}

/** Reads the `.claude.json` a bridge running with `env` would read. */
export async function loadTrustConfig(
  options: { env: Env; home: string },
  deps: { fs: Fs },
): Promise<LoadedTrustConfig> {
  const home = options.env.HOME && options.env.HOME.length > 0 ? options.env.HOME : options.home;
  const path = resolveClaudeConfigPath({ env: options.env, home });
  try {
    const state = await readClaudeConfig(path, deps);
    return { config: state.kind === 'ok' ? state.config : {}, detail: null };
  } catch (error) {
    if (!(error instanceof TrustFileError)) throw error;
    return { config: null, detail: error.message };
  }
}

/** Decides trust for `dir` against an already loaded config. */
export async function decideDirectoryTrust(
  dir: string,
  loaded: LoadedTrustConfig,
  env: Env,
  deps: { fs: Fs },
): Promise<TrustCheck> {
  const gitRoot = await findGitRoot(dir, deps);
  return { ...decideTrust(dir, loaded.config, { env, gitRoot }), detail: loaded.detail };
}

/** Decides trust for `dir` as a bridge running with `env` would see it. */
export async function checkDirectoryTrust(
  dir: string,
  options: { env: Env; home: string },
  deps: { fs: Fs },
): Promise<TrustCheck> {
  return decideDirectoryTrust(dir, await loadTrustConfig(options, deps), options.env, deps);
}
