// A temp world for `clauster mcp` tests: temp HOME (claude logged in, `app` trusted), a
// projects_root with `app` (plain) and `repo` (git), a state_dir, a clauster.yml, and an MCP
// client connected in memory to the server `clauster mcp` would build for it.
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

export interface McpClient {
  listToolNames(): Promise<string[]>;
  call(name: string, args?: Record<string, unknown>): Promise<ToolCall>;
  /** What the server wrote to stderr so far. */
  stderr(): string;
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
    async call(name, args = {}) {
      const result = await client.callTool({ name, arguments: args });
      const content = result.content as Array<{ type: string; text?: string }>;
      const text = content.map((part) => part.text ?? '').join('');
      const isError = result.isError === true;
      return { isError, text, json: isError ? {} : (JSON.parse(text) as Record<string, unknown>) };
    },
    stderr: () => t.stderr(),
  };
}
