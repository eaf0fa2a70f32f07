/**
 * `clauster run` (the default): validate the config (the same verdict as check-config),
 * start the server, print the URL, and shut down gracefully on SIGINT/SIGTERM (exit 0; 1 when a
 * close step failed or the close ran past its deadline, see run-shutdown.ts). Bridges are
 * never signalled: they keep running and are re-adopted by the next start. With
 * CLAUSTER_RESTART_ON_EXIT=1 the dashboard's Restart button closes the server the same way and
 * this returns 75, for the supervisor (systemd's RestartForceExitStatus=75) to start it again.
 * Whatever `run` returns, bin/clauster.js then ends the process at once, whatever handles the
 * close left open.
 */
import { ConfigError } from '../config/problems.js';
import { checkConfig } from '../config/verdict.js';
import { readRestartOnExit } from '../ops/dashboard-restart.js';
import { redactText } from '../security/redact.js';
import { InstanceLockedError, startServer } from '../server.js';
import { StateVersionError } from '../state/schema-version.js';
import { parseCommandArgs } from './args.js';
import type { CliIo, ShutdownSignal } from './io.js';
import { closeOnSignal } from './run-shutdown.js';
import { printVerdict } from './verdict-output.js';

const USAGE = `Usage: clauster [run] [--config PATH]

Start the dashboard (default http://127.0.0.1:7621). A config that fails any validator is
refused before anything binds or writes: one line per problem, exit 2. SIGINT/SIGTERM stop it
(bridges keep running): exit 0, or 1 when stopping failed or took over 20 s.

Options:
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  -h, --help

Environment:
  CLAUSTER_RESTART_ON_EXIT=1   A supervisor starts clauster again when it exits: offer
                               "Restart clauster" in the dashboard (exit status 75).
`;

/** Runs the server until SIGINT/SIGTERM (0, or 1) or a dashboard restart (75); 2 refused, 1 failed. */
export async function runRun(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      spec: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
      usage: USAGE,
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const configPath = parsed.values.config;
  const verdict = await checkConfig(
    configPath === undefined ? { cwd: io.cwd } : { cwd: io.cwd, configPath },
    io.deps,
  );
  printVerdict(verdict, io);
  if (!verdict.ok) return 2;
  // instance_name labels this dashboard in ps/top (and in the UI, via /api/session).
  const label = verdict.config.instance_name;
  if (label !== null) io.setProcessTitle?.(`clauster: ${label}`);

  const restartOnExit = readRestartOnExit(io.env);
  if (restartOnExit.warning !== null) io.stderr(`clauster: ${redactText(restartOnExit.warning)}\n`);
  let signalled: ShutdownSignal | undefined;
  let restartStatus: number | undefined;
  let wake: (() => void) | undefined;
  // Called by the server after its close path finished: return the status from here.
  const restart = {
    exit(code: number): void {
      restartStatus = code;
      wake?.();
    },
  };
  const unsubscribe = io.onShutdown((signal) => {
    signalled ??= signal;
    wake?.();
  });
  try {
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer(verdict.config, io.deps, {
        configSource: { path: verdict.source, cwd: io.cwd },
        ...(restartOnExit.enabled ? { restart } : {}),
      });
    } catch (error) {
      if (
        error instanceof ConfigError ||
        error instanceof InstanceLockedError ||
        error instanceof StateVersionError
      ) {
        io.stderr(`clauster: ${redactText(error.message)}\n`);
        return 2;
      }
      const message = error instanceof Error ? error.message : String(error);
      io.stderr(`clauster: cannot start: ${redactText(message)}\n`);
      return 1;
    }
    io.stdout(`clauster: serving ${server.url}\n`);
    if (signalled === undefined && restartStatus === undefined)
      await new Promise<void>((resolve) => (wake = resolve));
    if (restartStatus !== undefined) {
      io.stderr(
        `clauster: restarting: exit ${restartStatus} for the supervisor (bridges keep running)\n`,
      );
      return restartStatus;
    }
    return await closeOnSignal(server, signalled, io);
  } finally {
    unsubscribe();
  }
}
