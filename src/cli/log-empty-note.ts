/**
 * The note `clauster logs` adds when the file it shows is empty but another file of the same
 * log set is not: a bridge that failed at start often wrote only to stderr, and an empty
 * answer would read as "the bridge printed nothing". The note names the files and the exact
 * `--file` option, never their content (that is only printed, redacted, when asked for).
 */
import { type LogStream, resolveVerbatimPath } from '../bridges/log-paths.js';
import type { Fs } from '../system/ports.js';

// stderr first: a bridge that failed at start says why there.
const NOTE_ORDER: readonly LogStream[] = ['stderr', 'stdout', 'debug'];

async function sizeOf(path: string, deps: { fs: Fs }): Promise<number> {
  return deps.fs.stat(path).then(
    (stat) => stat.size,
    () => 0,
  );
}

/** The other streams of the set that hold something, stderr first, with their sizes. */
async function listFilledStreams(
  stateDir: string,
  bridgeId: string,
  options: { shown: LogStream; deps: { fs: Fs } },
): Promise<Array<{ stream: LogStream; bytes: number }>> {
  const others = NOTE_ORDER.filter((s) => s !== options.shown);
  const filled: Array<{ stream: LogStream; bytes: number }> = [];
  for (const stream of others) {
    const path = await resolveVerbatimPath(stateDir, bridgeId, stream, options.deps);
    const bytes = await sizeOf(path, options.deps);
    if (bytes > 0) filled.push({ stream, bytes });
  }
  return filled;
}

/** The note's text (one line, ending in a newline). Pure. */
export function formatEmptyNote(
  bridgeId: string,
  shown: LogStream,
  filled: ReadonlyArray<{ stream: LogStream; bytes: number }>,
): string {
  const files = filled.map((f) => `${f.stream}.log (${f.bytes} bytes)`).join(' and ');
  const verb = filled.length === 1 ? 'is' : 'are';
  const commands = filled.map((f) => `clauster logs ${bridgeId} --file ${f.stream}`).join(' or ');
  return `clauster logs: ${shown}.log of ${bridgeId} is empty, but ${files} ${verb} not; see it with: ${commands}\n`;
}

/**
 * Writes the note on stderr when `path` (the file shown) is empty and another stream of the
 * set is not; nothing otherwise. Never touches stdout, so `--json` output stays valid.
 */
export async function noteEmptyLog(
  target: { stateDir: string; bridgeId: string; shown: LogStream; path: string },
  io: { stderr(text: string): void; deps: { fs: Fs } },
): Promise<void> {
  if ((await sizeOf(target.path, io.deps)) > 0) return;
  const options = { shown: target.shown, deps: io.deps };
  const filled = await listFilledStreams(target.stateDir, target.bridgeId, options);
  if (filled.length === 0) return;
  io.stderr(formatEmptyNote(target.bridgeId, target.shown, filled));
}
