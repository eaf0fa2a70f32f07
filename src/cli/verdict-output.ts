/** How `run` and `check-config` print a config verdict (the same lines for both). */

import { formatProblem } from '../config/problems.js';
import type { ConfigVerdict } from '../config/verdict.js';
import { redactText } from '../security/redact.js';
import type { CliIo } from './io.js';

function describeSource(source: string | null): string {
  return source ?? 'no config file (defaults)';
}

function describeRefusal(verdict: Extract<ConfigVerdict, { ok: false }>): string {
  const count = verdict.problems.length;
  return `config refused (${count} problem${count === 1 ? '' : 's'}) from ${describeSource(verdict.source)}`;
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
  io.stderr(`${prefix}: ${describeRefusal(verdict)}\n`);
}

/** The `{error:{code, message}}` a --json command prints for a refused config. */
export function toRefusalJson(verdict: Extract<ConfigVerdict, { ok: false }>): {
  error: { code: string; message: string };
} {
  const problems = verdict.problems.map((problem) => formatProblem(problem));
  const message = `${describeRefusal(verdict)}: ${problems.join('; ')}`;
  return { error: { code: 'config-invalid', message: redactText(message) } };
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
