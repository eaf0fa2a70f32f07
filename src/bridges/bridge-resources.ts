/**
 * The resource sampler over the supervisor's bridges, and the JSON views built from its
 * table (GET /api/metrics, GET /api/projects/{name}/metrics, the /ws/events feed).
 */
import type { Config } from '../config/schema.js';
import type { EventBus } from '../events/bus.js';
import type { Clock, ProcStats } from '../system/ports.js';
import { type Bridge, type BridgeRecord, type BridgeStatus, isLiveStatus } from './record.js';
import {
  createResourceSampler,
  type ResourceSampler,
  type ResourceTable,
  type SampledBridge,
} from './resource-sampler.js';
import { type BridgeResources, sumResources } from './resource-usage.js';

/** What sampling needs of a bridge record. */
type SampledRecord = Pick<BridgeRecord, 'id' | 'status' | 'pid' | 'proc_start_ticks'>;

/**
 * Bridges whose process may be alive and whose pid and start time we know (without the start
 * time a recycled pid could not be told apart: such a bridge is not sampled). `error` counts:
 * it can still be running (and using the machine) after its registration failed.
 */
export function listSampledBridges(records: readonly SampledRecord[]): SampledBridge[] {
  const out: SampledBridge[] = [];
  for (const r of records) {
    if (isLiveStatus(r.status) && r.pid !== null && r.proc_start_ticks !== null)
      out.push({ id: r.id, pid: r.pid, startTicks: r.proc_start_ticks });
  }
  return out;
}

/** The sampler of a dashboard: its supervisor's live bridges, each poll published on the bus. */
export function createBridgeResourceSampler(
  settings: Config['metrics'],
  deps: {
    clock: Clock;
    procStats: ProcStats;
    bus: EventBus;
    /** The supervisor's records (they carry each bridge's start time). */
    listRecords(): readonly SampledRecord[];
  },
): ResourceSampler {
  return createResourceSampler(
    { pollMs: settings.poll_seconds * 1000, normalizeCpu: settings.normalize_cpu },
    {
      clock: deps.clock,
      procStats: deps.procStats,
      liveBridges: () => listSampledBridges(deps.listRecords()),
      publish: (resources) => deps.bus.publish({ type: 'bridge-resources', resources }),
    },
  );
}

export interface BridgeMetrics {
  project: string;
  status: BridgeStatus;
  pid: number | null;
  /** Null until the first poll that found the process. */
  resources: BridgeResources | null;
}

/** GET /api/metrics: every live bridge with its latest resources. */
export function buildBridgeMetrics(
  bridges: readonly Bridge[],
  table: ResourceTable,
): Record<string, BridgeMetrics> {
  const out: Record<string, BridgeMetrics> = {};
  for (const bridge of bridges) {
    if (!isLiveStatus(bridge.status)) continue;
    out[bridge.id] = {
      project: bridge.project,
      status: bridge.status,
      pid: bridge.pid,
      resources: table[bridge.id] ?? null,
    };
  }
  return out;
}

/** GET /api/projects/{name}/metrics: totals over the project's live bridges. */
export function buildProjectMetrics(
  project: string,
  bridges: readonly Bridge[],
  table: ResourceTable,
): { project: string; bridges: string[]; resources: BridgeResources | null } {
  const live = bridges.filter((b) => b.project === project && isLiveStatus(b.status));
  const sampled = live.flatMap((b) => table[b.id] ?? []);
  return { project, bridges: live.map((b) => b.id), resources: sumResources(sampled) };
}
