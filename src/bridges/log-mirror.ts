/**
 * The redacted public copy of a private raw log (logs.redact_session_url: true): the bridge
 * writes `<stream>.raw.log` (0600) and this keeps `<stream>.log` equal to its framed,
 * redacted lines. Invariants: only redacted text is ever written to the public file (0600);
 * the public file is rebuilt from scratch on the first sync and whenever the raw file was
 * truncated or replaced, so it never mixes two generations; a partial last line waits for
 * its terminator unless the sync is final.
 */

import { redactText } from '../security/redact.js';
import type { Fs } from '../system/ports.js';
import { createLineFramer, type LineFramer } from './line-framer.js';
import { readChunks } from './log-follow.js';

export interface LogMirror {
  /** Copies what the raw file gained since the last sync; `final` also flushes a partial line. */
  sync(final?: boolean): Promise<void>;
}

/** Mirrors `rawPath` into `publicPath`. */
export function createLogMirror(rawPath: string, publicPath: string, deps: { fs: Fs }): LogMirror {
  let inode = -1;
  let offset = 0;
  let framer: LineFramer = createLineFramer();
  let started = false;

  async function write(lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    const text = `${lines.map(redactText).join('\n')}\n`;
    await deps.fs.appendFile(publicPath, text, { mode: 0o600 });
  }

  return {
    async sync(final = false) {
      let stat: { ino: number; size: number };
      try {
        stat = await deps.fs.stat(rawPath);
      } catch {
        return; // no raw file (yet): nothing to mirror
      }
      if (!started || stat.ino !== inode || stat.size < offset) {
        await deps.fs.writeFile(publicPath, '', { mode: 0o600 });
        await deps.fs.chmod(publicPath, 0o600);
        inode = stat.ino;
        offset = 0;
        framer = createLineFramer();
        started = true;
      }
      offset = await readChunks(
        rawPath,
        { from: offset, to: stat.size, onChunk: (bytes) => write(framer.push(bytes)) },
        deps,
      );
      if (final) await write(framer.end());
    },
  };
}
