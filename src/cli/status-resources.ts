/**
 * Resources of the alive bridges for `clauster status`. A one-shot command has no previous
 * poll, so CPU % is measured over a short window here (the dashboard uses its poll interval).
 */
import type { BridgeWithLiveness } from '../bridges/liveness.js';
import { createResourceSampler, type ResourceTable } from '../bridges/resource-sampler.js';
import type { Config } from '../config/schema.js';
import type { Clock, ProcStats } from '../system/ports.js';

/** How long `clauster status` watches the CPU ticks (only when a bridge is alive). */
export const STATUS_CPU_WINDOW_MS = 500;

/** A checked bridge with the start time its record holds (null when unknown). */
export type MeasuredBridge = Pick<BridgeWithLiveness, 'id' | 'pid' | 'alive'> & {
  startTicks: number | null;
};

/** Bridge id → resources of each alive bridge; {} with metrics off or nothing alive. */
export async function measureAliveBridges(
  bridges: readonly MeasuredBridge[],
  settings: Config['metrics'],
  deps: { clock: Clock; procStats?: ProcStats },
): Promise<ResourceTable> {
  const { procStats } = deps;
  // The start time goes along, so a pid recycled since the liveness check reads as gone.
  const alive = bridges.flatMap((b) =>
    b.alive && b.pid !== null && b.startTicks !== null
      ? [{ id: b.id, pid: b.pid, startTicks: b.startTicks }]
      : [],
  );
  if (!settings.enabled || procStats === undefined || alive.length === 0) return {};
  const sampler = createResourceSampler(
    { pollMs: STATUS_CPU_WINDOW_MS, normalizeCpu: settings.normalize_cpu },
    { clock: deps.clock, procStats, liveBridges: () => alive },
  );
  try {
    await sampler.poll();
    await new Promise((resolve) => setTimeout(resolve, STATUS_CPU_WINDOW_MS));
    return await sampler.poll();
  } finally {
    sampler.close();
  }
}
