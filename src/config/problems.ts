/**
 * Config problems: {path, expected, found}, one printed line each. Invariant: the `found`
 * of a secret-bearing key (hashes, secrets, tokens, passwords, claude.env values) is never
 * the value itself; describeFound() says `<redacted>` instead.
 */
import { redactText } from '../security/redact.js';

export interface ConfigProblem {
  /** Dotted key path (`auth.password_hash`), or `(file)` / `(env) NAME` for sources. */
  path: string;
  expected: string;
  found: string;
}

/** A config that must not be used; `problems` holds every reason at once. */
export class ConfigError extends Error {
  readonly code = 'config-invalid' as const;
  readonly problems: readonly ConfigProblem[];
  /** Warnings gathered before the refusal (legacy keys, env), printed alongside it. */
  readonly warnings: readonly string[];

  constructor(
    problems: readonly ConfigProblem[],
    options?: { cause?: unknown; warnings?: readonly string[] },
  ) {
    super(formatProblems(problems), options);
    this.name = 'ConfigError';
    this.problems = problems;
    this.warnings = options?.warnings ?? [];
  }
}

const SECRET_SEGMENT_RE = /(secret|hash|token|password)/i;
const NOT_SECRET_SUFFIX_RE = /_(file|header|required)$/;

/** True for key paths whose values must never be printed. */
export function isSecretPath(path: string): boolean {
  if (path.startsWith('claude.env.') || path === 'claude.env') return true;
  // Webhook URLs often embed a token in the path or query (webhook-rules.ts masks them).
  if (path.startsWith('webhooks.urls')) return true;
  const segments = path.split('.');
  const last = segments[segments.length - 1] ?? '';
  // Lower-case suffix only: env names (`CLAUSTER_…_FILE`) stay on the safe side.
  if (NOT_SECRET_SUFFIX_RE.test(last)) return false;
  return SECRET_SEGMENT_RE.test(last);
}

const MAX_FOUND = 60;

/** Describes a received value for a problem line, never echoing a secret. */
export function describeFound(value: unknown, path: string): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (isSecretPath(path)) {
    return typeof value === 'string' && value.length === 0 ? 'an empty string' : '<redacted>';
  }
  if (typeof value === 'string') {
    const shown = value.length > MAX_FOUND ? `${value.slice(0, MAX_FOUND)}…` : value;
    return `the string ${JSON.stringify(redactText(shown))}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return 'a mapping';
}

/** One line per problem: `<path>: expected <expected>, found <found>`. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems.map(formatProblem).join('\n');
}

/** Formats one problem as a single line. */
export function formatProblem(problem: ConfigProblem): string {
  // `found` is the only part that may carry input; path and expected are ours.
  const line = `${problem.path}: expected ${problem.expected}, found ${redactText(problem.found)}`;
  return line.replace(/[\r\n]+/g, ' ');
}
