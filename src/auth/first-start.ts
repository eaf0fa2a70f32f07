/**
 * Whether a state_dir looks new: none of the files an earlier `clauster run` leaves there.
 * CLI commands run before the first start (`clauster trust --all` writes audit.jsonl,
 * `clauster api-token issue` tokens.json) do not count, so the usual first run still reads as
 * one. Only the wording of the log line changes with it ("first start" or "was missing"); a
 * missing session.epoch is handled the same either way (epoch.ts).
 */
import { join } from 'node:path';
import type { Fs } from '../system/ports.js';
import { EPOCH_FILE } from './epoch.js';
import { SESSION_SECRET_FILE } from './session-secret.js';

const EARLIER_STATE = [EPOCH_FILE, SESSION_SECRET_FILE, 'bridges.json'];

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
