// Bridge pointers for tests: write one where the CLI would (under a temp HOME or
// CLAUDE_CONFIG_DIR), with this test process as a live "outside" bridge or a pid that is dead.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { nodeProcesses } from '../../src/system/node.js';
import { resolvePointerPath } from './fake-claude.js';

/** Above Linux's largest pid_max (2^22), so no process can have it. */
export const DEAD_PID = 4_194_305;

/** This process's start ticks as the CLI writes them into `procStart`. */
export async function readOwnProcStart(): Promise<string> {
  const identity = await nodeProcesses.identity(process.pid);
  if (identity === null) throw new Error('cannot read /proc/self identity');
  return String(identity.startTicks);
}

/** Writes `bridge-pointer.json` for `cwd` (raw text when `content` is a string); returns its path. */
export async function writeBridgePointer(
  home: string,
  cwd: string,
  content: Record<string, unknown> | string,
  configDir?: string,
): Promise<string> {
  const path = resolvePointerPath(home, cwd, configDir);
  await mkdir(dirname(path), { recursive: true });
  const text =
    typeof content === 'string'
      ? content
      : JSON.stringify({
          sessionId: 'session_01Fakexxxxxxxxxxxxxxxxxx',
          environmentId: 'env_01Fakexxxxxxxxxxxxxxxxxx',
          source: 'standalone',
          ...content,
        });
  await writeFile(path, text);
  return path;
}
