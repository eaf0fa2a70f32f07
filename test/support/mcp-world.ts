// A temp world for `clauster mcp` tests: temp HOME (claude logged in, `app` trusted), a
// projects_root with `app` (plain) and `repo` (git), a state_dir, a clauster.yml, and an MCP
// client connected in memory to the server `clauster mcp` would build for it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { after } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { BridgeRecord } from '../../src/bridges/record.js';
import { resolveDashboardUrl } from '../../src/cli/dashboard-client.js';
import { main } from '../../src/cli/main.js';
import { createClausterMcpServer } from '../../src/cli/mcp-server.js';
import { loadConfig } from '../../src/config/load.js';
import { createTestIo, type TestIo } from './cli-io.js';
import { FAKE_CLAUDE_PATH, prepareClaudeHome } from './fake-claude.js';
import { makeTempDir } from './temp.js';

export interface McpWorldOptions {
  allowWrites?: boolean;
  /** More YAML appended to clauster.yml. */
  yaml?: string;
  /** claude.env of the config (the fake's timing knobs). */
  claudeEnv?: Record<string, string>;
}

export interface McpWorld {
  root: string;
  home: string;
  stateDir: string;
  projectsRoot: string;
  configPath: string;
  createIo(env?: Record<string, string>): TestIo;
  /** A client talking to a fresh server for this world (`env` is the server's env). */
  connect(options?: { env?: Record<string, string>; url?: string }): Promise<McpClient>;
  /** Runs `clauster <argv>` in-process against this world. */
  runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Writes state_dir/bridges.json with these records. */
  seedBridges(records: readonly BridgeRecord[]): Promise<void>;
}

export interface ToolCall {
  isError: boolean;
  text: string;
  /** The parsed JSON text (only for a result that is not an error). */
  json: Record<string, unknown>;
}

/** A listed tool: its annotations and the names of its input properties. */
export interface ListedTool {
  name: string;
  annotations: Record<string, unknown>;
  inputs: string[];
}

export interface McpClient {
  listToolNames(): Promise<string[]>;
  listTools(): Promise<ListedTool[]>;
  /** Calls a tool; aborting `signal` cancels the call (notifications/cancelled). */
  call(name: string, args?: Record<string, unknown>, signal?: AbortSignal): Promise<ToolCall>;
  /** What the server wrote to stderr so far. */
  stderr(): string;
}

// Fake identifiers shaped like the real ones, so the redactor and the structural view are
// what keeps them out of every answer.
export const FAKE_SESSION = `session_01${'Fake'.repeat(5)}`;
export const FAKE_ENV = `env_01${'Fake'.repeat(5)}`;
export const FAKE_URL = `https://claude.ai/code?environment=${FAKE_ENV}`;
/** What no `clauster mcp` answer or diagnostic may contain. */
export const FAKE_SECRETS = [FAKE_SESSION, FAKE_ENV, FAKE_URL, 'claude.ai'];

/** Fails when any of `texts` carries one of FAKE_SECRETS. */
export function assertNoSecrets(...texts: string[]): void {
  for (const text of texts)
    for (const secret of FAKE_SECRETS)
      assert.equal(text.includes(secret), false, `${secret} leaked`);
}

/** A stopped bridge record of `app` in `world`, with `fields` on top. */
export function buildBridgeRecord(
  world: McpWorld,
  fields: Partial<BridgeRecord> & { id: string },
): BridgeRecord {
  return {
    project: 'app',
    status: 'stopped',
    url: null,
    pid: null,
    started_at: '2026-07-01T10:00:00.000Z',
    stopped_at: '2026-07-01T11:00:00.000Z',
    reason: null,
    permission_mode: 'default',
    spawn_mode: 'same-dir',
    name: null,
    cwd: join(world.projectsRoot, fields.project ?? 'app'),
    argv: ['claude', 'remote-control', '--capacity', '4'],
    log_dir: join(world.stateDir, 'logs', fields.id),
    proc_start_ticks: null,
    boot_id: null,
    intentional_stop: true,
    ...fields,
  };
}

