/**
 * Naming the environment variable behind a config problem or warning. A key set by
 * `CLAUSTER_<PATH>` (or its `_FILE` form) is not in the file, so a line that names only the key
 * sends the operator looking in the wrong place: `auth.password_hash (from
 * CLAUSTER_AUTH_PASSWORD_HASH): …`. Invariant: only the variable's name is added, never its
 * value.
 */
import type { Env } from '../system/ports.js';
import { findEnvOverride } from './env-overrides.js';
import type { ConfigProblem } from './problems.js';
import { configLeafPaths } from './schema-walk.js';

/** The variable that set the key at `path` (`auth.allowed_origins[0]` → its list), or null. */
export function findEnvSource(path: string, env: Env): string | null {
  if (path.startsWith('(') || path.includes(' (from ')) return null;
  const steps = (path.split('[')[0] ?? '').split('.');
  for (let end = steps.length; end > 0; end -= 1) {
    const prefix = steps.slice(0, end);
    // Leaves never nest: the first leaf found is the only candidate.
    if (configLeafPaths().has(prefix.join('.'))) return findEnvOverride(prefix, env);
  }
  return null;
}

/** Each problem whose key came from the environment, its path suffixed `(from NAME)`. */
export function nameEnvSources(problems: readonly ConfigProblem[], env: Env): ConfigProblem[] {
  return problems.map((problem) => {
    const name = findEnvSource(problem.path, env);
    return name === null ? problem : { ...problem, path: `${problem.path} (from ${name})` };
  });
}

// A warning opens with the key it is about: `tls.key_file: …`, `auth.enabled is true …`.
const LEADING_KEY_RE = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)*(?:\[\d+\])?/;

/** Each warning about a key that came from the environment, the key suffixed `(from NAME)`. */
export function nameEnvSourcesInWarnings(warnings: readonly string[], env: Env): string[] {
  return warnings.map((warning) => {
    const key = LEADING_KEY_RE.exec(warning)?.[0];
    const name = key === undefined ? null : findEnvSource(key, env);
    if (key === undefined || name === null) return warning;
    return `${key} (from ${name})${warning.slice(key.length)}`;
  });
}
