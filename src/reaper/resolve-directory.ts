/**
 * Path resolution for containment checks. Invariant: symlinks are resolved for every part of
 * the path that still exists, so a link under projects_root that points elsewhere resolves to
 * where it points; a deleted directory resolves through its deepest existing ancestor.
 */
import { basename, dirname, isAbsolute, join, normalize } from 'node:path';
import { isMissing } from '../fs-errors.js';
import type { Fs } from '../system/ports.js';

/** Resolves an absolute path with realpath, tolerating missing trailing components. */
export async function resolveDirectory(path: string, deps: { fs: Fs }): Promise<string | null> {
  if (!isAbsolute(path) || path.includes('\0')) return null;
  let current = normalize(path);
  const missing: string[] = [];
  for (;;) {
    try {
      return join(await deps.fs.realpath(current), ...missing.reverse());
    } catch (error) {
      if (!isMissing(error)) return null;
      const parent = dirname(current);
      if (parent === current) return null;
      missing.push(basename(current));
      current = parent;
    }
  }
}
