import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Deps, Fetch } from '../../src/system/ports.js';
import { createTestIo, type TestIoOptions } from './cli-io.js';

/** Runs `main(argv)` in-process over a fresh TestIo and returns its exit code and output. */
export async function runMain(
  argv: string[],
  options: TestIoOptions,
): Promise<{ code: number; out: string; err: string }> {
  const t = createTestIo(options);
  const code = await main(argv, t.io);
  return { code, out: t.stdout(), err: t.stderr() };
}

/**
 * Runs a dashboard command (`argv`, e.g. with `--url`) with a config file in `dir` (state
 * under it) and `fetch` standing in for the dashboard; `deps` replace further ports (a clock).
 */
export async function runAgainstFakeDashboard(
  dir: string,
  argv: string[],
  fetch: Fetch,
  deps: Partial<Deps> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const configPath = join(dir, 'clauster.yml');
  await writeFile(configPath, `state_dir: ${join(dir, 'state')}\n`);
  const options = { home: dir, env: { CLAUSTER_CONFIG: configPath }, deps: { ...deps, fetch } };
  const { code, out, err } = await runMain(argv, options);
  return { code, stdout: out, stderr: err };
}
