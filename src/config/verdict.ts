/**
 * The one config verdict shared by `clauster run` and `clauster check-config`: load (schema)
 * then every startup validator. Invariant: both commands print the same verdict because
 * both call checkConfig(); nothing here binds, spawns or writes.
 */
import type { Env, Fs, Lookup } from '../system/ports.js';
import type { BindDecision } from './bind-policy.js';
import { nameEnvSources, nameEnvSourcesInWarnings } from './env-source.js';
import { findConfigFile, type LoadOptions, loadConfigFrom } from './load.js';
import { ConfigError, type ConfigProblem } from './problems.js';
import type { Config } from './schema.js';
import { validateConfig } from './validators.js';

export type ConfigVerdict =
  | { ok: true; config: Config; source: string | null; warnings: string[]; bind: BindDecision }
  | { ok: false; source: string | null; warnings: string[]; problems: ConfigProblem[] };

/** Loads and validates the config; problems come back as a value, never thrown. */
export async function checkConfig(
  options: LoadOptions,
  deps: { fs: Fs; env: Env; home: string; lookup: Lookup },
): Promise<ConfigVerdict> {
  let source: string | null = null;
  try {
    source = await findConfigFile(options, deps);
    const loaded = await loadConfigFrom(source, options, deps);
    const validation = await validateConfig(loaded.config, deps);
    // Load problems and warnings already name their env variable; these are the validators'.
    const warnings = [
      ...loaded.warnings,
      ...nameEnvSourcesInWarnings(validation.warnings, deps.env),
    ];
    if (validation.problems.length > 0) {
      return {
        ok: false,
        source,
        warnings,
        problems: nameEnvSources(validation.problems, deps.env),
      };
    }
    return { ok: true, config: loaded.config, source, warnings, bind: validation.bind };
  } catch (error) {
    if (error instanceof ConfigError) {
      return { ok: false, source, warnings: [...error.warnings], problems: [...error.problems] };
    }
    throw error;
  }
}
