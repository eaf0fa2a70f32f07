/** The shape of one `clauster mcp` tool, independent of the MCP SDK (wired in mcp-server.ts). */
import * as z from 'zod';
import type { Config } from '../config/schema.js';
import { checkProjectName } from '../projects/names.js';
import type { CliIo } from './io.js';
import { type Refusal, refuse, type ToolAnswer } from './mcp-output.js';

/** A tool's bridge reference argument, resolved like `clauster stop|logs <ref>` (bridge-ref.ts). */
export const BRIDGE_REF_INPUT = z
  .string()
  .min(1)
  .max(200)
  .describe('Project name, bridge id, or unique id prefix');

/**
 * The refusal of a bridge reference that is neither a project name nor a bridge id: every id
 * and id prefix (`br-…`) is a valid project name too, so a ref that fails the project-name
 * check (the dashboard's) is neither. Its refusal shows it quoted and escaped, so a ref like
 * `"\u001b[31mred"` is never shown as the name of another, real project (`red`).
 */
export function refuseBadBridgeRef(ref: string): Refusal | null {
  const name = checkProjectName(ref);
  return name.ok ? null : refuse(`not a bridge id or a valid project name: ${name.detail}`);
}

/** What every tool runs with: the loaded config, the process io and how to reach the dashboard. */
export interface McpContext {
  config: Config;
  /** Deps, env and stderr; stdout is the protocol channel and is never written by a tool. */
  io: CliIo;
  /** The running dashboard's base URL (--url, else the config's bind). */
  dashboardUrl: string;
  /** The --token flag, if given (else CLAUSTER_TOKEN / CLAUSTER_TOKEN_FILE at call time). */
  tokenFlag: string | undefined;
}

/** What one tool call runs with: the context plus the call's own abort signal. */
export interface ToolCallContext extends McpContext {
  /** Aborted on shutdown, stdin end or the client's cancellation; every dashboard call takes it. */
  signal: AbortSignal;
}

/** One tool: name, description for the agent, strict input schema and handler. */
export interface McpTool {
  name: string;
  description: string;
  input: z.ZodObject;
  /** True for tools that change nothing (MCP `readOnlyHint`). */
  readOnly: boolean;
  /** True for tools that can end something live, such as remote sessions (`destructiveHint`). */
  destructive: boolean;
  run(args: unknown, context: ToolCallContext): Promise<ToolAnswer>;
}

interface ToolSpec<S extends z.ZodRawShape> {
  name: string;
  description: string;
  input: S;
  readOnly: boolean;
  destructive?: boolean;
  run(args: z.infer<z.ZodObject<S>>, context: ToolCallContext): Promise<ToolAnswer>;
}

/** Builds a tool whose input is a strict object of `input` (unknown arguments are refused). */
export function defineTool<S extends z.ZodRawShape>(spec: ToolSpec<S>): McpTool {
  const schema = z.strictObject(spec.input);
  return {
    name: spec.name,
    description: spec.description,
    input: schema,
    readOnly: spec.readOnly,
    destructive: spec.destructive ?? false,
    // The SDK has validated already; parsing again gives the handler its typed arguments.
    run: (args, context) => spec.run(schema.parse(args ?? {}), context),
  };
}
