/** Shared request helpers of the projects and bridges routes (body, id, service access). */
import type { Context } from 'hono';
import type { Supervisor } from '../../bridges/supervisor.js';
import type { TrustWriter } from '../../claude/trust-file.js';
import { suggestNearest } from '../../config/suggest.js';
import { showTextCut } from '../../security/show-text.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';

/** Codes of the bridge services whose status is not in the shared table. */
const EXTRA_STATUS: Readonly<Record<string, number>> = {
  'invalid-project-name': 404,
  'path-escape': 404,
  'projects-root-unavailable': 409,
  'binary-not-found': 424,
  'spawn-failed': 424,
  // 4xx like spawn-failed: the operator needs the message (state_dir and the errno)
  'registry-write-failed': 424,
  'claude-config-invalid': 409,
  'supervisor-closed': 503,
  'still-launching': 409,
  'nothing-to-stop': 409,
};

/** Turns a refusal of a bridge service into the HTTP error of its code. */
export function toHttpError(code: string, detail: string): HttpError {
  // Name and containment failures answer like an unknown project (nothing to probe).
  const shown =
    code === 'invalid-project-name' || code === 'path-escape' ? 'unknown-project' : code;
  const status = EXTRA_STATUS[code];
  return new HttpError(shown, detail, status === undefined ? {} : { status });
}

/** The JSON object body, `{}` for an empty body. */
export async function readOptionalObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError('invalid-json', 'body: expected JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError('bad-request', 'body: expected a JSON object');
  }
  return body as Record<string, unknown>;
}

/** The supervisor, or 503 while the server has none. */
export function requireSupervisor(ctx: AppContext): Supervisor {
  if (ctx.supervisor === undefined)
    throw new HttpError('unavailable', 'bridge supervisor not running');
  return ctx.supervisor;
}

/** The trust writer, or 503 while the server has none. */
export function requireTrustWriter(ctx: AppContext): TrustWriter {
  if (ctx.trustWriter === undefined)
    throw new HttpError('unavailable', 'trust writer not configured');
  return ctx.trustWriter;
}

/** The fields of a route that takes no body (`{}` or nothing), and how a refusal says so. */
export const NO_FIELDS: ReadonlySet<string> = new Set();
export const NO_BODY = 'no body (or {})';

/** A route's body fields: the keys of its public schema, and how a refusal lists them. */
export interface BodyFields {
  fields: ReadonlySet<string>;
  /** `<lead> a, b and c`. */
  expected: string;
}

/** The BodyFields of a body schema (START_BODY_SCHEMA…), so route and document never drift. */
export function bodyFieldsOf(schema: { shape: object }, lead: string): BodyFields {
  const keys = Object.keys(schema.shape);
  const last = keys.pop();
  const listed = keys.length === 0 ? `${last}` : `${keys.join(', ')} and ${last}`;
  return { fields: new Set([...keys, last as string]), expected: `${lead} ${listed}` };
}

/**
 * Refuses a body field outside `fields`, naming it (as JSON shown by showTextCut, at most
 * 42 characters), the nearest known field and what the route expects;
 * `code` is the error code of the route's other body refusals.
 */
export function refuseUnknownFields(
  body: Record<string, unknown>,
  fields: ReadonlySet<string>,
  expected: string,
  code = 'invalid-option',
): void {
  const unknown = Object.keys(body).find((key) => !fields.has(key));
  if (unknown === undefined) return;
  const shown = showTextCut(JSON.stringify(unknown), 42);
  const near = suggestNearest(unknown, [...fields]);
  const hint = near === undefined ? '' : ` (did you mean ${near}?)`;
  throw new HttpError(code, `${shown}: unknown field${hint}; expected ${expected}`);
}

/**
 * Refuses `null` for an optional field: it has no meaning of its own, and passing it on would
 * quietly pick the project's setting or instance_defaults instead of what the caller meant.
 */
export function refuseNullFields(body: Record<string, unknown>, code = 'invalid-option'): void {
  const field = Object.keys(body).find((key) => body[key] === null);
  if (field === undefined) return;
  throw new HttpError(
    code,
    `${field}: expected a value, got null; leave the field out to use the project's setting or instance_defaults`,
  );
}
