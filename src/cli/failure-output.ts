/**
 * How a command reports a failure once its arguments parsed: one `clauster <command>: …` line
 * on stderr and, with --json, `{"error":{"code","message"}}` alone on stdout (the HTTP API's
 * error body). Invariant: the message is redacted before it is printed either way, so its
 * words must not take a secret's shape (`password: …`). A refused config is reported
 * by loadCliConfig() in command-config.ts, in the same shape. A usage error (exit 2) is a
 * failure too: reportUsageError(), with --json read from argv (argvAsksJson()).
 */
import { redactText } from '../security/redact.js';
import type { CliIo } from './io.js';

/** Which command is reporting, and whether it was asked for --json. */
export interface CommandOutput {
  command: string;
  json: boolean;
}

/** A failure to report: its code, its message and the exit code it ends the command with. */
export interface CommandFailure {
  code: string;
  message: string;
  exitCode: number;
  /** Appends ` (code)` to the stderr line (refusals from the dashboard's API). */
  showCode?: boolean;
  /** Printed on stderr after the line (a usage error's help text). */
  usage?: string;
}

/** The `--json` error body `{"error":{"code","message"}}` (2-space JSON and a newline). */
export function formatErrorBody(code: string, message: string): string {
  return `${JSON.stringify({ error: { code, message } }, null, 2)}\n`;
}

/** Prints `failure` as every command does and returns its exit code. */
export function reportFailure(out: CommandOutput, failure: CommandFailure, io: CliIo): number {
  const message = redactText(failure.message);
  if (out.json) io.stdout(formatErrorBody(failure.code, message));
  const code = failure.showCode === true ? ` (${failure.code})` : '';
  const usage = failure.usage === undefined ? '' : `\n${failure.usage}`;
  const prefix = out.command === '' ? 'clauster' : `clauster ${out.command}`;
  io.stderr(`${prefix}: ${message}${code}\n${usage}`);
  return failure.exitCode;
}

/**
 * True when `argv` asks for --json: a `--json` word before any `--`. Read from the words, so
 * a usage error found before (or instead of) parsing still answers in JSON.
 */
export function argvAsksJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** A usage error: what was wrong, its code and the help text to show after it. */
export interface UsageError {
  message: string;
  /**
   * `usage` (the default); `missing-argument` for a required argument left out and
   * `invalid-option` for an option value outside its rule, as the bridge commands say.
   */
  code?: string;
  /** The command's help text, printed on stderr after the line. */
  usage?: string;
}

/**
 * Prints a usage error as every failure is printed (the line and the help text on stderr;
 * with --json the error body alone on stdout) and returns 2.
 */
export function reportUsageError(out: CommandOutput, error: UsageError, io: CliIo): number {
  const { message, code = 'usage', usage } = error;
  return reportFailure(
    out,
    { code, message, exitCode: 2, ...(usage === undefined ? {} : { usage }) },
    io,
  );
}
