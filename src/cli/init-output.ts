/** What `clauster init` prints: the written file and next steps, or why nothing was written. */
import { findConfigFile } from '../config/load.js';
import { formatProblem } from '../config/problems.js';
import type { StarterWrite } from '../config/starter-file.js';
import type { CliIo } from './io.js';

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./~:@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The URL the dashboard will serve (no TLS in a starter file). */
function describeUrl(host: string, port: number): string {
  if (WILDCARD_HOSTS.has(host)) return `http://<this machine's address>:${port}/`;
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}

/**
 * Prints the success report. `check-config` and `run` leave `-c` out when they would find the
 * file from here anyway; `install-service` always names it, because the unit's process runs
 * from `~` without this shell's CLAUSTER_CONFIG or CLAUSTER_HOME and would otherwise start on
 * defaults (naming the file is harmless even where the unit would find it).
 */
export async function printInitWritten(
  written: { path: string; keys: string[]; host: string; port: number },
  json: boolean,
  io: CliIo,
): Promise<void> {
  const { path, keys } = written;
  if (json) {
    io.stdout(`${JSON.stringify({ path, written: true, keys })}\n`);
    return;
  }
  const found = await findConfigFile({ cwd: io.cwd }, io.deps);
  const named = ` -c ${shellQuote(path)}`;
  const option = found === path ? '' : named;
  const steps = [
    [`clauster check-config${option}`, 'validate it exactly as run would'],
    [`clauster run${option}`, 'start the dashboard'],
    [`clauster install-service systemd${named}`, 'or run it as a service'],
  ];
  const width = Math.max(...steps.map(([command]) => command?.length ?? 0));
  io.stdout(
    [
      `Wrote ${path} (mode 0600): ${keys.filter((key) => key !== 'auth.password_hash').join(', ')}`,
      '',
      'Next steps:',
      ...steps.map(([command, why]) => `  ${command?.padEnd(width)}  # ${why}`),
      '',
      `The dashboard will serve ${describeUrl(written.host, written.port)}`,
      '',
    ].join('\n'),
  );
}

/** Prints why nothing was written. */
export function printInitRefused(
  path: string,
  outcome: Extract<StarterWrite, { written: false }>,
  json: boolean,
  io: CliIo,
): void {
  if (json) {
    const { reason, problems } = outcome;
    io.stdout(`${JSON.stringify({ path, written: false, reason, problems })}\n`);
    return;
  }
  if (outcome.reason === 'exists') {
    io.stderr(
      `clauster init: ${path} already exists; init never overwrites a config file. Edit it (clauster.example.yml lists every key), or run \`clauster config reconcile -c ${shellQuote(path)}\` to update old keys.\n`,
    );
    return;
  }
  io.stderr('clauster init: the starter config would not pass the config check; nothing written\n');
  for (const problem of outcome.problems) io.stderr(`refused: ${formatProblem(problem)}\n`);
}
