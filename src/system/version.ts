/** clauster's own version, read from package.json (two levels up from src/ and dist/). */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** Returns the `version` field of clauster's package.json. */
export function readClausterVersion(): string {
  if (cached === undefined) {
    const url = new URL('../../package.json', import.meta.url);
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
    cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cached;
}
