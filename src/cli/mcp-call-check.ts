/**
 * The tool-level check of a `tools/call` request, made before the MCP SDK sees it (the guard
 * in mcp-guard.ts calls it): an unknown tool name, and arguments the tool's strict schema
 * refuses, are refused here in clauster's words. Why: the SDK's own answers echo the tool
 * name and every unknown argument key raw (no masking, no control escaping, no cap: 50,000
 * unknown keys made a 589 KB answer). Invariants: a call that passes here passes the SDK's
 * input validation too (the same schema, on the same `arguments ?? {}`); a name or key is
 * shown only quoted, escaped, masked and cut, and at most three keys are named.
 */
import type * as z from 'zod';
import { showTextCut } from '../security/show-text.js';
import { describeParamsIssue } from './mcp-params-issue.js';

/** The input schema of each tool offered, by tool name. */
export type ToolSchemas = ReadonlyMap<string, z.ZodType>;

const MAX_SHOWN_NAME = 80;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Why `params` (of a `tools/call` request) is refused, or null when it names an offered tool
 * with arguments its schema takes. Params that are not even a call's (`name` not a string,
 * `arguments` not an object) are left to the SDK's request schema: null.
 */
export function checkToolCall(params: unknown, tools: ToolSchemas): string | null {
  if (!isPlainObject(params) || typeof params.name !== 'string') return null;
  const given = params.arguments ?? {};
  if (!isPlainObject(given)) return null;
  // The SDK's request schema (a zod record) drops a `__proto__` key before the tool's strict
  // check sees the arguments; so does this check, or it would refuse what the SDK takes.
  const args = Object.fromEntries(Object.entries(given).filter(([key]) => key !== '__proto__'));
  const schema = tools.get(params.name);
  if (schema === undefined) {
    const shown = showTextCut(JSON.stringify(params.name), MAX_SHOWN_NAME);
    return `unknown tool ${shown}; the tools offered are ${[...tools.keys()].sort().join(', ')}`;
  }
  const parsed = schema.safeParse(args);
  if (parsed.success) return null;
  const issues = parsed.error.issues.map((issue) => ({
    ...issue,
    path: ['arguments', ...issue.path],
  }));
  const detail = describeParamsIssue(issues, { arguments: args });
  return `invalid arguments for ${params.name}: ${detail}`;
}
