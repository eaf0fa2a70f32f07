/**
 * `clauster hash-password`: print an argon2id hash (m=65536, t=3, p=1) for
 * auth.password_hash. Prompts twice without echo on a TTY; otherwise reads one line of stdin.
 */
import {
  createPasswordService,
  isPasswordLengthAcceptable,
  MAX_PASSWORD_BYTES,
} from '../auth/password.js';
import { JSON_OPTIONS, parseCommandArgs } from './args.js';
import { reportFailure } from './failure-output.js';
import type { CliIo } from './io.js';
import { createLineReader, type LineReader, PromptAbortedError } from './prompt.js';

const USAGE = `Usage: clauster hash-password [--json]

Print an argon2id hash for auth.password_hash. On a terminal the password is asked twice
(not echoed); otherwise one line is read from stdin, e.g.
  printf '%s\\n' "$PASSWORD" | clauster hash-password

Options:
  --json    Print {"password_hash": "..."}; a failure prints {"error":{"code","message"}}
  -h, --help
`;

/**
 * Reads a new password from `reader`: asked twice on a TTY (prompts on stderr, the reader
 * should be hidden), one line otherwise. Never echoes or prints the password. Refuses one
 * over MAX_PASSWORD_BYTES before anything hashes it (`error` follows "password: ").
 */
export async function readNewPassword(
  reader: LineReader,
  io: CliIo,
): Promise<string | { error: string }> {
  if (io.isTTY) io.stderr('Password: ');
  const first = await reader.next();
  if (io.isTTY) io.stderr('\n');
  if (first === null || first === '') return { error: 'expected a password, got empty input' };
  if (!isPasswordLengthAcceptable(first)) return { error: `at most ${MAX_PASSWORD_BYTES} bytes` };
  if (!io.isTTY) return first;
  io.stderr('Repeat password: ');
  const second = await reader.next();
  io.stderr('\n');
  return second === first ? first : { error: 'the two passwords differ' };
}

async function readPassword(io: CliIo): Promise<string | { error: string }> {
  const reader = createLineReader(io.stdin, { hidden: io.isTTY });
  try {
    return await readNewPassword(reader, io);
  } finally {
    reader.close();
  }
}

/** Reads a password and prints its hash; exit 1 when input is empty, differs or aborted. */
export async function runHashPassword(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { spec: JSON_OPTIONS, usage: USAGE }, io);
  if (typeof parsed === 'number') return parsed;
  let password: string | { error: string };
  try {
    password = await readPassword(io);
  } catch (error) {
    if (error instanceof PromptAbortedError) return 1;
    throw error;
  }
  const json = parsed.values.json === true;
  if (typeof password !== 'string') {
    // Not `password: <error>`: the redactor would mask that shape as a secret.
    const message = `password refused: ${password.error}`;
    const failure = { code: 'invalid-password', message, exitCode: 1 };
    return reportFailure({ command: 'hash-password', json }, failure, io);
  }
  const hash = await createPasswordService().hash(password);
  io.stdout(json ? `${JSON.stringify({ password_hash: hash })}\n` : `${hash}\n`);
  if (!json && io.isTTY) io.stderr('Put this value in auth.password_hash.\n');
  return 0;
}
