// Builds web/dist (scripts/build-web.mjs) when it is missing or older than its sources, so
// the UI route and browser tests work straight after `npm ci` — CI runs no build first.
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The directory the server serves the dashboard from. */
export const WEB_DIST = join(ROOT, 'web', 'dist');
const SOURCES = [
  join(ROOT, 'web', 'src'),
  join(ROOT, 'web', 'static'),
  join(ROOT, 'scripts', 'build-web.mjs'),
];

// The newest source under `path`. A .js file is left out: web/src holds none of its own, and
// in the test mirror (scripts/test-mirror.mjs) the .js beside each .ts is compiled output,
// always newer than the build, which would rebuild web/dist on every run.
async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return path.endsWith('.js') ? 0 : info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(path))
    newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

let pending: Promise<string> | null = null;

/** Ensures web/dist is built from the current sources; returns its path. */
export function ensureWebBuild(): Promise<string> {
  pending ??= (async () => {
    const built = await stat(join(WEB_DIST, 'manifest.json')).then(
      (info) => info.mtimeMs,
      () => 0,
    );
    let newest = 0;
    for (const source of SOURCES) newest = Math.max(newest, await newestMtime(source));
    if (built === 0 || built < newest) {
      await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs')], {
        cwd: ROOT,
        timeout: 120_000,
      });
    }
    return WEB_DIST;
  })();
  return pending;
}
