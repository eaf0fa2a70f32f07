// A scripted Spawn port for `claude auth status` probes: each call gets the next answer from a
// function (stdout + exit code, a hang that ignores every kill, or a spawn error), and the
// calls, their arguments and whether their abort signal fired are recorded.
import type { ChildHandle, ExitResult, Spawn, SpawnOptions } from '../../src/system/ports.js';

export type AuthAnswer =
  | { stdout: string; exitCode: number; delayMs?: number }
  | { hang: true }
  | { spawnError: string }
  | { throws: true };

export interface AuthCall {
  file: string;
  args: readonly string[];
  env: Record<string, string> | undefined;
  aborted(): boolean;
}

export interface FakeAuthSpawn {
  spawn: Spawn;
  calls: AuthCall[];
}

/** JSON like the real `claude auth status` prints, with personal fields a probe must drop. */
export function authStatusJson(loggedIn: boolean, extra: Record<string, unknown> = {}): string {
  const base = loggedIn
    ? {
        loggedIn: true,
        authMethod: 'claude.ai',
        apiProvider: 'firstParty',
        email: 'operator@example.invalid',
        orgName: 'Fake Org',
      }
    : { loggedIn: false, authMethod: 'none', apiProvider: 'firstParty' };
  return `${JSON.stringify({ ...base, ...extra }, null, 2)}\n`;
}

async function* chunks(text: string): AsyncIterable<string> {
  if (text) yield text;
}

function settleAfter(ms: number, result: ExitResult): Promise<ExitResult> {
  return new Promise((resolve) => setTimeout(() => resolve(result), ms));
}

/** A Spawn whose every call answers `next(callIndex)`. */
export function createFakeAuthSpawn(next: (index: number) => AuthAnswer): FakeAuthSpawn {
  const calls: AuthCall[] = [];
  const spawn: Spawn = (file, args, options: SpawnOptions = {}) => {
    const answer = next(calls.length);
    calls.push({
      file,
      args: [...args],
      env: options.env,
      aborted: () => options.signal?.aborted === true,
    });
    if ('throws' in answer) throw new Error('spawn port exploded');
    const child: ChildHandle = { pid: 4242, kill: () => true, exited: new Promise(() => {}) };
    if ('hang' in answer) return child;
    if ('spawnError' in answer) {
      const spawnError = { code: answer.spawnError, message: `spawn ${answer.spawnError}` };
      return { ...child, exited: Promise.resolve({ exitCode: null, signal: null, spawnError }) };
    }
    const result = { exitCode: answer.exitCode, signal: null };
    return {
      ...child,
      stdout: chunks(answer.stdout),
      exited: settleAfter(answer.delayMs ?? 0, result),
    };
  };
  return { spawn, calls };
}
