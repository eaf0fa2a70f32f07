/**
 * Restarting the dashboard from the web UI (POST /api/restart). Node cannot exec() itself in
 * place, so a restart is: close the server as on SIGTERM (bridges are never signalled; the next
 * start re-adopts them), then exit with RESTART_EXIT_STATUS for the supervisor to start
 * clauster again. Invariants: it is offered only when the operator said a supervisor will do
 * that (CLAUSTER_RESTART_ON_EXIT=1, fail closed: anything else is "no"); it is refused while
 * clone jobs run (they are children of the dashboard and would die); a second request while
 * one is under way starts nothing new; nothing closes before the claim was confirmed (the
 * caller audited it) and then either answered (begin()) or RESTART_BEGIN_FALLBACK_MS passed
 * without that answer going out (a client that pipelined the request behind a response it does
 * not read), so a confirmed claim cannot stay stuck and no restart runs unaudited;
 * the exit happens after the close finished, failed, or ran past its deadline — a close that
 * hangs (a client that never reads) can never keep the old process alive with the port shut.
 */
import { fail, ok, type Result } from '../result.js';
import type { Env, Logger } from '../system/ports.js';

/** EX_TEMPFAIL (sysexits.h): the unit's RestartForceExitStatus= restarts on it. */
export const RESTART_EXIT_STATUS = 75;
/** The variable that says a supervisor starts clauster again when it exits. */
export const RESTART_ON_EXIT_VAR = 'CLAUSTER_RESTART_ON_EXIT';
/** How long a close (a restart's, or SIGTERM's in `clauster run`) may take before the exit. */
export const CLOSE_DEADLINE_MS = 20_000;
/** How long a claimed restart waits for its answer to be sent before it begins anyway. */
const RESTART_BEGIN_FALLBACK_MS = 5_000;

export type RestartRefusal = 'restart-unsupported' | 'clone-jobs-running';

export interface RestartControl {
  /** True when POST /api/restart can work (the variable was 1 at start). */
  readonly available: boolean;
  /** Claims the restart (nothing closes yet), or says why not; `already`: one is claimed. */
  request(): Result<{ already: boolean }, RestartRefusal>;
  /**
   * The claim is recorded (its audit entry written): from now on the restart runs by itself
   * RESTART_BEGIN_FALLBACK_MS later if begin() never comes. Before this, only begin() or
   * release() ends a claim, so a slow audit write can never let an unaudited restart run.
   */
  confirm(): void;
  /** Runs the claimed restart: the close path, then exit 75. Call once the answer was sent. */
  begin(): void;
  /** Gives a claim back before begin() (the request failed after request(), e.g. its audit). */
  release(): void;
}

export interface RestartControlOptions {
  available: boolean;
  /** Queued or running clone jobs right now. */
  activeCloneJobs(): number;
  /** The server's close path, with WebSockets closed as 1012 "service restart". */
  shutdown(): Promise<void>;
  /**
   * Hands the exit status on: `clauster run` returns it and bin/clauster.js ends the process
   * with it (tests record it).
   */
  exit(code: number): void;
  /** The close's deadline (default CLOSE_DEADLINE_MS); exit follows it in any case. */
  deadlineMs?: number;
  /** When a confirmed claim begins without begin() (default RESTART_BEGIN_FALLBACK_MS). */
  beginFallbackMs?: number;
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

/** Settles with the close's outcome (rejects with its error), or 'timeout' after `deadlineMs`. */
export async function closeWithin(
  shutdown: () => Promise<void>,
  deadlineMs: number,
): Promise<'closed' | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A ref'd timer: while the close hangs it is what ends the wait.
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), deadlineMs);
  });
  try {
    const closed = Promise.resolve()
      .then(shutdown)
      .then(() => 'closed' as const);
    return await Promise.race([closed, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Creates the restart control. The caller claims with request(), answers, then calls begin();
 * a failed or overdue close is logged and the process still exits (its end frees the port
 * and the lock whatever the close left behind).
 */
export function createRestartControl(
  options: RestartControlOptions,
  deps: { logger: Logger },
): RestartControl {
  let state: 'idle' | 'claimed' | 'running' = 'idle';
  let fallback: ReturnType<typeof setTimeout> | undefined;
  const deadlineMs = options.deadlineMs ?? CLOSE_DEADLINE_MS;

  async function restart(): Promise<void> {
    try {
      if ((await closeWithin(options.shutdown, deadlineMs)) === 'timeout') {
        deps.logger.error(
          `restart: closing the dashboard did not finish within ${deadlineMs} ms; exiting anyway`,
        );
      }
    } catch (error) {
      deps.logger.error('restart: closing the dashboard failed; exiting anyway', { error });
    }
    options.exit(RESTART_EXIT_STATUS);
  }

  const control: RestartControl = {
    available: options.available,
    request() {
      if (state !== 'idle') return ok({ already: true });
      const checked = checkRestart({
        available: options.available,
        activeCloneJobs: options.activeCloneJobs(),
      });
      if (!checked.ok) return checked;
      state = 'claimed';
      return ok({ already: false });
    },
    confirm() {
      if (state !== 'claimed' || fallback !== undefined) return;
      // Ref'd, like the deadline: a confirmed restart always runs, answered or not.
      fallback = setTimeout(
        () => control.begin(),
        options.beginFallbackMs ?? RESTART_BEGIN_FALLBACK_MS,
      );
    },
    begin() {
      clearTimeout(fallback);
      if (state !== 'claimed') return;
      state = 'running';
      void restart();
    },
    release() {
      clearTimeout(fallback);
      fallback = undefined;
      if (state === 'claimed') state = 'idle';
    },
  };
  return control;
}
