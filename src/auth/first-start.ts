/**
 * Whether a state_dir looks new: none of the files an earlier `clauster run` or CLI command
 * leaves there. Only the wording of the log line changes with it ("first start" or "was
 * missing"); a missing session.epoch is handled the same either way (epoch.ts).
 */
import { join } from 'node:path';
import { AUDIT_FILE } from '../state/audit.js';
import type { Fs } from '../system/ports.js';
import { EPOCH_FILE } from './epoch.js';
import { SESSION_SECRET_FILE } from './session-secret.js';
import { TOKENS_FILE } from './token-store.js';

const EARLIER_STATE = [EPOCH_FILE, SESSION_SECRET_FILE, 'bridges.json', TOKENS_FILE, AUDIT_FILE];

/** True when no earlier-state file exists (anything but "not there", e.g. EACCES, counts). */
export async function isNewStateDir(stateDir: string, deps: { fs: Fs }): Promise<boolean> {
  for (const name of EARLIER_STATE) {
    try {
      await deps.fs.lstat(join(stateDir, name));
      return false;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    }
  }
  return true;
}
