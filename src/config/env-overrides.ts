/**
 * `CLAUSTER_<UPPER_SNAKE_PATH>` overrides of every scalar/list leaf, each with a `_FILE` form
 * that wins (design §2). Strings are parsed with the YAML strictness: booleans only
 * `true`/`false`, numbers only plain decimals; lists are comma-separated.
 * Invariant: an unreadable `_FILE` is fatal, and values are never echoed for secret keys.
 */
import { resolve } from 'node:path';
import type { Env, Fs } from '../system/ports.js';
import { type ConfigProblem, describeFound } from './problems.js';
import { configLeaves, type SchemaLeaf } from './schema-walk.js';
import { suggestNearest } from './suggest.js';

/** Variables read outside the schema: never reported as unknown. */
const NON_LEAF_VARS = new Set([
  'CLAUSTER_CONFIG',
  'CLAUSTER_HOME',
  'CLAUSTER_SESSION_SECRET',
  // Read by `clauster run` (src/ops/dashboard-restart.ts): a supervisor restarts it on exit.
  'CLAUSTER_RESTART_ON_EXIT',
  // The bearer token of the dashboard commands (src/cli/dashboard-client.ts), and its _FILE form.
  'CLAUSTER_TOKEN',
  // The redaction engine, read at CLI start (src/system/native-redactor.ts).
  'CLAUSTER_REDACTOR',
]);
const NUMBER_RE = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export interface EnvOverrideResult {
  raw: Record<string, unknown>;
  problems: ConfigProblem[];
  warnings: string[];
}

/** The variable name of a leaf path: `auth.password_hash` → `CLAUSTER_AUTH_PASSWORD_HASH`. */
export function toEnvName(path: readonly string[]): string {
  return `CLAUSTER_${path.join('_').toUpperCase()}`;
}

let leafNames: ReadonlySet<string> | undefined;

// The variable names of every schema leaf (the schema never changes at run time: built once).
function schemaLeafNames(): ReadonlySet<string> {
  leafNames ??= new Set(configLeaves().map((leaf) => toEnvName(leaf.path)));
  return leafNames;
}

// `X_FILE` is the file form of X unless X_FILE is itself a leaf (e.g. shared_secret_file).
function fileFormOf(name: string): string | undefined {
  return schemaLeafNames().has(`${name}_FILE`) ? undefined : `${name}_FILE`;
}

/** The variable that sets `path` in `env` (its file form wins, as when loading), or null. */
export function findEnvOverride(path: readonly string[], env: Env): string | null {
  const name = toEnvName(path);
  const fileName = fileFormOf(name);
  if (fileName !== undefined && env[fileName] !== undefined) return fileName;
  return env[name] !== undefined ? name : null;
}

function parseLeafValue(leaf: SchemaLeaf, text: string): { value: unknown } | { expected: string } {
  if (leaf.nullable && text === '') return { value: null };
  switch (leaf.kind) {
    case 'boolean':
      if (text === 'true' || text === 'false') return { value: text === 'true' };
      return { expected: 'true or false' };
    case 'number':
      return NUMBER_RE.test(text)
        ? { value: Number(text) }
        : { expected: 'a plain decimal number' };
    case 'list':
      return { value: text === '' ? [] : text.split(',').map((item) => item.trim()) };
    default:
      return { value: text };
  }
}

function setAtPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (next === null || typeof next !== 'object' || Array.isArray(next)) return;
    node[key] = { ...(node[key] as Record<string, unknown>) };
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

async function readEnvFile(
  name: string,
  file: string,
  options: { cwd: string },
  deps: { fs: Fs },
): Promise<{ text: string } | { problem: ConfigProblem }> {
  try {
    return { text: (await deps.fs.readFile(resolve(options.cwd, file), 'utf8')).trimEnd() };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    return {
      problem: { path: `(env) ${name}`, expected: 'a readable file', found: `${code} for ${file}` },
    };
  }
}

/** Applies every override present in `env` on a copy of `raw`. */
export async function applyEnvOverrides(
  raw: Record<string, unknown>,
  options: { cwd: string },
  deps: { env: Env; fs: Fs },
): Promise<EnvOverrideResult> {
  const leaves = configLeaves();
  const names = schemaLeafNames();
  const result: EnvOverrideResult = { raw: { ...raw }, problems: [], warnings: [] };
  for (const leaf of leaves) {
    const name = toEnvName(leaf.path);
    const fileName = fileFormOf(name);
    const file = fileName === undefined ? undefined : deps.env[fileName];
    let text = deps.env[name];
    // The variable the value came from, named in a problem: the `_FILE` form when it was used.
    let source = name;
    if (fileName !== undefined && file !== undefined) {
      const read = await readEnvFile(fileName, file, options, deps);
      if ('problem' in read) {
        result.problems.push(read.problem);
        continue;
      }
      text = read.text;
      source = fileName;
    }
    if (text === undefined) continue;
    const parsed = parseLeafValue(leaf, text);
    const dotted = leaf.path.join('.');
    if ('expected' in parsed) {
      result.problems.push({
        path: `${dotted} (from ${source})`,
        expected: parsed.expected,
        found: describeFound(text, dotted),
      });
      continue;
    }
    setAtPath(result.raw, leaf.path, parsed.value);
  }
  result.warnings.push(...listUnknownVars(names, deps.env));
  return result;
}

function listUnknownVars(names: ReadonlySet<string>, env: Env): string[] {
  const warnings: string[] = [];
  for (const name of Object.keys(env)) {
    if (!name.startsWith('CLAUSTER_') || NON_LEAF_VARS.has(name)) continue;
    const base = name.endsWith('_FILE') ? name.slice(0, -5) : name;
    if (names.has(name) || names.has(base) || NON_LEAF_VARS.has(base)) continue;
    const hint = suggestNearest(name, [...names]);
    warnings.push(
      `(env) ${name}: not a config variable; ignored${hint ? ` (did you mean ${hint}?)` : ''}`,
    );
  }
  return warnings;
}
