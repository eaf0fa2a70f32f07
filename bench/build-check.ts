/** Benches that run the bundled CLI (dist/) first rebuild it when missing or stale. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Set by bench/run.ts once it ran the check, so each bench does not repeat it. */
export const BUILD_CHECKED_ENV = 'BENCH_BUILD_CHECKED';

/** Runs scripts/build-if-needed.mjs (once per suite); returns what bin/clauster.js will load. */
export function ensureBuild(): 'dist' | 'tsx' {
  if (process.env[BUILD_CHECKED_ENV] === '1')
    return existsSync('dist/cli/main.js') ? 'dist' : 'tsx';
  const result = spawnSync(process.execPath, ['scripts/build-if-needed.mjs'], { encoding: 'utf8' });
  if (result.status !== 0) {
    // A failed build leaves dist/ as it was (built aside, then swapped in): say so, use it.
    const tail = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-3).join(' | ');
    process.stderr.write(
      `bench: build failed (exit ${result.status}), using what dist/ holds: ${tail}\n`,
    );
  }
  return existsSync('dist/cli/main.js') ? 'dist' : 'tsx';
}
