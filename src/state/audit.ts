/** Append-only audit trail: one JSON line per state transition in state_dir/audit.jsonl. */
import { join } from 'node:path';
import type { Clock, Fs } from '../system/ports.js';

export interface AuditEntry {
  action: string;
  [key: string]: unknown;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
}

/** Creates an audit log under `stateDir`; appends are serialised so lines never interleave. */
export function createAuditLog(stateDir: string, deps: { fs: Fs; clock: Clock }): AuditLog {
  const path = join(stateDir, 'audit.jsonl');
  let chain: Promise<void> = Promise.resolve();
  return {
    append(entry) {
      const line = `${JSON.stringify({ ts: new Date(deps.clock.now()).toISOString(), ...entry })}\n`;
      chain = chain.then(() => deps.fs.appendFile(path, line, { mode: 0o600 })).catch(() => {});
      return chain;
    },
  };
}
