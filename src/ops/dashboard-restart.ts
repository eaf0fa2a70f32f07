/**
 * Restarting the dashboard from the web UI (POST /api/restart). Node cannot exec() itself in
 * place, so a restart is: close the server as on SIGTERM (bridges are never signalled; the next
 * start re-adopts them), then exit with RESTART_EXIT_STATUS for the supervisor to start
 * clauster again. Invariants: it is offered only when the operator said a supervisor will do
 * that (CLAUSTER_RESTART_ON_EXIT=1, fail closed: anything else is "no"); it is refused while
 * clone jobs run (they are children of the dashboard and would die); a second request while
 * one is under way starts nothing new; the exit happens only after the close finished.
 */
import { fail, ok, type Result } from '../result.js';
import type { Env, Logger } from '../system/ports.js';

/** EX_TEMPFAIL (sysexits.h): the unit's RestartForceExitStatus= restarts on it. */
export const RESTART_EXIT_STATUS = 75;
/** The variable that says a supervisor starts clauster again when it exits. */
export const RESTART_ON_EXIT_VAR = 'CLAUSTER_RESTART_ON_EXIT';

export type RestartRefusal = 'restart-unsupported' | 'clone-jobs-running';

export interface RestartControl {
  /** True when POST /api/restart can work (the variable was 1 at start). */
  readonly available: boolean;
  /** Starts the restart after the caller answered, or says why not; `already`: under way. */
  request(): Result<{ already: boolean }, RestartRefusal>;
}

export interface RestartControlOptions {
  available: boolean;
  /** Queued or running clone jobs right now. */
  activeCloneJobs(): number;
  /** The server's close path, with WebSockets closed as 1012 "service restart". */
  shutdown(): Promise<void>;
  /** Ends the process with `code` (`clauster run` returns it; tests record it). */
  exit(code: number): void;
}

/** Reads CLAUSTER_RESTART_ON_EXIT once: only `1` enables; any other value warns and disables. */
export function readRestartOnExit(env: Env): { enabled: boolean; warning: string | null } {
  const value = env[RESTART_ON_EXIT_VAR];
  if (value === undefined || value === '' || value === '0')
    return { enabled: false, warning: null };
  if (value === '1') return { enabled: true, warning: null };
  const shown = value.length > 20 ? `${value.slice(0, 20)}…` : value;
  return {
    enabled: false,
    warning: `(env) ${RESTART_ON_EXIT_VAR}: expected 1 or 0, found ${JSON.stringify(shown)}; restart from the dashboard stays off`,
  };
}

/** Why a restart cannot start now, or null when it can. */
export function checkRestart(state: {
  available: boolean;
  activeCloneJobs: number;
}): Result<void, RestartRefusal> {
  if (!state.available) {
    return fail(
      'restart-unsupported',
      `clauster was started without ${RESTART_ON_EXIT_VAR}=1, so nothing would start it again: run clauster under systemd via \`clauster install-service\`, or set ${RESTART_ON_EXIT_VAR}=1 under a supervisor that restarts it on exit; otherwise restart it by hand`,
    );
  }
  if (state.activeCloneJobs > 0) {
    const jobs =
      state.activeCloneJobs === 1 ? '1 clone job is' : `${state.activeCloneJobs} clone jobs are`;
    return fail(
      'clone-jobs-running',
      `${jobs} still running and would be cut off by a restart; retry after they finish (or cancel them)`,
    );
  }
  return ok(undefined);
}

/**
 * Creates the restart control. `defer` runs the restart after the current request answered;
 * a failed close is logged and the process still exits (its end releases the lock anyway).
 */
export function createRestartControl(
  options: RestartControlOptions,
  deps: { logger: Logger; defer(task: () => void): void },
): RestartControl {
  let underWay = false;

  async function restart(): Promise<void> {
    try {
      await options.shutdown();
    } catch (error) {
      deps.logger.error('restart: closing the dashboard failed; exiting anyway', { error });
    }
    options.exit(RESTART_EXIT_STATUS);
  }

  return {
    available: options.available,
    request() {
      if (underWay) return ok({ already: true });
      const checked = checkRestart({
        available: options.available,
        activeCloneJobs: options.activeCloneJobs(),
      });
      if (!checked.ok) return checked;
      underWay = true;
      deps.defer(() => void restart());
      return ok({ already: false });
    },
  };
}
