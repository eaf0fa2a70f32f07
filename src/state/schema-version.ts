/**
 * State upgrades. Invariant: clauster never rewrites a state document written by a newer
 * clauster; it refuses to start instead, naming the file and both versions.
 */
import { join } from 'node:path';
import type { Fs } from '../system/ports.js';
import { readRegularFile } from './regular-file.js';

/** The schema version every JSON document in state_dir is written with. */
export const STATE_SCHEMA_VERSION = 1;

/**
 * Persistent JSON documents in state_dir, each carrying a schema_version: the bridge registry
 * (bridges/registry.ts), API tokens (auth/token-store.ts) and the session epoch (auth/epoch.ts);
 * a test keeps the names in sync with those modules. instance.lock also carries one but is
 * not state: a stale lock is taken over, never migrated, so it is not checked here.
 */
export const VERSIONED_STATE_FILES = ['bridges.json', 'tokens.json', 'session.epoch'] as const;

export class StateVersionError extends Error {
  readonly code = 'state-version-newer';
  constructor(
    readonly file: string,
    readonly found: number,
  ) {
    super(
      `${file} has schema_version ${found}, newer than this clauster understands (${STATE_SCHEMA_VERSION}); ` +
        'upgrade clauster or restore a backup made by this version',
    );
    this.name = 'StateVersionError';
  }
}

/** Throws when a parsed state document is from a newer schema; returns its version otherwise. */
export function assertKnownSchemaVersion(doc: unknown, file: string): number {
  if (typeof doc !== 'object' || doc === null) return STATE_SCHEMA_VERSION;
  const version = (doc as { schema_version?: unknown }).schema_version;
  if (typeof version === 'number' && Number.isInteger(version) && version > STATE_SCHEMA_VERSION) {
    throw new StateVersionError(file, version);
  }
  return typeof version === 'number' ? version : STATE_SCHEMA_VERSION;
}

/** Checks every versioned document present in state_dir before anything else reads it. */
export async function checkStateVersions(stateDir: string, deps: { fs: Fs }): Promise<void> {
  for (const name of VERSIONED_STATE_FILES) {
    let text: string;
    try {
      // Stat'ed first: a FIFO there is never opened; its own reader refuses it next.
      text = await readRegularFile(join(stateDir, name), deps.fs, 'utf8');
    } catch {
      continue;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      continue; // A corrupt file is its owner's problem (kept aside as .corrupt-<time>), not a version question.
    }
    assertKnownSchemaVersion(doc, name);
  }
}
