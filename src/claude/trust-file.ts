/**
 * The `.claude.json` writer (design §4, security.md R-FS-1). Invariant: the file is only ever
 * replaced by an atomic rename of a complete document that differs from what was on disk in
 * exactly one key path; a file that exists but is not a JSON object is never replaced, and a
 * concurrent change by anyone (the CLI takes no lock) is merged, not overwritten.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { writeFileAtomic } from '../state/atomic-write.js';
import { currentUser, type FileOwner, isChownRefused } from '../state/file-owner.js';
import type { Env, Fs } from '../system/ports.js';
import {
  keepBackup,
  pickOwner,
  type ReadState,
  readClaudeConfig,
  resolveClaudeConfigPath,
  resolveTarget,
  TrustFileError,
} from './claude-json-file.js';
import { proveSingleEdit } from './edit-proof.js';
import { type JsonSplice, JsonSpliceError, spliceJsonPath } from './json-splice.js';
import {
  type ClaudeConfig,
  isPlainObject,
  normalizeProjectKey,
  parseClaudeConfig,
  readAt,
} from './trust-state.js';
import { stillAsRead, takeFingerprint } from './unchanged-check.js';

export { readClaudeConfig, resolveClaudeConfigPath, TrustFileError } from './claude-json-file.js';

export interface LockRetryOptions {
  retries: number;
  minTimeout: number;
  maxTimeout: number;
}

export interface TrustWriterOptions {
  /** state_dir: the advisory lock lives in state_dir/locks/. */
  stateDir: string;
  /** Override of the `.claude.json` path (default from CLAUDE_CONFIG_DIR or home). */
  configPath?: string;
  lockRetries?: LockRetryOptions;
  /** How many times a merge is redone when someone else changed the file meanwhile. */
  maxMergeAttempts?: number;
  /** The user this process runs as (default: currentUser()). */
  user?: FileOwner;
}

export interface TrustWriter {
  readonly path: string;
  /** Sets `projects[dir].hasTrustDialogAccepted = true`; false when it already was. */
  setTrusted(dir: string): Promise<boolean>;
  /** Sets `hasUsedRemoteControl` and `remoteDialogSeen` so the consent prompt never blocks. */
  setRemoteControlAcknowledged(): Promise<boolean>;
}

const DEFAULT_RETRIES: LockRetryOptions = { retries: 100, minTimeout: 10, maxTimeout: 200 };
const STALE_MS = 10_000;

/** Sets `value` at `path` in place (the config is a fresh parse owned by the caller). */
function assignAt(config: ClaudeConfig, path: readonly string[], value: unknown): ClaudeConfig {
  let node: Record<string, unknown> = config;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
  return config;
}

/** Computes the new document text, proving that nothing but `path` changed. */
function buildUpdate(
  path: string,
  state: ReadState,
  keyPath: readonly string[],
  value: unknown,
): string {
  if (state.kind === 'missing') return `${JSON.stringify(assignAt({}, keyPath, value), null, 2)}\n`;
  let splice: JsonSplice;
  try {
    splice = spliceJsonPath(state.text, keyPath, value);
  } catch (error) {
    if (!(error instanceof JsonSpliceError)) throw error;
    throw new TrustFileError(
      'claude-config-invalid',
      `${path}: ${error.message}; the file was left unchanged`,
    );
  }
  // One re-parse proves the splice: the path's value and keys are checked, the rest is copied.
  const reparsed = parseClaudeConfig(splice.text);
  const proof = reparsed.ok
    ? proveSingleEdit(state.config, reparsed.value, { keyPath, value, splice })
    : reparsed;
  if (!proof.ok) {
    throw new TrustFileError(
      'claude-config-invalid',
      `${path}: could not be edited safely (${proof.detail}); the file was left unchanged`,
    );
  }
  return splice.text;
}

class ChangedMeanwhile extends Error {}

// Same uid, but a group this user is not in: the rewritten file could not keep that group.
function groupRefused(target: string, owner: FileOwner, user: FileOwner, cause: unknown) {
  return new TrustFileError(
    'claude-config-invalid',
    `${target}: its group (gid ${owner.gid}) is not one this user (uid ${user.uid}, gid ${user.gid}) may give the rewritten file (EPERM); the file was left unchanged (run clauster in that group, or give the file your group: \`chgrp ${user.gid} ${target}\`)`,
    { cause },
  );
}

