/**
 * What `clauster mcp` does with one line of stdin before the MCP SDK sees it (docs/mcp.md,
 * "Malformed input"). The SDK's stdio transport answers nothing to a line it cannot parse
 * and answers -32603 with a raw zod issue list to bad params; this check answers them as
 * JSON-RPC 2.0 says. Invariants: a notification (a `method` string and no `id` member) and a
 * response are never answered, however malformed; an `id` that is not a string or an integer
 * is answered as `id: null`; a served method's params are checked with the SDK's own schema,
 * so what passes here the SDK takes as is; no piece of the input is shown unescaped.
 */
import {
  CallToolRequestSchema,
  ErrorCode,
  InitializeRequestSchema,
  JSONRPCNotificationSchema,
  JSONRPCRequestSchema,
  JSONRPCResponseSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import type * as z from 'zod';
import { describeParamsIssue, showKeys } from './mcp-params-issue.js';

/** A JSON-RPC 2.0 error response; `id: null` when the request's id could not be read. */
export interface ErrorAnswer {
  jsonrpc: '2.0';
  id: RequestId | null;
  error: { code: number; message: string };
}

/** Hand the line to the SDK, answer it here, or drop it unanswered (saying why on stderr). */
export type LineVerdict =
  | { kind: 'pass' }
  | { kind: 'answer'; answer: ErrorAnswer }
  | { kind: 'drop'; note: string };

/** A schema of the SDK's, as this check uses it. */
type MessageSchema = z.ZodType;

/** The requests `clauster mcp` serves, with the SDK schema each one's params must meet. */
const SERVED_REQUESTS: ReadonlyMap<string, MessageSchema> = new Map<string, MessageSchema>([
  ['initialize', InitializeRequestSchema],
  ['ping', PingRequestSchema],
  ['tools/list', ListToolsRequestSchema],
  ['tools/call', CallToolRequestSchema],
]);

const MESSAGE_MEMBERS = new Set(['jsonrpc', 'id', 'method', 'params']);

/** The error answer to `id` (null: JSON-RPC 2.0's id for a message whose id is unreadable). */
export function errorAnswer(id: RequestId | null, code: ErrorCode, message: string): ErrorAnswer {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

function answer(id: RequestId | null, code: ErrorCode, message: string): LineVerdict {
  return { kind: 'answer', answer: errorAnswer(id, code, message) };
}

function invalidRequest(id: RequestId | null, detail: string): LineVerdict {
  return answer(id, ErrorCode.InvalidRequest, `Invalid Request: ${detail}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || Number.isSafeInteger(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function methodFault(method: unknown): string {
  return `method must be a string (it ${method === undefined ? 'is missing' : `is ${kindOf(method)}`})`;
}

/** What is wrong with a message's members, whatever its method: an error code and words. */
interface Fault {
  code: ErrorCode;
  message: string;
}

// The JSON-RPC 2.0 shape every request and notification must have, in that order.
function findEnvelopeFault(message: Record<string, unknown>): Fault | null {
  const invalid = (detail: string): Fault => ({
    code: ErrorCode.InvalidRequest,
    message: `Invalid Request: ${detail}`,
  });
  if (message.jsonrpc !== '2.0') return invalid('jsonrpc must be "2.0"');
  if (typeof message.method !== 'string') return invalid(methodFault(message.method));
  const unknown = Object.keys(message).filter((key) => !MESSAGE_MEMBERS.has(key));
  if (unknown.length > 0) {
    const members = unknown.length === 1 ? 'member' : 'members';
    return invalid(`unknown ${members} ${showKeys(unknown)} (known: jsonrpc, id, method, params)`);
  }
  if (Object.hasOwn(message, 'params') && !isObject(message.params)) {
    const detail = `params must be an object (it is ${kindOf(message.params)})`;
    return { code: ErrorCode.InvalidParams, message: `Invalid params: ${detail}` };
  }
  return null;
}

// The envelope, then the SDK's schema: a served method's own, else the generic request's.
// A method not served is the SDK's to answer (-32601) once the request is sound.
function findFault(message: Record<string, unknown>, schema: MessageSchema): Fault | null {
  const envelope = findEnvelopeFault(message);
  if (envelope !== null) return envelope;
  const parsed = schema.safeParse(message);
  if (parsed.success) return null;
  const detail = describeParamsIssue(parsed.error.issues, message);
  return { code: ErrorCode.InvalidParams, message: `Invalid params: ${detail}` };
}

// `result` or `error` and no `method`: the client answering us. Never answered, however bad.
function checkResponse(message: Record<string, unknown>): LineVerdict {
  if (JSONRPCResponseSchema.safeParse(message).success) return { kind: 'pass' };
  return { kind: 'drop', note: 'ignored a malformed response (responses are never answered)' };
}

/**
 * The verdict on one parsed line. Order: a batch or a non-object, then a response, then a
 * message without an `id` member (a notification when its method is a string), then a
 * request's id, jsonrpc, method, members and params.
 */
export function checkMessage(value: unknown): LineVerdict {
  if (Array.isArray(value)) {
    return invalidRequest(
      null,
      'batches (JSON arrays) are not supported since MCP 2025-06-18; send one message per line',
    );
  }
  if (!isObject(value)) {
    return invalidRequest(null, `a message must be a JSON object (it is ${kindOf(value)})`);
  }
  if (
    !Object.hasOwn(value, 'method') &&
    (Object.hasOwn(value, 'result') || Object.hasOwn(value, 'error'))
  ) {
    return checkResponse(value);
  }
  if (!Object.hasOwn(value, 'id')) {
    // JSON-RPC 2.0 answers `{"method": 1}` (not a request at all) but never a notification.
    if (typeof value.method !== 'string') return invalidRequest(null, methodFault(value.method));
    const fault = findFault(value, JSONRPCNotificationSchema);
    if (fault === null) return { kind: 'pass' };
    return {
      kind: 'drop',
      note: `ignored a malformed notification (never answered): ${fault.message}`,
    };
  }
  if (!isRequestId(value.id)) return invalidRequest(null, 'id must be a string or an integer');
  const method = typeof value.method === 'string' ? value.method : '';
  const fault = findFault(value, SERVED_REQUESTS.get(method) ?? JSONRPCRequestSchema);
  return fault === null ? { kind: 'pass' } : answer(value.id, fault.code, fault.message);
}

/** The verdict on one line of stdin (already framed, without its newline). */
export function checkMessageLine(line: string): LineVerdict {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // Never the parser's own message: V8 quotes the start of the input in it.
    return answer(null, ErrorCode.ParseError, 'Parse error: the line is not valid JSON');
  }
  return checkMessage(value);
}
