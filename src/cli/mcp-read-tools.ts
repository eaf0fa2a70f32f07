/**
 * The read tools of `clauster mcp`: the same data as `clauster projects --json` and
 * `clauster status --json` (the same functions produce it), in structural form. They work
 * without a running dashboard and change nothing.
 */
import { findBridgeByRef } from '../bridges/bridge-ref.js';
import { refuse, toStructuralBridge, toStructuralProject } from './mcp-output.js';
import { BRIDGE_REF_INPUT, defineTool, type McpTool, refuseBadBridgeRef } from './mcp-tool.js';
import { readProjectListing } from './projects.js';
import { readBridgeStatus } from './status.js';

const listProjects = defineTool({
  name: 'list_projects',
  description:
    'List the projects (directories under projects_root) with: trusted (workspace trust as the claude CLI decides it) and trust_reason, git, allow_bypass_permissions, last_used_at, external_bridge (a bridge running outside clauster) and bridge (its live bridge, else its newest one, or null). Works without the dashboard running.',
  input: {},
  readOnly: true,
  async run(_args, { config, io }) {
    const { projects, warning } = await readProjectListing(config, io.env, io.deps);
    if (warning !== null) io.stderr(`clauster mcp: warning: ${warning}\n`);
    if (!projects.ok) return refuse(projects.detail);
    const value = { projects: projects.value.map(toStructuralProject) };
    return { ok: true, value: warning === null ? value : { ...value, warning } };
  },
});

const listBridges = defineTool({
  name: 'list_bridges',
  description:
    'List every recorded bridge (one `claude remote-control` process per project): id (br-…), project, status (starting, running, stopped, crashed, error), alive (its process is still the one started), pid, started_at, stopped_at, reason, permission_mode, spawn_mode, capacity, has_connect_url, and resources (CPU, memory, disk I/O) when metrics are enabled. Works without the dashboard running.',
  input: {},
  readOnly: true,
  async run(_args, { config, io }) {
    const bridges = await readBridgeStatus(config, io.deps);
    if (!bridges.ok) return refuse(bridges.detail);
    return { ok: true, value: { bridges: bridges.value.map(toStructuralBridge) } };
  },
});

const bridgeStatus = defineTool({
  name: 'bridge_status',
  description:
    'Show one bridge, with the same fields as list_bridges. `bridge` is a project name (its live bridge, else its newest one), a full bridge id (br- and 12 characters) or a unique prefix of one with at least 4 characters after br-. An unknown or ambiguous reference is an error listing the candidates.',
  input: { bridge: BRIDGE_REF_INPUT },
  readOnly: true,
  async run({ bridge: ref }, { config, io }) {
    const bad = refuseBadBridgeRef(ref);
    if (bad !== null) return bad;
    const bridges = await readBridgeStatus(config, io.deps);
    if (!bridges.ok) return refuse(bridges.detail);
    const found = findBridgeByRef(ref, bridges.value, 'live-or-newest', (id) => {
      return `no recorded bridge has the id ${id}`;
    });
    if (!found.ok) return refuse(found.detail);
    return { ok: true, value: { bridge: toStructuralBridge(found.value) } };
  },
});

/** The tools every `clauster mcp` offers. */
export const READ_TOOLS: readonly McpTool[] = [listProjects, listBridges, bridgeStatus];