async function updateUnderLock(
  target: string,
  keyPath: readonly string[],
  value: unknown,
  options: { attempts: number; isCompromised: () => Error | null; user: FileOwner },
  deps: { fs: Fs },
): Promise<boolean> {
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    // Taken before the read: a change after it shows at the check before the rename.
    const fingerprint = await takeFingerprint(target, deps);
    const state = await readClaudeConfig(target, deps);
    if (state.kind === 'ok' && isDeepStrictEqual(readAt(state.config, keyPath), value))
      return false;
    const next = buildUpdate(target, state, keyPath, value);
    const owner = state.kind === 'ok' ? pickOwner(target, state.owner, options.user) : undefined;
    const mode = state.kind === 'ok' ? state.mode : 0o600;
    try {
      if (state.kind === 'ok') await keepBackup(target, state.bytes, owner, deps);
      await writeFileAtomic(
        target,
        next,
        {
          mode,
          ...(owner ? { owner } : {}),
          // Why: the CLI does not take our lock; re-check just before the rename (R-FS-1).
          beforeRename: async () => {
            const compromised = options.isCompromised();
            if (compromised)
              throw new TrustFileError('claude-config-busy', `${target}: lock lost`, {
                cause: compromised,
              });
            if (!(await stillAsRead(target, { state, fingerprint }, deps)))
              throw new ChangedMeanwhile();
          },
        },
        deps,
      );
      return true;
    } catch (error) {
      if (owner && isChownRefused(error)) throw groupRefused(target, owner, options.user, error);
      if (!(error instanceof ChangedMeanwhile)) throw error;
    }
  }
  throw new TrustFileError(
    'claude-config-changed',
    `${target}: kept changing during ${options.attempts} attempts; not written`,
  );
}

/** Creates the writer for one `.claude.json`; calls are serialised in-process and across processes. */
export function createTrustWriter(
  options: TrustWriterOptions,
  deps: { fs: Fs; env: Env; home: string },
): TrustWriter {
  const path = options.configPath ?? resolveClaudeConfigPath(deps);
  const user = options.user ?? currentUser();
  let chain: Promise<unknown> = Promise.resolve();

  async function update(keyPath: readonly string[], value: unknown): Promise<boolean> {
    const target = await resolveTarget(path, deps);
    const locks = join(options.stateDir, 'locks');
    await deps.fs.mkdir(locks, { recursive: true, mode: 0o700 });
    const hash = createHash('sha256').update(target).digest('hex').slice(0, 24);
    let compromised: Error | null = null;
    let release: () => Promise<void>;
    // Loaded on the first edit only (it also patches fs through graceful-fs).
    const lockfile = (await import('proper-lockfile')).default;
    try {
      release = await lockfile.lock(target, {
        lockfilePath: join(locks, `claude-json-${hash}.lock`),
        realpath: false,
        stale: STALE_MS,
        retries: { ...(options.lockRetries ?? DEFAULT_RETRIES), randomize: true },
        onCompromised: (error) => {
          compromised = error;
        },
      });
    } catch (error) {
      throw new TrustFileError('claude-config-busy', `${path}: another writer holds the lock`, {
        cause: error,
      });
    }
    try {
      const attempts = options.maxMergeAttempts ?? 5;
      return await updateUnderLock(
        target,
        keyPath,
        value,
        { attempts, isCompromised: () => compromised, user },
        deps,
      );
    } finally {
      await release().catch(() => {});
    }
  }

  function serialise(keyPath: readonly string[], value: unknown): Promise<boolean> {
    const run = chain.then(() => update(keyPath, value));
    chain = run.catch(() => {});
    return run;
  }

  return {
    path,
    setTrusted: (dir) =>
      serialise(['projects', normalizeProjectKey(dir), 'hasTrustDialogAccepted'], true),
    async setRemoteControlAcknowledged() {
      const used = await serialise(['hasUsedRemoteControl'], true);
      const seen = await serialise(['remoteDialogSeen'], true);
      return used || seen;
    },
  };
}
