/**
 * The one-line reason `clauster mcp` gives for a request the SDK's schema refuses: the first
 * issue's field path and what it needed (`params.name is missing (expected a string)`), in
 * place of the SDK's raw zod issue list. Invariant: no value of the input is shown, and a key
 * is shown only through showTextCut (controls escaped, secrets masked, cut).
 */
import type * as z from 'zod';
import { showTextCut } from '../security/show-text.js';

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;
const MAX_SHOWN_KEY = 40;
const MAX_SHOWN_KEYS = 3;

/** A key as a message shows it: quoted, escaped, masked and cut (`"x\u202e"`, `"ghp_<redacted>"`). */
function showKey(key: string): string {
  return showTextCut(JSON.stringify(key), MAX_SHOWN_KEY);
}

/** Up to three keys as a message shows them (`"a", "b" and 2 more`). */
export function showKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, MAX_SHOWN_KEYS).map(showKey).join(', ');
  const more = keys.length - MAX_SHOWN_KEYS;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

/** `params.arguments`, `params._meta["x y"]`, `params.items[0]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else if (typeof step === 'string' && PLAIN_KEY.test(step)) {
      const shown = showTextCut(step, MAX_SHOWN_KEY);
      text += text === '' ? shown : `.${shown}`;
    } else text += `[${showKey(String(step))}]`;
  }
  return text === '' ? 'the request' : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Object.hasOwn(node, step) ? (node as Record<PropertyKey, unknown>)[step] : undefined;
  }
  return node;
}

function describeType(expected: string): string {
  if (expected === 'record' || expected === 'object') return 'an object';
  if (expected === 'array') return 'an array';
  if (expected === 'int') return 'an integer';
  return `a ${expected}`;
}

/** The reason for the first of `issues` (zod's, from the SDK's schema) on `message`. */
export function describeParamsIssue(issues: readonly z.core.$ZodIssue[], message: unknown): string {
  const issue = issues[0];
  if (issue === undefined) return 'params are not valid';
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(message, issue.path) === undefined
        ? `${path} is missing (expected ${describeType(issue.expected)})`
        : `${path} must be ${describeType(issue.expected)}`;
    case 'unrecognized_keys':
      return `${path} has unknown keys ${showKeys(issue.keys)}`;
    case 'invalid_value':
      return `${path} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      // zod's own words for the rest (too_big, invalid_union, …) name no input value.
      return `${path} is not valid: ${showTextCut(issue.message, 120)}`;
  }
}
