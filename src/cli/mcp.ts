/**
 * `clauster mcp`: a stdio MCP server for agents (docs/mcp.md). Read tools always; the write
 * tools only with `mcp.allow_writes: true`, and they go through the running dashboard.
 * Invariant: stdout is the protocol channel, so this command never writes anything else
 * there (--help aside); diagnostics go to stderr, and a refused config exits 2 before the
 * transport starts. The config is never `./clauster.yml`: the cwd is the MCP client's, often
 * a checkout the operator did not write, and a file planted there must not turn on the write
 * tools or point them (with the bearer token) at another host.
 */
import { parseCommandArgs } from './args.js';
import { loadCliConfig } from './command-config.js';
import { DASHBOARD_OPTIONS, resolveDashboardUrl } from './dashboard-client.js';
import { parseDashboardUrl } from './dashboard-url.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster mcp [--config PATH] [--url URL] [--token TOKEN]

Serve the Model Context Protocol over stdin/stdout, for an agent such as Claude Code to call
(register this command as a stdio MCP server; see docs/mcp.md). Nothing but protocol
messages is written to stdout; diagnostics go to stderr.

Tools (outputs are JSON, never a connect URL, session id or token):
  list_projects    projects with trust, git and bridge state (as \`clauster projects --json\`)
  list_bridges     recorded bridges, alive or not (as \`clauster status --json\`)
  bridge_status    one bridge by project name, bridge id or unique id prefix
With mcp.allow_writes: true in the config (default false), also:
  start_bridge     start a trusted project's bridge (never bypassPermissions, never trust)
  stop_bridge      stop a bridge
  restart_bridge   start a stopped or crashed bridge again (not a bypassPermissions one)
The write tools call the running dashboard's API like \`clauster start/stop/restart\`, with the
bearer token from CLAUSTER_TOKEN or CLAUSTER_TOKEN_FILE (\`clauster api-token issue <label>\`).

Options:
  --url URL           Dashboard URL for the write tools (default from the config's host and port)
  --token TOKEN       Bearer token (else CLAUSTER_TOKEN or CLAUSTER_TOKEN_FILE; prefer those)
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, then $CLAUSTER_HOME/clauster.yml; never
                      ./clauster.yml, since the cwd is the MCP client's: pass --config)
  -h, --help
`;

const { json: _json, ...SPEC } = DASHBOARD_OPTIONS;

/** Serves MCP until stdin ends or a signal arrives; exit 0, 2 for usage/config errors. */
export async function runMcp(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { spec: SPEC, usage: USAGE }, io);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const url = values.url === undefined ? null : parseDashboardUrl(values.url);
  if (url !== null && !url.ok) {
    io.stderr(`clauster mcp: ${url.detail}\n`);
    return 2;
  }
  const config = await loadCliConfig('mcp', values.config, io, { searchCwd: false });
  if (typeof config === 'number') return config;
  io.setProcessTitle?.('clauster: mcp');
  // The SDK is loaded here only, so no other command pays for it at start-up.
  const { createClausterMcpServer, serveOverStdio } = await import('./mcp-server.js');
  const mcp = createClausterMcpServer({
    config,
    io,
    dashboardUrl: url?.ok ? url.value : resolveDashboardUrl(config),
    tokenFlag: values.token,
  });
  const tools = config.mcp.allow_writes ? 'read and write tools' : 'read tools only';
  io.stderr(`clauster mcp: serving ${tools} on stdio\n`);
  return serveOverStdio(mcp, io);
}
