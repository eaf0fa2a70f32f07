/**
 * The transport `clauster mcp`'s McpServer is connected through: a wrapper around the real
 * one (stdio, or in-memory in tests) that answers a refused `tools/call` itself
 * (mcp-call-check.ts) and passes every error text the server sends through showErrorText().
 * Invariants: a refused call never reaches the SDK, and is answered as the SDK would answer
 * it (a tool result with `isError: true`), in clauster's words; every error that leaves —
 * a JSON-RPC error's message, an `isError` result's text, whoever built it (clauster or the
 * SDK) — is masked, control-escaped and cut; an error's `data` never leaves.
 */
import type {
  Transport,
  TransportSendOptions,
} from '@modelcontextprotocol/sdk/shared/transport.js';
import type {
  CallToolResult,
  JSONRPCMessage,
  MessageExtraInfo,
  RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { checkToolCall, type ToolSchemas } from './mcp-call-check.js';
import { showErrorText } from './mcp-output.js';

/** A tool result with `isError: true` and `text`, as the SDK answers a refused call. */
export function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Each text part of an isError result's content through showErrorText(); the rest as is.
function showContent(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  return content.map((part: unknown) =>
    isObject(part) && part.type === 'text' && typeof part.text === 'string'
      ? { ...part, text: showErrorText(part.text) }
      : part,
  );
}

/** `message` as it may leave: its error text (if any) masked, escaped and cut. */
export function showOutgoing(message: JSONRPCMessage): JSONRPCMessage {
  if ('error' in message && isObject(message.error)) {
    const { code, message: text } = message.error;
    return { ...message, error: { code, message: showErrorText(String(text)) } };
  }
  if ('result' in message && isObject(message.result) && message.result.isError === true) {
    const result = { ...message.result, content: showContent(message.result.content) };
    return { ...message, result } as JSONRPCMessage;
  }
  return message;
}

/** A tools/call request that checkToolCall() refuses: its id and why; else null. */
function findRefusal(
  message: JSONRPCMessage,
  tools: ToolSchemas,
): { id: RequestId; text: string } | null {
  if (!('method' in message) || message.method !== 'tools/call' || !('id' in message)) return null;
  const text = checkToolCall(message.params, tools);
  return text === null ? null : { id: message.id, text };
}

/**
 * `inner` behind the guard. The handlers already set on `inner` (onclose, onerror,
 * onmessage) become the guard's, so McpServer.connect() chains onto them as it would have.
 */
export function guardTransport(inner: Transport, tools: ToolSchemas): Transport {
  const guard: Transport = {
    onclose: inner.onclose,
    onerror: inner.onerror,
    onmessage: inner.onmessage,
    get sessionId() {
      return inner.sessionId;
    },
    start: () => inner.start(),
    close: () => inner.close(),
    send: (message: JSONRPCMessage, options?: TransportSendOptions) =>
      inner.send(showOutgoing(message), options),
  };
  if (inner.setProtocolVersion !== undefined) {
    guard.setProtocolVersion = (version: string) => inner.setProtocolVersion?.(version);
  }
  inner.onclose = () => guard.onclose?.();
  inner.onerror = (error: Error) => guard.onerror?.(error);
  inner.onmessage = (message: JSONRPCMessage, extra?: MessageExtraInfo) => {
    const refusal = findRefusal(message, tools);
    if (refusal === null) {
      guard.onmessage?.(message, extra);
      return;
    }
    const answer = { jsonrpc: '2.0' as const, id: refusal.id, result: toolError(refusal.text) };
    guard.send(answer).catch((error: unknown) => {
      guard.onerror?.(error instanceof Error ? error : new Error(String(error)));
    });
  };
  return guard;
}
