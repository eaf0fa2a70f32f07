/**
 * The dashboard's Tier-A config edit. Invariant: nothing is written unless every key is on
 * the allowlist and not set by an env override, every value passes its schema leaf and the
 * bypass refusal, the file still has the sha256 the editor read, and the whole edited file
 * passes checkConfig (the same verdict as `clauster run`). The edit goes through the yaml
 * Document API (comments and order kept) and writeConfigGuarded (backup 0600 ×5, atomic,
 * only while the file still holds the bytes read). Nothing is live-reloaded. The read → check →
 * write runs inside serialiseConfigFile, so two saves from one base never both succeed. A
 * refusal quotes values only of the keys being edited; other keys' problems give the path
 * and what is expected, never what the file holds.
 */
import { parseDocument } from 'yaml';
import { fail, ok } from '../result.js';
import { sha256Hex } from '../sha256.js';
import { readRegularFile } from '../state/regular-file.js';
import type { Clock, Env, Fs, Lookup } from '../system/ports.js';
import { valueAt } from './config-view.js';
import { overlayConfigFs, serialiseConfigFile, writeConfigGuarded } from './config-write.js';
import { checkEditableValue, describeEditableKey, isEditableKey } from './editable-keys.js';
import { findEnvOverride } from './env-overrides.js';
import { ConfigError, type ConfigProblem, formatProblem } from './problems.js';
import { renderOptions } from './reconcile.js';
import { checkConfig } from './verdict.js';
import { type ConfigFileText, parseConfigYaml, readConfigText } from './yaml-file.js';

export type ConfigEditCode =
  | 'no-config-file'
  | 'config-key-not-editable'
  | 'config-invalid'
  | 'config-changed'
  | 'config-not-writable';

export interface ConfigEditRequest {
  /** The config file clauster was started with; null when it runs on defaults. */
  path: string | null;
  cwd: string;
  baseSha256: string;
  changes: Record<string, unknown>;
  user: { uid: number; gid: number };
}

/** One changed key for the audit line: old/new only for booleans, numbers and enums. */
export interface EditedKey {
  key: string;
  old?: unknown;
  new?: unknown;
}

export interface ConfigEdited {
  sha256: string;
  backup: string;
  keys: EditedKey[];
  /** Set when the file was replaced but the directory fsync or backup prune after it failed. */
  warning: string | null;
}

export type ConfigEditFailure = {
  ok: false;
  code: ConfigEditCode;
  detail: string;
  problems?: string[];
  currentSha256?: string;
};

type EditDeps = { fs: Fs; clock: Clock; env: Env; home: string; lookup: Lookup };
type EditResult = { ok: true; value: ConfigEdited } | ConfigEditFailure;

/** How many refused key names a refusal lists before "and N more". */
const MAX_NAMED_KEYS = 5;

const NO_FILE =
  'clauster runs on defaults, without a config file; create one (`clauster init`, or copy clauster.example.yml) and restart clauster, then edit it here';

/** Applies `changes` to the config file, or says why nothing was written. */
export async function editConfigFile(
  request: ConfigEditRequest,
  deps: EditDeps,
): Promise<EditResult> {
  if (request.path === null) return fail('no-config-file', NO_FILE);
  const keys = Object.keys(request.changes);
  const refused = checkKeys(keys, deps.env);
  if (refused !== null) return refused;
  const problems = keys
    .map((key) => checkEditableValue(key, request.changes[key]))
    .filter((problem): problem is ConfigProblem => problem !== null);
  if (problems.length > 0) return invalid('a value is refused', problems);

  let target: string;
  try {
    target = await deps.fs.realpath(request.path);
  } catch (error) {
    // Why: the file clauster started with was removed (or moved) since.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return changed('');
    throw error;
  }
  return serialiseConfigFile(target, () => editLocked(target, keys, request, deps));
}

