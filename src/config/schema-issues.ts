/**
 * Turns zod issues into config problems: the key path, what the schema expected, and what
 * was found (described, never echoed for secrets). Unknown keys get a "did you mean" hint.
 */
import type * as z from 'zod';
import { type ConfigProblem, describeFound } from './problems.js';
import { listKnownKeys } from './schema-walk.js';
import { suggestNearest } from './suggest.js';

const PATTERN_NAMES: Record<string, string> = {
  '/^[0-9a-f]{64}$/': 'a SHA-256 digest as 64 lowercase hex characters',
  '/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/': 'a project name of [A-Za-z0-9._-], 1-64 characters',
  '/^(\\/[A-Za-z0-9._~-]+)*$/': "'' or a path like /clauster (no trailing slash)",
  '/^https:\\/\\/[^/?#\\s]+$/': 'an https:// base URL without a path',
};

/** Formats a key path: `auth.allowed_origins[0]`, `projects.my-app.autostart`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else text += text === '' ? String(step) : `.${String(step)}`;
  }
  return text === '' ? '(top level)' : text;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[step];
  }
  return node;
}

function describeExpected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'an integer';
      if (issue.expected === 'object') return 'a mapping';
      if (issue.expected === 'array') return 'a list';
      return `a ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string'
        ? 'a non-empty string'
        : `a value >= ${String(issue.minimum)}`;
    case 'too_big':
      return `a value <= ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.pattern
        ? (PATTERN_NAMES[issue.pattern] ?? `a string matching ${issue.pattern}`)
        : `a valid ${issue.format}`;
    case 'invalid_key':
      return 'a valid key';
    default:
      return issue.message;
  }
}

/** One problem per zod issue (one per key for unknown keys). */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown): ConfigProblem[] {
  if (issue.code === 'unrecognized_keys') {
    const known = listKnownKeys(issue.path);
    return issue.keys.map((key) => {
      const hint = suggestNearest(key, known);
      return {
        path: formatKeyPath([...issue.path, key]),
        expected: hint ? `a known key (did you mean \`${hint}\`?)` : 'a known key',
        found: 'an unknown key',
      };
    });
  }
  const path = formatKeyPath(issue.path);
  if (issue.code === 'invalid_key') {
    const key = String(issue.path[issue.path.length - 1]);
    return [
      {
        path,
        expected: describeExpected(issue.issues[0] ?? issue),
        found: `the key ${JSON.stringify(key)}`,
      },
    ];
  }
  return [
    {
      path,
      expected: describeExpected(issue),
      found: describeFound(valueAt(raw, issue.path), path),
    },
  ];
}
