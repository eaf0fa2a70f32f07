// `clauster mcp` as an agent runs it: the real bin/clauster.js in a child process, spoken to
// over its stdin/stdout, one JSON-RPC message per line.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { type ChildOutput, captureOutput } from './child-output.js';
import type { McpWorld } from './mcp-world.js';

const BIN = fileURLToPath(new URL('../../bin/clauster.js', import.meta.url));

export interface McpChild {
  child: ChildProcess;
  output: ChildOutput;
  /** Settles with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Writes one JSON-RPC message (jsonrpc: '2.0' added) to its stdin. */
  send(message: Record<string, unknown>): void;
  /** Sends initialize (id 1) and notifications/initialized. */
  initialize(): void;
  /** The messages written to stdout so far, parsed. */
  messages(): Array<Record<string, unknown>>;
}

export interface SpawnMcpOptions {
  /** Arguments after `mcp`; default `--config <world.configPath>`. */
  args?: string[];
  /** Working directory; default the world's root. */
  cwd?: string;
  /** More environment on top of HOME and PATH. */
  env?: Record<string, string>;
}

/** Spawns `clauster mcp` over `world` with piped stdio. */
export function spawnMcp(world: McpWorld, options: SpawnMcpOptions = {}): McpChild {
  const args = options.args ?? ['--config', world.configPath];
  const child = spawn(process.execPath, [BIN, 'mcp', ...args], {
    cwd: options.cwd ?? world.root,
    env: { HOME: world.home, PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output = captureOutput(child);
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  const send = (message: Record<string, unknown>): void => {
    child.stdin?.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  };
  return {
    child,
    output,
    exited,
    send,
    initialize() {
      const clientInfo = { name: 'stdio-test', version: '0.0.0' };
      const params = { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo };
      send({ id: 1, method: 'initialize', params });
      send({ method: 'notifications/initialized' });
    },
    messages: () => parseLines(output.stdout()),
  };
}

/** Each non-empty stdout line parsed as JSON (throws on anything else). */
export function parseLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
