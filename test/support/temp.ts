import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach } from 'node:test';

/** A fresh temp directory owned by one test; call `cleanup()` in `after`/`afterEach`. */
export async function makeTempDir(prefix = 'clauster-test-'): Promise<{
  path: string;
  cleanup(): Promise<void>;
}> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/** The temp directory of the running test (or suite); `path` is readable inside hooks and tests. */
export interface TempDir {
  readonly path: string;
}

/** Gives each test of the enclosing suite (or file) its own temp dir: made beforeEach, removed afterEach. */
export function useTempDir(prefix?: string): TempDir {
  return registerTempDir(beforeEach, afterEach, prefix);
}

/** One temp dir shared by the tests of the enclosing suite: made before, removed after. Call it
 * inside a describe(): at the top level of a file, Node 20 starts the next `before` hook
 * without waiting for this one. */
export function useSuiteTempDir(prefix?: string): TempDir {
  return registerTempDir(before, after, prefix);
}

function registerTempDir(
  setUp: (fn: () => Promise<void>) => void,
  tearDown: (fn: () => Promise<void>) => void,
  prefix: string | undefined,
): TempDir {
  let current: { path: string; cleanup(): Promise<void> } | null = null;
  setUp(async () => {
    current = await makeTempDir(prefix);
  });
  tearDown(async () => {
    await current?.cleanup();
    current = null;
  });
  return {
    get path(): string {
      if (current === null) throw new Error('useTempDir(): read `path` inside a hook or test');
      return current.path;
    },
  };
}
