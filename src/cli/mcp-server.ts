/**
 * The MCP SDK side of `clauster mcp`: registers the tools on an McpServer and serves it over
 * the command's stdin/stdout. Loaded only by `clauster mcp` (dynamic import), so no other
 * command loads the SDK. Invariant: stdout carries protocol messages only; a tool that fails
 * answers `isError` with a redacted message and the server keeps running; every call has its
 * own AbortController, aborted by the client's cancellation and by shutdown, so nothing is
 * sent to the dashboard once the call is abandoned. Every stdin line passes mcp-stdin.ts first:
 * a malformed request is answered there, and no line stops the server. The server reaches
 * its transport only through mcp-guard.ts: a call to an unknown tool or with arguments the
 * tool refuses is answered there, and every error text that leaves is masked and escaped.
 */
import { Writable } from 'node:stream';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { redactText } from '../security/redact.js';
import { readClausterVersion } from '../system/version.js';
import type { CliIo } from './io.js';
import { guardTransport } from './mcp-guard.js';
import { refuse, type ToolAnswer } from './mcp-output.js';
import { READ_TOOLS } from './mcp-read-tools.js';
import { createCheckedInput } from './mcp-stdin.js';
import type { McpContext, McpTool, ToolCallContext } from './mcp-tool.js';
import { WRITE_TOOLS } from './mcp-write-tools.js';

/** The tools a config offers: the read tools, plus the write tools with mcp.allow_writes. */
function selectTools(allowWrites: boolean): readonly McpTool[] {
  return allowWrites ? [...READ_TOOLS, ...WRITE_TOOLS] : READ_TOOLS;
}

function toCallResult(answer: ToolAnswer): CallToolResult {
  if (!answer.ok) return { content: [{ type: 'text', text: answer.detail }], isError: true };
  const text = JSON.stringify(answer.value, null, 2);
  return { content: [{ type: 'text', text }], structuredContent: answer.value };
}

// Runs a tool; an unexpected throw is reported (redacted) to the agent and to stderr.
async function runTool(
  tool: McpTool,
  args: unknown,
  context: ToolCallContext,
): Promise<ToolAnswer> {
  try {
    return await tool.run(args, context);
  } catch (error) {
    const message = redactText(error instanceof Error ? error.message : String(error));
    context.io.stderr(`clauster mcp: ${tool.name} failed: ${message}\n`);
    return refuse(`${tool.name} failed: ${message}`);
  }
}

/** What the SDK calls for one tool, with the arguments it has validated. */
type ToolHandler = (args: unknown, extra: { signal: AbortSignal }) => Promise<CallToolResult>;

/** An McpServer that connects to any transport through the guard (mcp-guard.ts). */
class GuardedMcpServer extends McpServer {
  readonly #tools = new Map<string, McpTool['input']>();

  /** Registers `tool` with the SDK and with the guard's check of calls. */
  registerClausterTool(tool: McpTool, handler: ToolHandler): void {
    this.#tools.set(tool.name, tool.input);
    const config = { description: tool.description, inputSchema: tool.input };
    this.registerTool(tool.name, { ...config, annotations: annotate(tool) }, handler);
  }

  override connect(transport: Transport): Promise<void> {
    return super.connect(guardTransport(transport, this.#tools));
  }
}

/** The server plus what shutting down needs: abort the running calls, wait for them. */
export interface ClausterMcp {
  server: McpServer;
  /** Aborts every running call and every call that starts from now on. */
  abortCalls(): void;
  /** Resolves once no tool call is running. */
  idle(): Promise<void>;
}

// The MCP hints a client shows its user: stop and restart end or replace remote sessions.
function annotate(tool: McpTool) {
  if (tool.readOnly) return { readOnlyHint: true, openWorldHint: false };
  return { readOnlyHint: false, destructiveHint: tool.destructive, openWorldHint: false };
}

/** An McpServer offering the tools `context.config.mcp.allow_writes` allows. */
export function createClausterMcpServer(context: McpContext): ClausterMcp {
  const server = new GuardedMcpServer({ name: 'clauster', version: readClausterVersion() });
  const running = new Map<Promise<ToolAnswer>, AbortController>();
  let aborting = false;
  for (const tool of selectTools(context.config.mcp.allow_writes)) {
    server.registerClausterTool(tool, async (args: unknown, extra: { signal: AbortSignal }) => {
      const controller = new AbortController();
      // A call that arrives while shutting down starts aborted: it sends nothing.
      if (aborting || extra.signal.aborted) controller.abort();
      else extra.signal.addEventListener('abort', () => controller.abort(), { once: true });
      const call = runTool(tool, args, { ...context, signal: controller.signal });
      running.set(call, controller);
      try {
        return toCallResult(await call);
      } finally {
        running.delete(call);
      }
    });
  }
  return {
    server,
    abortCalls() {
      aborting = true;
      for (const controller of running.values()) controller.abort();
    },
    async idle() {
      // A turn of the event loop before each check: a request read just before stdin ended
      // may not have reached its handler yet, and a finished call's answer is sent a few
      // promise steps after the handler returns.
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (running.size === 0) return;
        await Promise.allSettled([...running.keys()]);
      }
    },
  };
}

// A Writable over io.stdout: the protocol goes out through the command's io like any output.
function createStdoutStream(io: CliIo): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      io.stdout(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      callback();
    },
  });
}

/**
 * Serves MCP over io.stdin/io.stdout until stdin ends or SIGINT/SIGTERM arrives; resolves
 * with exit code 0 once it is closed. Either way the running calls are aborted first (a
 * client that closed stdin reads no answer, and a signal means stop now): a dashboard call
 * stops at once and sends nothing more, while a read tool, which touches only local files,
 * finishes and is answered; then the server closes once no call is running.
 */
export async function serveOverStdio(mcp: ClausterMcp, io: CliIo): Promise<number> {
  // Malformed lines are answered (or, for notifications, dropped) before the SDK reads them.
  const input = createCheckedInput(io.stdin, {
    answer: (response) => io.stdout(`${JSON.stringify(response)}\n`),
    note: (text) => io.stderr(`clauster mcp: ${text}\n`),
  });
  const transport = new StdioServerTransport(input.stream, createStdoutStream(io));
  transport.onerror = (error) => {
    io.stderr(`clauster mcp: ${redactText(error.message)}\n`);
  };
  let stopListening = (): void => {};
  const closed = new Promise<void>((resolve) => {
    stopListening = io.onShutdown(() => resolve());
    // The checked stream ends after its last line, so every line read is handed on first.
    input.stream.once('end', () => resolve());
    transport.onclose = () => resolve();
  });
  await mcp.server.connect(transport);
  await closed;
  mcp.abortCalls();
  // A request read just before stdin ended is still answered (aborted if it is a write).
  await mcp.idle();
  stopListening();
  await mcp.server.close();
  input.stop();
  return 0;
}
