/** `clauster doctor`: run every check and print a table (or JSON); exit 1 on any FAIL. */
import { createServer } from 'node:net';
import { loadConfig } from '../config/load.js';
import { ConfigError } from '../config/problems.js';
import { checkConfig } from '../config/verdict.js';
import type { DoctorInput, PortProbe } from '../doctor/check.js';
import { defaultSystemdDirs, runDoctorChecks } from '../doctor/checks.js';
import { formatDoctorTable, toDoctorJson } from '../doctor/report.js';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../doctor/run-checks.js';
import { redactText } from '../security/redact.js';
import { readRedactorStatus } from '../system/native-redactor.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import { reportUsageError } from './failure-output.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster doctor [--config PATH] [--json] [--timeout SECONDS]

Check the config, auth posture, claude CLI, claude login, remote-control flag,
projects_root, state_dir, state files, git, workspace trust, port, systemd unit,
Node runtime and redaction engine.
Exit 1 if any row is FAIL, 0 otherwise. See docs/doctor.md.

Options:
  -c, --config PATH     Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  --json                Print {ok, checks:[{id, status, detail, fix}], generated_at}
  --timeout SECONDS     Time limit per check (default ${DEFAULT_CHECK_TIMEOUT_MS / 1000})
  -h, --help
`;

/** Binds host:port for a moment to see whether it is free. */
export const probePort: PortProbe = (host, port) =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve('in-use');
      else reject(error);
    });
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => resolve('free'));
    });
  });

/** Loads what the doctor knows about the config: the verdict, plus the config when it parses. */
async function readDoctorInput(configPath: string | undefined, io: CliIo): Promise<DoctorInput> {
  const options = configPath === undefined ? { cwd: io.cwd } : { cwd: io.cwd, configPath };
  const verdict = await checkConfig(options, io.deps);
  if (verdict.ok) return { config: verdict.config, source: verdict.source, problems: [] };
  try {
    // The schema may pass while a startup validator refuses: the other rows still get a config.
    const loaded = await loadConfig(options, io.deps);
    return { config: loaded.config, source: verdict.source, problems: verdict.problems };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { config: null, source: verdict.source, problems: verdict.problems };
  }
}

function parseTimeout(raw: string | undefined): number | null {
  if (raw === undefined) return DEFAULT_CHECK_TIMEOUT_MS;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds > 0 && seconds <= 600 ? seconds * 1000 : null;
}

/** Runs the doctor; exit 0 no FAIL, 1 any FAIL, 2 usage error. */
export async function runDoctor(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      spec: { timeout: { type: 'string' }, ...CONFIG_JSON_OPTIONS },
      usage: USAGE,
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const timeoutMs = parseTimeout(parsed.values.timeout);
  if (timeoutMs === null) {
    const shown = JSON.stringify(redactText(String(parsed.values.timeout)));
    const message = `--timeout ${shown}: expected a number of seconds above 0 and at most 600, such as --timeout 30`;
    const out = { command: 'doctor', json: parsed.values.json === true };
    return reportUsageError(out, { code: 'invalid-option', message, usage: USAGE }, io);
  }
  const input = await readDoctorInput(parsed.values.config, io);
  const host = {
    nodeVersion: process.version,
    systemdDirs: defaultSystemdDirs(io.deps.home),
    probePort,
    redactor: readRedactorStatus(),
  };
  const report = await runDoctorChecks(input, { host, timeoutMs }, io.deps);
  if (parsed.values.json) io.stdout(`${JSON.stringify(toDoctorJson(report), null, 2)}\n`);
  else io.stdout(formatDoctorTable(report));
  return report.ok ? 0 : 1;
}