async function editLocked(
  target: string,
  keys: readonly string[],
  request: ConfigEditRequest,
  deps: EditDeps,
): Promise<EditResult> {
  let read: ConfigFileText;
  let before: Record<string, unknown>;
  try {
    read = await readConfigText(target, deps);
    before = parseConfigYaml(read.text, target);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Why: removed between the realpath and the read.
    if ((error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return changed('');
    return invalid('the file does not load', error.problems, keys);
  }
  const current = sha256Hex(read.bytes);
  if (current !== request.baseSha256) return changed(current);

  const doc = parseDocument(read.text, { uniqueKeys: true, strict: true });
  try {
    for (const key of keys) doc.setIn(key.split('.'), request.changes[key]);
  } catch {
    const problem = {
      path: '(file)',
      expected: 'mappings along each key path',
      found: 'another value',
    };
    return invalid('the file has no mapping to hold a key', [problem]);
  }
  const text = doc.toString(renderOptions(read.text));
  const checked = await checkConfig(
    { cwd: request.cwd, configPath: target },
    { ...deps, fs: overlayConfigFs(deps.fs, target, text) },
  );
  if (!checked.ok) {
    return invalid('the edited config fails the config check', checked.problems, keys);
  }

  const retryHint = 'reload the settings page and edit again';
  const written = await writeConfigGuarded(
    { target, read, text, user: request.user, retryHint },
    deps,
  );
  if (!written.ok) {
    if (written.reason === 'changed') return changed(await currentSha(target, deps));
    return { ...fail('config-not-writable', written.problems.map(formatProblem).join('; ')) };
  }
  const edited = keys.map((key) => describeEdit(key, valueAt(before, key.split('.')), request));
  const { backup, warning } = written;
  return ok({ sha256: sha256Hex(text), backup, keys: edited, warning });
}

function checkKeys(keys: readonly string[], env: Env): ConfigEditFailure | null {
  if (keys.length === 0) {
    return fail('config-key-not-editable', 'changes: expected at least one key');
  }
  const offList = keys.filter((key) => !isEditableKey(key));
  if (offList.length > 0) {
    const shown = offList.slice(0, MAX_NAMED_KEYS).map((key) => JSON.stringify(key.slice(0, 80)));
    const more = offList.length - shown.length;
    const named = `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
    return fail(
      'config-key-not-editable',
      `${named}: not editable from the dashboard; edit the config file and restart clauster`,
    );
  }
  for (const key of keys) {
    const variable = findEnvOverride(key.split('.'), env);
    if (variable !== null) {
      return fail(
        'config-key-not-editable',
        `${key}: set by ${variable}, which wins over the file; change the variable instead`,
      );
    }
  }
  return null;
}

/**
 * The 422: full lines for problems at the edited keys (or all of them when `edited` is not
 * given, the values are the request's own); other lines name the path and what is expected.
 */
function invalid(
  detail: string,
  problems: readonly ConfigProblem[],
  edited?: readonly string[],
): ConfigEditFailure {
  const lines = problems.map((problem) =>
    edited === undefined || isUnder(problem.path, edited)
      ? formatProblem(problem)
      : `${problem.path}: expected ${problem.expected}`.replace(/[\r\n]+/g, ' '),
  );
  return { ...fail('config-invalid', detail), problems: lines };
}

function isUnder(path: string, keys: readonly string[]): boolean {
  return keys.some((key) => path === key || path.startsWith(`${key}.`));
}

function changed(currentSha256: string): ConfigEditFailure {
  const detail = 'the config file changed on disk since it was read; reload and edit again';
  return { ...fail('config-changed', detail), currentSha256 };
}

async function currentSha(path: string, deps: { fs: Fs }): Promise<string> {
  try {
    // Stat'ed first: a FIFO swapped in for the file would block the answer for good.
    return sha256Hex(await readRegularFile(path, deps.fs));
  } catch {
    return '';
  }
}

function describeEdit(key: string, old: unknown, request: ConfigEditRequest): EditedKey {
  const { type } = describeEditableKey(key);
  if (type === 'string') return { key };
  return { key, old: old ?? null, new: request.changes[key] };
}
