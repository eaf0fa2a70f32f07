import { main } from '../../src/cli/main.js';
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
