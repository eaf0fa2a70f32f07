/**
 * Pre-acknowledges Remote Control before a spawn (`claude.auto_enable_remote_control`), so the
 * "Enable Remote Control? (y/n)" prompt never ends a bridge whose stdin is /dev/null. Cheap
 * when already done: once both flags were read as set, a later start costs one stat while
 * `.claude.json` is unchanged (same device, inode, size, mtime and ctime); a changed file is
 * read again, and only a missing flag goes through the locked trust writer.
 */
import { readClaudeConfig, TrustFileError, type TrustWriter } from '../claude/trust-file.js';
import { fail, ok, type Result } from '../result.js';
import type { Fs } from '../system/ports.js';

export interface RemoteControlConsent {
  /** Makes sure both flags are set (a no-op when the option is off). */
  ensure(): Promise<Result<null, 'claude-config-invalid'>>;
}

async function readSignature(path: string, deps: { fs: Fs }): Promise<string | null> {
  try {
    const s = await deps.fs.stat(path);
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch {
    return null;
  }
}

async function hasBothFlags(path: string, deps: { fs: Fs }): Promise<boolean> {
  const state = await readClaudeConfig(path, deps);
  return (
    state.kind === 'ok' &&
    state.config.hasUsedRemoteControl === true &&
    state.config.remoteDialogSeen === true
  );
}

/** Creates the check for the file the trust writer manages. */
export function createRemoteControlConsent(
  enabled: boolean,
  deps: { fs: Fs; trust: TrustWriter },
): RemoteControlConsent {
  /** The file's signature when both flags were last read as set. */
  let confirmed: string | null = null;
  return {
    async ensure() {
      if (!enabled) return ok(null);
      const path = deps.trust.path;
      try {
        // Signature first: a change after it makes the next start read the file again.
        const signature = await readSignature(path, deps);
        if (signature !== null && signature === confirmed) return ok(null);
        if (signature !== null && (await hasBothFlags(path, deps))) {
          confirmed = signature;
          return ok(null);
        }
        confirmed = null;
        await deps.trust.setRemoteControlAcknowledged();
        return ok(null);
      } catch (error) {
        if (error instanceof TrustFileError) return fail('claude-config-invalid', error.message);
        throw error;
      }
    },
  };
}
