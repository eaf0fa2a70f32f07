// A throw-away world for running the fake `claude`: temp HOME (logged in, consent given),
// a trusted project directory, a fake server-state file and fast timing knobs.
import { realpathSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after } from 'node:test';
import { type ClaudeHomeOptions, prepareClaudeHome } from './fake-claude.js';
import {
  buildFakeClaudeEnv,
  FAST_FAKE_CLAUDE_KNOBS,
  killFakeClaudes,
} from './fake-claude-process.js';
import { makeTempDir } from './temp.js';

/** The benches' name for FAST_FAKE_CLAUDE_KNOBS (the same object, not a second set). */

export interface FakeClaudeSandbox {
  /** Real path of the temp root (holds home/, project/, logs/, server-state.json). */
  root: string;
  home: string;
  project: string;
  logs: string;
  serverState: string;
  /** Env for the fake: fast knobs + FAKE_CLAUDE_SERVER_STATE + `extra` (which wins). */
  env(extra?: Record<string, string>): Record<string, string>;
  cleanup(): Promise<void>;
}

/** Knobs that take the fake straight to registration, where crash mode (a) fails. */
export const REACH_REGISTRATION: Readonly<Record<string, string>> = {
  FAKE_CLAUDE_CRASH: 'a',
  FAKE_CLAUDE_REGISTER_DELAY_MS: '0',
};
/** The stderr of crash mode (a): seeing it proves every earlier gate passed. */
export const PASSED_GATES = 'Error: getaddrinfo ENOTFOUND api.anthropic.com\n';

/** Registers an `after` hook that kills every fake still running and removes every sandbox the
 * returned function made. */
export function useFakeClaudeSandboxes(): (home?: ClaudeHomeOptions) => Promise<FakeClaudeSandbox> {
  const boxes: FakeClaudeSandbox[] = [];
  after(async () => {
    await killFakeClaudes();
    await Promise.all(boxes.map((box) => box.cleanup()));
  });
  return async (home) => {
    const box = await createFakeClaudeSandbox(home);
    boxes.push(box);
    return box;
  };
}

/** Creates the sandbox; by default the project is trusted and the home is logged in. */
export async function createFakeClaudeSandbox(
  home: ClaudeHomeOptions = {},
): Promise<FakeClaudeSandbox> {
  const temp = await makeTempDir('fake-claude-');
  const root = realpathSync(temp.path);
  const paths = {
    home: join(root, 'home'),
    project: join(root, 'project'),
    logs: join(root, 'logs'),
  };
  await Promise.all(Object.values(paths).map((dir) => mkdir(dir, { recursive: true })));
  await prepareClaudeHome(paths.home, { trusted: [paths.project], ...home });
  const serverState = join(root, 'server-state.json');
  return {
    root,
    ...paths,
    serverState,
    env: (extra = {}) =>
      buildFakeClaudeEnv(paths.home, {
        ...FAST_FAKE_CLAUDE_KNOBS,
        FAKE_CLAUDE_SERVER_STATE: serverState,
        ...extra,
      }),
    cleanup: temp.cleanup,
  };
}
