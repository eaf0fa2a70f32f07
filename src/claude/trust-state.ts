/**
 * Workspace trust as `claude remote-control` decides it (claude-cli.md §3.2, clauster.md §3.4).
 * Invariant: this never reports "trusted" where the CLI would refuse — an unreadable, non-object,
 * badly encoded or deeply nested `.claude.json` means nothing is trusted, and a git repository
 * needs a grant at or below its own root (the 2.1.232 rule).
 */
import { dirname, posix } from 'node:path';
import { fail, ok, type Result } from '../result.js';
import type { Env } from '../system/ports.js';
import { skipJsonString } from './json-splice.js';

/** Nesting deeper than this is refused as hostile rather than parsed. */
export const MAX_CONFIG_DEPTH = 64;

export type ClaudeConfig = Record<string, unknown>;
export type ClaudeConfigError = 'claude-config-invalid';

/** Why a directory is trusted or not (the project view's `trust_reason`). */
export const TRUST_REASONS = [
  'sandboxed',
  'granted',
  'ancestor-granted',
  'git-repo-needs-own-grant',
  'not-granted',
  'config-unreadable',
] as const;
export type TrustReason = (typeof TRUST_REASONS)[number];

export interface TrustDecision {
  trusted: boolean;
  reason: TrustReason;
  /** The directory whose grant applied (or the ignored grant above a git root). */
  grantedBy: string | null;
}

export interface TrustContext {
  /** The environment the bridge will run with (CLAUDE_CODE_SANDBOXED). */
  env: Env;
  /** Nearest enclosing git repository root of the directory, or null. */
  gitRoot: string | null;
}

const TRUTHY = new Set(['1', 'true', 'yes', 'on']);

/** True for an object that is neither an array nor null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value at `path` in a parsed `.claude.json`, following own keys of plain objects only
 * (never a prototype's), or undefined when any step is missing or not an object.
 */
export function readAt(config: unknown, path: readonly string[]): unknown {
  let node = config;
  for (const key of path) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * True when the JSON text nests arrays/objects deeper than `limit` (root = 1). One pass over
 * the char codes, string bodies skipped with indexOf; runs before JSON.parse so hostile nesting
 * never reaches the parser. Invalid JSON may get either answer: the parse refuses it anyway.
 */
export function exceedsJsonDepth(text: string, limit: number): boolean {
  let depth = 0;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = skipJsonString(text, i);
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
    i++;
  }
  return false;
}

/** Decodes `.claude.json` bytes as strict UTF-8 (a BOM is kept, so the parse refuses it). */
export function decodeClaudeConfigText(raw: Uint8Array): Result<string, ClaudeConfigError> {
  try {
    return ok(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw));
  } catch {
    return fail('claude-config-invalid', 'expected UTF-8 text, got invalid byte sequences');
  }
}

/** Decodes and parses `.claude.json` defensively; anything but a sane JSON object is refused. */
export function parseClaudeConfig(
  raw: string | Uint8Array,
): Result<ClaudeConfig, ClaudeConfigError> {
  let text: string;
  if (typeof raw === 'string') text = raw;
  else {
    const decoded = decodeClaudeConfigText(raw);
    if (!decoded.ok) return decoded;
    text = decoded.value;
  }
  if (exceedsJsonDepth(text, MAX_CONFIG_DEPTH)) {
    return fail('claude-config-invalid', `expected nesting of at most ${MAX_CONFIG_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('claude-config-invalid', 'expected a JSON object, got text that is not valid JSON');
  }
  if (!isPlainObject(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return fail('claude-config-invalid', `expected a JSON object, got ${got}`);
  }
  return ok(value);
}

/** True when `projects[dir].hasTrustDialogAccepted === true` (own keys only). */
export function hasTrustGrant(config: ClaudeConfig, dir: string): boolean {
  return readAt(config, ['projects', dir, 'hasTrustDialogAccepted']) === true;
}

/** Normalises a directory the way the CLI keys `projects`: absolute, no trailing slash. */
export function normalizeProjectKey(dir: string): string {
  const normalized = posix.normalize(dir.replaceAll('\\', '/'));
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

/** Decides whether the CLI would accept `dir` as a trusted workspace. */
export function decideTrust(
  dir: string,
  config: ClaudeConfig | null,
  context: TrustContext,
): TrustDecision {
  const sandboxed = context.env.CLAUDE_CODE_SANDBOXED;
  if (sandboxed !== undefined && TRUTHY.has(sandboxed.trim().toLowerCase())) {
    return { trusted: true, reason: 'sandboxed', grantedBy: null };
  }
  if (config === null) return { trusted: false, reason: 'config-unreadable', grantedBy: null };
  const start = normalizeProjectKey(dir);
  const stop = context.gitRoot === null ? null : normalizeProjectKey(context.gitRoot);
  let current = start;
  for (;;) {
    if (hasTrustGrant(config, current)) {
      const reason = current === start ? 'granted' : 'ancestor-granted';
      return { trusted: true, reason, grantedBy: current };
    }
    if (current === stop) break;
    const parent = dirname(current);
    if (parent === current) return { trusted: false, reason: 'not-granted', grantedBy: null };
    current = parent;
  }
  // Why: since 2.1.232 a grant above a repository root does not cover the repository.
  let above = dirname(current);
  while (above !== current) {
    if (hasTrustGrant(config, above)) {
      return { trusted: false, reason: 'git-repo-needs-own-grant', grantedBy: above };
    }
    current = above;
    above = dirname(current);
  }
  return { trusted: false, reason: 'not-granted', grantedBy: null };
}
