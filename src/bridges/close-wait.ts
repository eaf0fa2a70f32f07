/**
 * What closing the supervisor waits for (design §4). Invariant: close() returns within the
 * longer of the two bounds whatever the work in flight does. Starts and adopts in flight get
 * `launchWaitMs` to record what they spawned or took over; stops in flight (a stop request,
 * or a stop resumed at start) get `stopWaitMs` to finish as a normal stop does (SIGINT, the
 * grace, SIGKILL of the group) and write their final state, so a graceful shutdown (SIGTERM,
 * a restart from the dashboard) never leaves a stop it accepted half done. A stop still
 * running at the bound keeps `intentional_stop` on disk: the next start finishes it.
 */
import { CLOSE_DEADLINE_MS } from '../ops/dashboard-restart.js';
import type { Logger } from '../system/ports.js';
import type { PendingLaunches } from './pending-launches.js';

/** How long close() waits by default for starts in flight to record their bridge. */
export const CLOSE_LAUNCH_WAIT_MS = 5000;
/**
 * How long close() waits by default for stops in flight: the 20 s close deadline of SIGTERM
 * and of a restart, less the listeners' 3 s grace (system/http-listener.ts) and a margin.
 */
export const CLOSE_STOP_WAIT_MS = CLOSE_DEADLINE_MS - 5000;

/** Waits (each bounded) for the starts and the stops in flight; logs what was still running. */
export async function drainInFlight(
  inFlight: { launches: PendingLaunches; stops: PendingLaunches },
  options: { launchWaitMs?: number | undefined; stopWaitMs?: number | undefined },
  deps: { logger?: Logger | undefined },
): Promise<void> {
  const launchWaitMs = options.launchWaitMs ?? CLOSE_LAUNCH_WAIT_MS;
  const stopWaitMs = options.stopWaitMs ?? CLOSE_STOP_WAIT_MS;
  const [launched, stopped] = await Promise.all([
    inFlight.launches.drain(launchWaitMs),
    inFlight.stops.drain(stopWaitMs),
  ]);
  // Their `starting` records are on disk: the next start finds their processes.
  if (!launched)
    deps.logger?.warn('closing with starts still in flight', { waited_ms: launchWaitMs });
  // Their `intentional_stop` is on disk: the next start resumes them (bridge.stop-resumed).
  if (!stopped)
    deps.logger?.warn('closing with stops still in flight; the next start finishes them', {
      waited_ms: stopWaitMs,
    });
}
