import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp directory owned by one test; call `cleanup()` in `after`/`afterEach`. */
export async function makeTempDir(prefix = 'clauster-test-'): Promise<{
  path: string;
  cleanup(): Promise<void>;
}> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}
