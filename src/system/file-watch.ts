/**
 * The real file watcher for the log tailer (src/bridges/log-tail.ts WatchPath): fs.watch on
 * the file itself. Events may be spurious or missed; the tailer also polls.
 */
import { watch } from 'node:fs';

/** Watches `path`; throws when it does not exist. Errors after start are ignored. */
export function watchPath(path: string, onChange: () => void): { close(): void } {
  const watcher = watch(path, { persistent: false }, () => onChange());
  watcher.on('error', () => watcher.close());
  return { close: () => watcher.close() };
}
