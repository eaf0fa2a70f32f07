/** clauster's own version, read from the package root's package.json. */
import { readFileSync } from 'node:fs';
import { resolvePackagePath } from './package-root.js';

let cached: string | undefined;

/** Returns the `version` field of clauster's package.json. */
export function readClausterVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(resolvePackagePath('package.json'), 'utf8')) as {
      version?: unknown;
    };
    cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cached;
}
