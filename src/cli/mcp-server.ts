/**
 * The MCP SDK side of `clauster mcp`: registers the tools on an McpServer and serves it over
 * the command's stdin/stdout. Loaded only by `clauster mcp` (dynamic import), so no other
 * command loads the SDK. Invariant: stdout carries protocol messages only; a tool that fails
 * answers `isError` with a redacted message and the server keeps running.
 */
import { Writable } from 'node:stream';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { redactText } from '../security/redact.js';
import { readClausterVersion } from '../system/version.js';
import type { CliIo } from './io.js';
import type { ToolAnswer } from './mcp-output.js';
import { READ_TOOLS } from './mcp-read-tools.js';
import type { McpContext, McpTool } from './mcp-tool.js';
import { WRITE_TOOLS } from './mcp-write-tools.js';

/** The tools a config offers: the read tools, plus the write tools with mcp.allow_writes. */
export function selectTools(allowWrites: boolean): readonly McpTool[] {
  return allowWrites ? [...READ_TOOLS, ...WRITE_TOOLS] : READ_TOOLS;
}

function toCallResult(answer: ToolAnswer): CallToolResult {
  if (!answer.ok) return { content: [{ type: 'text', text: answer.detail }], isError: true };
  const text = JSON.stringify(answer.value, null, 2);
  return { content: [{ type: 'text', text }], structuredContent: answer.value };
}

// Runs a tool; an unexpected throw is reported (redacted) to the agent and to stderr.
async function runTool(tool: McpTool, args: unknown, context: McpContext): Promise<ToolAnswer> {
  try {
    return await tool.run(args, context);
  } catch (error) {
    const message = redactText(error instanceof Error ? error.message : String(error));
    context.io.stderr(`clauster mcp: ${tool.name} failed: ${message}\n`);
    return { ok: false, code: 'refused', detail: `${tool.name} failed: ${message}` };
  }
}

/** The server plus a way to wait for the tool calls still running (before closing). */
export interface ClausterMcp {
  server: McpServer;
  /** Resolves once no tool call is running. */
  idle(): Promise<void>;
}

/** An McpServer offering the tools `context.config.mcp.allow_writes` allows. */
export function createClausterMcpServer(context: McpContext): ClausterMcp {
  const server = new McpServer({ name: 'clauster', version: readClausterVersion() });
  const running = new Set<Promise<ToolAnswer>>();
  for (const tool of selectTools(context.config.mcp.allow_writes)) {
    const annotations = tool.readOnly
      ? { readOnlyHint: true, openWorldHint: false }
      : { readOnlyHint: false, destructiveHint: false, openWorldHint: false };
    server.registerTool(
      tool.name,
      { description: tool.description, inputSchema: tool.input, annotations },
      async (args: unknown) => {
        const call = runTool(tool, args, context);
        running.add(call);
        try {
          return toCallResult(await call);
        } finally {
          running.delete(call);
        }
      },
    );
  }
  return {
    server,
    async idle() {
      // A turn of the event loop before each check: a request read just before stdin ended
      // may not have reached its handler yet, and a finished call's answer is sent a few
      // promise steps after the handler returns.
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (running.size === 0) return;
        await Promise.allSettled([...running]);
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
 * Serves MCP over io.stdin/io.stdout until stdin ends (after the tool calls still running
 * have answered) or SIGINT/SIGTERM arrives; resolves with exit code 0 once it is closed.
 */
export async function serveOverStdio(mcp: ClausterMcp, io: CliIo): Promise<number> {
  const transport = new StdioServerTransport(io.stdin, createStdoutStream(io));
  transport.onerror = (error) => {
    io.stderr(`clauster mcp: ${redactText(error.message)}\n`);
  };
  let stopListening = (): void => {};
  const closed = new Promise<'signal' | 'end'>((resolve) => {
    stopListening = io.onShutdown(() => resolve('signal'));
    io.stdin.once('end', () => resolve('end'));
    transport.onclose = () => resolve('end');
  });
  await mcp.server.connect(transport);
  // The client may close stdin right after its last request: answer it before closing.
  if ((await closed) === 'end') await mcp.idle();
  stopListening();
  await mcp.server.close();
  return 0;
}
