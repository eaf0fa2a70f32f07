/** Whether recorded bridges are still the very processes that were started (read-only check). */
import type { Processes } from '../system/ports.js';
import { isSameBridgeProcess } from './process-exit.js';
import { type Bridge, type BridgeRecord, isLiveStatus, toBridge } from './record.js';

export type BridgeWithLiveness = Bridge & {
  /** True only for a live status whose pid still names the same remote-control process. */
  alive: boolean;
};

/** Adds `alive` to each record (pid + start ticks + boot id + cmdline). */
export async function checkBridgesAlive(
  records: readonly BridgeRecord[],
  deps: { processes: Processes },
): Promise<BridgeWithLiveness[]> {
  const out: BridgeWithLiveness[] = [];
  for (const record of records) {
    const identity =
      isLiveStatus(record.status) && record.pid !== null
        ? await deps.processes.identity(record.pid)
        : null;
    out.push({ ...toBridge(record), alive: isSameBridgeProcess(identity, record) });
  }
  return out;
}
