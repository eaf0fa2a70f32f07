/**
 * How a command reports a failure once its arguments parsed: one `clauster <command>: …` line
 * on stderr and, with --json, `{"error":{"code","message"}}` alone on stdout (the HTTP API's
 * error body). Invariant: the message is redacted before it is printed either way, so its
 * words must not take a secret's shape (`password: …`). A refused config is reported
 * by loadCliConfig() in command-config.ts, in the same shape.
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
  io.stderr(`clauster ${out.command}: ${message}${code}\n${usage}`);
  return failure.exitCode;
}
