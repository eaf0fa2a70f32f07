/** `clauster status`: bridges from state_dir/bridges.json plus a liveness check; no server needed. */
import { type BridgeWithLiveness, checkBridgesAlive } from '../bridges/liveness.js';
import { readRegistry } from '../bridges/registry.js';
import type { BridgeResources } from '../bridges/resource-usage.js';
import type { Config } from '../config/schema.js';
import { ok, type Result } from '../result.js';
import type { Deps } from '../system/ports.js';
import { formatBridgesTable } from './bridge-output.js';
import { parseConfigCommand } from './command-config.js';
import { reportFailure } from './failure-output.js';
import type { CliIo } from './io.js';
import { describeDefaultStateDir } from './no-config-note.js';
import { measureAliveBridges } from './status-resources.js';

const USAGE = `Usage: clauster status [--config PATH] [--json]

List the recorded bridges (state_dir/bridges.json) and check that each live one is still the
same process. Works without a running dashboard; changes nothing. With metrics.enabled, the
CPU (measured over half a second), resident memory and disk I/O (bytes read / written, when
readable) of each alive bridge's process tree: CPU, MEM and DISK columns.

Options:
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  --json              Print {bridges:[Bridge + alive + resources]}
  -h, --help
`;

/** A bridge as `clauster status --json` shows it: the record, `alive` and its resources. */
export type StatusBridge = BridgeWithLiveness & { resources: BridgeResources | null };

/**
 * The recorded bridges with liveness and (with metrics.enabled) resources: what `clauster
 * status` prints and the MCP `list_bridges` tool returns. Reads only; no server needed.
 */
export async function readBridgeStatus(
  config: Config,
  deps: Deps,
): Promise<Result<StatusBridge[], 'registry-corrupt'>> {
  const records = await readRegistry(config.state_dir, deps);
  if (!records.ok) return records;
  const checked = await checkBridgesAlive(records.value, deps);
  const ticks = new Map(records.value.map((r) => [r.id, r.proc_start_ticks]));
  const measured = checked.map((b) => ({ ...b, startTicks: ticks.get(b.id) ?? null }));
  const table = await measureAliveBridges(measured, config.metrics, deps);
  return ok(checked.map((b) => ({ ...b, resources: table[b.id] ?? null })));
}

/**
 * Prints the bridges; exit 0, 1 when bridges.json is unreadable, 2 for usage/config errors.
 * Nothing recorded and no config file found: a note on stderr names the state_dir it read.
 */
export async function runStatus(argv: string[], io: CliIo): Promise<number> {
  const command = await parseConfigCommand(argv, { command: 'status', usage: USAGE }, io);
  if (typeof command === 'number') return command;
  const { config, json, source } = command;
  const bridges = await readBridgeStatus(config, io.deps);
  if (!bridges.ok) {
    const failure = { code: bridges.code, message: bridges.detail, exitCode: 1 };
    return reportFailure({ command: 'status', json }, failure, io);
  }
  io.stdout(
    json
      ? `${JSON.stringify({ bridges: bridges.value }, null, 2)}\n`
      : formatBridgesTable(bridges.value),
  );
  if (source === null && bridges.value.length === 0) {
    io.stderr(`note: ${describeDefaultStateDir(config.state_dir, io.deps.home)}\n`);
  }
  return 0;
}
