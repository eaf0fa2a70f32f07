// A `claude remote-control` started outside clauster, as an operator would in a terminal: the
// fake claude with a temp HOME, in its own process group, or under a shell that leads the
// group (as a script or pipeline does), or leading a group with another member. Waits for its
// bridge pointer; `after` kills the group.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after } from 'node:test';
import { nodeProcesses } from '../../src/system/node.js';
import { FAKE_CLAUDE_PATH, readPointer, waitFor } from './fake-claude.js';
import { buildFakeClaudeEnv, FAST_FAKE_CLAUDE_KNOBS } from './fake-claude-process.js';

export interface OutsideBridge {
  /** The fake claude's pid: the writer of the bridge pointer. */
  pid: number;
  /** The process group leader's pid: `pid` itself, or the shell's. */
  leaderPid: number;
  /** The environment id its pointer names. */
  environmentId: string;
  /** With `groupMember`: the pid of the other process in the bridge's group. */
  memberPid: number | null;
}

export interface OutsideBridgeOptions {
  home: string;
  cwd: string;
  /** Arguments after the binary, e.g. ['remote-control', '--name', 'x']. */
  args: string[];
  /** Run it under `sh -c '…; sleep 30'`, so the shell leads the process group. */
  underShell?: boolean;
  /** Lead its own group with another member (`sleep 30 &`, then exec), as a script may. */
  groupMember?: boolean;
}

/** Registers an `after` hook that SIGKILLs every launched group; returns the launcher. */
export function useOutsideBridges(): (options: OutsideBridgeOptions) => Promise<OutsideBridge> {
  const launched: ChildProcess[] = [];
  after(() => {
    for (const child of launched) {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
  return async (options) => {
    const memberFile = join(options.home, `group-member-${launched.length}.pid`);
    const shell = (script: string) => [
      '/bin/sh',
      ['-c', script, process.execPath, FAKE_CLAUDE_PATH],
    ];
    const command = options.underShell
      ? shell('"$0" "$@"; sleep 30')
      : options.groupMember
        ? shell(`sleep 30 & echo $! > '${memberFile}'; exec "$0" "$@"`)
        : [process.execPath, [FAKE_CLAUDE_PATH]];
    const [file, prefix] = command as [string, string[]];
    const child = spawn(file, [...prefix, ...options.args], {
      cwd: options.cwd,
      env: buildFakeClaudeEnv(options.home, FAST_FAKE_CLAUDE_KNOBS),
      stdio: 'ignore',
      detached: true,
    });
    launched.push(child);
    if (child.pid === undefined) throw new Error('startOutsideBridge: spawn failed');
    const leaderPid = child.pid;
    // A pointer left by an earlier (now dead) fake does not count: its writer must run now.
    const pointer = await waitFor(async () => {
      const read = await readPointer(options.home, options.cwd);
      if (read === null) return null;
      const identity = await nodeProcesses.identity(read.pid);
      return identity?.cmdline.includes(FAKE_CLAUDE_PATH) ? read : null;
    }, 15_000);
    const memberPid = options.groupMember ? Number(await readFile(memberFile, 'utf8')) : null;
    return { pid: pointer.pid, leaderPid, environmentId: pointer.environmentId, memberPid };
  };
}