/** Registers an `after` hook that closes every client and removes every world it made. */
export function useMcpWorlds(): (options?: McpWorldOptions) => Promise<McpWorld> {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return async (options = {}) => {
    const temp = await makeTempDir('clauster-mcp-');
    cleanups.push(temp.cleanup);
    return createMcpWorld(await fs.realpath(temp.path), options, cleanups);
  };
}

async function createMcpWorld(
  root: string,
  options: McpWorldOptions,
  cleanups: Array<() => Promise<void>>,
): Promise<McpWorld> {
  const home = join(root, 'home');
  const stateDir = join(root, 'state');
  const projectsRoot = join(root, 'projects');
  await fs.mkdir(home);
  await fs.mkdir(stateDir, { mode: 0o700 });
  await fs.mkdir(join(projectsRoot, 'app'), { recursive: true });
  await fs.mkdir(join(projectsRoot, 'repo', '.git'), { recursive: true });
  await prepareClaudeHome(home, { trusted: [join(projectsRoot, 'app')] });
  const configPath = join(root, 'clauster.yml');
  const lines = [
    `projects_root: ${projectsRoot}`,
    `state_dir: ${stateDir}`,
    `claude:\n  binary: ${FAKE_CLAUDE_PATH}`,
    ...formatClaudeEnv(options.claudeEnv),
    ...(options.allowWrites ? ['mcp:\n  allow_writes: true'] : []),
    ...(options.yaml ? [options.yaml] : []),
  ];
  await fs.writeFile(configPath, `${lines.join('\n')}\n`);
  const createIo = (env: Record<string, string> = {}) =>
    createTestIo({ home, cwd: root, env: { CLAUSTER_CONFIG: configPath, ...env } });
  return {
    root,
    home,
    stateDir,
    projectsRoot,
    configPath,
    createIo,
    async connect(connectOptions = {}) {
      const t = createIo(connectOptions.env);
      const { config } = await loadConfig({ cwd: root, configPath }, t.io.deps);
      const context = {
        config,
        io: t.io,
        dashboardUrl: connectOptions.url ?? resolveDashboardUrl(config),
        tokenFlag: undefined,
      };
      const client = await connectInMemory(createClausterMcpServer(context).server);
      cleanups.push(() => client.close());
      return wrapClient(client, t);
    },
    async runCli(argv) {
      const t = createIo();
      const code = await main(argv, t.io);
      return { code, stdout: t.stdout(), stderr: t.stderr() };
    },
    async seedBridges(records) {
      const document = { schema_version: 1, bridges: records };
      await fs.writeFile(join(stateDir, 'bridges.json'), JSON.stringify(document), { mode: 0o600 });
    },
  };
}

function formatClaudeEnv(env: Record<string, string> | undefined): string[] {
  if (env === undefined) return [];
  return ['  env:', ...Object.entries(env).map(([key, value]) => `    ${key}: "${value}"`)];
}

async function connectInMemory(server: McpServer) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'clauster-test', version: '0.0.0' });
  await client.connect(clientSide);
  return client;
}

function wrapClient(client: Client, t: TestIo): McpClient {
  return {
    async listToolNames() {
      const { tools } = await client.listTools();
      return tools.map((tool) => tool.name).sort();
    },
    async listTools() {
      const { tools } = await client.listTools();
      return tools.map((tool) => ({
        name: tool.name,
        annotations: { ...tool.annotations },
        inputs: Object.keys(tool.inputSchema.properties ?? {}).sort(),
      }));
    },
    async call(name, args = {}, signal) {
      const options = signal === undefined ? undefined : { signal };
      const result = await client.callTool({ name, arguments: args }, undefined, options);
      const content = result.content as Array<{ type: string; text?: string }>;
      const text = content.map((part) => part.text ?? '').join('');
      const isError = result.isError === true;
      return { isError, text, json: isError ? {} : (JSON.parse(text) as Record<string, unknown>) };
    },
    stderr: () => t.stderr(),
  };
}
