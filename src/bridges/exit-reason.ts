/**
 * Why a bridge ended or never became ready, in the CLI's own words (design §4): the last
 * `Error: …` line of stderr, else its headline, else the error the status block showed on
 * stdout, else the debug log's fatal error, else the exit code or signal. Pure. Invariant: a
 * stored reason is redacted BEFORE it is capped, so a secret that straddles the cap is still
 * long enough to be masked (describeCrash()).
 */
import { redactText } from '../security/redact.js';
import { stripTerminalEscapes } from './url.js';

export interface ExitFacts {
  exitCode: number | null;
  signal: string | null;
}

export interface ReasonSources {
  stderr: string;
  stdout: string;
  debugFatal: string | null;
}

const MAX_REASON = 500;
const TIMESTAMP_RE = /^\[\d{2}:\d{2}:\d{2}\]\s*/;
const ERROR_RE = /\bError: .+/;
const CONSENT_PROMPT = 'Enable Remote Control? (y/n)';

function visibleLines(text: string): string[] {
  return stripTerminalEscapes(text)
    .split('\n')
    .map((line) => line.replace(TIMESTAMP_RE, '').trim())
    .filter((line) => line.length > 0);
}

function lastErrorLine(lines: readonly string[]): string | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = ERROR_RE.exec(lines[i] as string);
    if (match) return match[0];
  }
  return null;
}

/** Drops the `[debug] Remote Control auth state:` dump and the usage hint. */
function headline(lines: readonly string[]): string | null {
  for (const line of lines) {
    if (line.startsWith('[debug]')) return null;
    if (line.startsWith("Run 'claude")) continue;
    return line;
  }
  return null;
}

function cap(text: string): string {
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
}

/** The CLI's own error line from its output (raw, uncapped), or null when it printed none. */
export function findCliErrorLine(sources: ReasonSources): string | null {
  const stderr = visibleLines(sources.stderr);
  const stdout = visibleLines(sources.stdout);
  const line =
    lastErrorLine(stderr) ?? headline(stderr) ?? lastErrorLine(stdout) ?? sources.debugFatal;
  if (line !== null) return line;
  if (stdout.some((l) => l.includes(CONSENT_PROMPT))) {
    return 'stopped at the "Enable Remote Control? (y/n)" prompt: set claude.auto_enable_remote_control: true or run `claude remote-control` once in a terminal';
  }
  return null;
}

/**
 * The reason stored for a crash: the CLI's error line, else `fallback`, else the exit;
 * redacted, then capped.
 */
export function describeCrash(
  sources: ReasonSources,
  exit: ExitFacts | null,
  fallback?: string,
): string {
  return cap(redactText(findCliErrorLine(sources) ?? fallback ?? describeExit(exit)));
}

/** Describes an exit without output: exit code or signal. */
export function describeExit(exit: ExitFacts | null): string {
  if (exit === null)
    return 'ended with an unknown exit status (not a child of this dashboard process)';
  if (exit.signal !== null) return `killed by signal ${exit.signal}`;
  return `exited with code ${exit.exitCode ?? 'unknown'}`;
}

/** The exit code named by a describeExit() reason, or null (a CLI error line names none). */
export function readExitCode(reason: string | null): number | null {
  const match = reason === null ? null : /^exited with code (\d{1,3})$/.exec(reason);
  return match === null ? null : Number(match[1]);
}
