/**
 * The questions of `clauster init` on a terminal: each shows its default in brackets, is
 * checked as soon as it is answered and asked again (at most 3 times) when refused. Prompts
 * go to stderr so `--json` output stays clean; the password is read with echo off.
 */
import {
  type AnswerContext,
  checkHostAnswer,
  checkInstanceNameAnswer,
  checkPortAnswer,
  checkProjectsRootAnswer,
  DEFAULT_INIT_HOST,
  DEFAULT_INIT_PORT,
  defaultProjectsRoot,
} from '../config/init-answers.js';
import { fail, ok, type Result } from '../result.js';
import { readNewPassword } from './hash-password.js';
import type { CliIo } from './io.js';
import type { LineReader } from './prompt.js';

const MAX_ATTEMPTS = 3;

/** Setup stopped: input ended, or an answer was refused too often (`detail` says why). */
export class InitAbortedError extends Error {
  readonly code = 'init-aborted' as const;
  /** 2 when the last refusal was a config error (a network host without a password). */
  constructor(
    detail: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(detail);
  }
}

/** What is known before asking: flag values already checked, `password` from the flags. */
export interface KnownAnswers {
  projectsRoot?: string | null;
  host?: string;
  loopback?: boolean;
  port?: number;
  instanceName?: string | null;
  password?: boolean;
}

export interface GatheredAnswers {
  projectsRoot: string | null;
  host: string;
  /** True when the bind policy treats the host as loopback. */
  loopback: boolean;
  port: number;
  instanceName: string | null;
  /** The new dashboard password, or null for none (never printed). */
  password: string | null;
}

type Check<T> = (input: string) => Result<T> | Promise<Result<T>>;

async function ask<T>(
  session: { reader: LineReader; io: CliIo },
  question: string,
  fallback: string,
  check: Check<T>,
): Promise<T> {
  let detail = '';
  let exitCode: 1 | 2 = 1;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    session.io.stderr(`${question} [${fallback === '' ? 'none' : fallback}]: `);
    const line = await session.reader.next();
    if (line === null) throw new InitAbortedError('input ended before setup was complete');
    const result = await check(line.trim() === '' ? fallback : line);
    if (result.ok) return result.value;
    detail = result.detail;
    // Same exit code as the flag: a network host without a password is a config error.
    exitCode = result.code === 'host-needs-password' ? 2 : 1;
    session.io.stderr(`  ${detail}\n`);
  }
  throw new InitAbortedError(detail, exitCode);
}

// Never repeats what was typed: an operator who runs ahead types the password here.
function parseYesNo(input: string): Result<boolean> {
  const answer = input.trim().toLowerCase();
  if (answer === 'y' || answer === 'yes') return ok(true);
  if (answer === 'n' || answer === 'no') return ok(false);
  return fail('yes-no', 'expected y or n');
}

/** Asks for every answer not in `known`, then reads the password when one is wanted. */
export async function askAnswers(
  known: KnownAnswers,
  context: AnswerContext,
  session: { reader: LineReader; io: CliIo },
): Promise<GatheredAnswers> {
  const { io } = session;
  const fs = { fs: io.deps.fs };
  const suggestedRoot = (await defaultProjectsRoot(context, fs)) ?? '';
  const projectsRoot =
    known.projectsRoot !== undefined
      ? known.projectsRoot
      : await ask(
          session,
          'Projects root (directory whose children are projects)',
          suggestedRoot,
          (input) => (input.trim() === '' ? ok(null) : checkProjectsRootAnswer(input, context, fs)),
        );
  const hostAnswer =
    known.host !== undefined && known.loopback !== undefined
      ? { host: known.host, loopback: known.loopback }
      : await ask(session, 'Host to listen on', DEFAULT_INIT_HOST, (input) =>
          checkHostAnswer(input, { password: known.password }, io.deps),
        );
  const port =
    known.port ??
    (await ask(session, 'Port', String(DEFAULT_INIT_PORT), (input) => checkPortAnswer(input)));
  const instanceName =
    known.instanceName !== undefined
      ? known.instanceName
      : await ask<string | null>(
          session,
          'Instance name (shown in the page header)',
          '',
          (input) => (input.trim() === '' ? ok(null) : checkInstanceNameAnswer(input)),
        );
  let wantPassword = known.password;
  if (wantPassword === undefined && !hostAnswer.loopback) {
    io.stderr(`${hostAnswer.host} is reachable from the network, so a password is required.\n`);
    wantPassword = true;
  }
  wantPassword ??= await ask(session, 'Set a dashboard password? (y/n)', 'n', parseYesNo);
  const password = wantPassword ? await askPassword(session) : null;
  return { ...hostAnswer, projectsRoot, port, instanceName, password };
}

async function askPassword(session: { reader: LineReader; io: CliIo }): Promise<string> {
  let detail = '';
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    session.reader.setHidden(true);
    let answer: string | { error: string };
    try {
      answer = await readNewPassword(session.reader, session.io);
    } finally {
      session.reader.setHidden(false);
    }
    if (typeof answer === 'string') return answer;
    detail = `password: ${answer.error}`;
    session.io.stderr(`  ${detail}\n`);
  }
  throw new InitAbortedError(detail);
}
