/**
 * clauster's package root: the nearest directory above this module whose package.json is
 * clauster's. Files that ship beside the code (package.json, web/dist, bin/clauster.js) are
 * found from there, never by a fixed `../..` from import.meta.url: that depth differs between
 * src/ (tsx), the esbuild bundle in dist/ (entry and split chunks) and an installed copy.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'clauster';

let cached: string | undefined;

function readPackageName(dir: string): unknown {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return pkg.name;
  } catch {
    return undefined; // no package.json here, or not JSON: keep walking up
  }
}

/** Walks up from `start` to the first directory whose package.json is named `name`; null if none. */
export function findPackageRoot(start: string, name = PACKAGE_NAME): string | null {
  let dir = start;
  for (;;) {
    if (readPackageName(dir) === name) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** clauster's package root (looked up once); throws when this module sits outside it. */
export function resolvePackageRoot(): string {
  if (cached === undefined) {
    const start = dirname(fileURLToPath(import.meta.url));
    const found = findPackageRoot(start);
    if (found === null) {
      throw new Error(`no package.json named "${PACKAGE_NAME}" in ${start} or any parent`);
    }
    cached = found;
  }
  return cached;
}

/** A path inside clauster's package root, e.g. `resolvePackagePath('web', 'dist')`. */
export function resolvePackagePath(...segments: string[]): string {
  return join(resolvePackageRoot(), ...segments);
}
