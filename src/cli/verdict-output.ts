/** How `run` and `check-config` print a config verdict (the same lines for both). */

import { type ConfigProblem, formatProblem } from '../config/problems.js';
import type { ConfigVerdict } from '../config/verdict.js';
import { redactText } from '../security/redact.js';
import type { CliIo } from './io.js';

function describeSource(source: string | null): string {
  return source ?? 'no config file (defaults)';
}

// `config refused (N problems)`, and ` from SOURCE` when the caller knows where it came from.
function describeRefusal(count: number, source?: string | null): string {
  const from = source === undefined ? '' : ` from ${redactText(describeSource(source))}`;
  return `config refused (${count} problem${count === 1 ? '' : 's'})${from}`;
}

/**
 * The message of the `config-invalid` error body every --json command prints for a refused
 * config: `config refused (N problems)[ from SOURCE]: <problem>; <problem>`. Not redacted as a
 * whole (the redactor would mask our own words, `password_hash: expected …`): formatProblem()
 * redacts what came from the input, and the source is redacted here.
 */
export function describeConfigRefusal(
  problems: readonly ConfigProblem[],
  source?: string | null,
): string {
  const lines = problems.map((problem) => formatProblem(problem));
  return `${describeRefusal(problems.length, source)}: ${lines.join('; ')}`;
}

/**
 * Prints warnings, and for a refusal one `refused:` line per problem plus a summary that
 * starts `clauster <command>: ` (just `clauster: ` when no command is given).
 */
export function printVerdict(verdict: ConfigVerdict, io: CliIo, command?: string): void {
  for (const warning of verdict.warnings) io.stderr(`warning: ${redactText(warning)}\n`);
  if (verdict.ok) return;
  for (const problem of verdict.problems) io.stderr(`refused: ${formatProblem(problem)}\n`);
  const prefix = command === undefined ? 'clauster' : `clauster ${command}`;
  io.stderr(`${prefix}: ${describeRefusal(verdict.problems.length, verdict.source)}\n`);
}

/** The machine-readable verdict of `check-config --json`. */
export function toVerdictJson(verdict: ConfigVerdict): Record<string, unknown> {
  const warnings = verdict.warnings.map(redactText);
  if (!verdict.ok) {
    const problems = verdict.problems.map((p) => ({
      path: p.path,
      expected: p.expected,
      found: redactText(p.found),
    }));
    return { ok: false, source: verdict.source, problems, warnings };
  }
  const { bind } = verdict;
  return {
    ok: true,
    source: verdict.source,
    problems: [],
    warnings,
    bind: {
      host: bind.host,
      loopback: bind.loopback,
      addresses: bind.addresses,
      credentials: bind.credentials,
      opted_out: bind.optedOut,
    },
  };
}

/** A one-line summary of an accepted config. */
export function describeAccepted(verdict: Extract<ConfigVerdict, { ok: true }>): string {
  const { bind, config } = verdict;
  const kind = bind.loopback ? 'loopback' : 'network';
  return `config ok: ${describeSource(verdict.source)}; ${kind} bind ${bind.addresses.join(', ')} port ${config.port}`;
}
