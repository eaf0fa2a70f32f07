/** What `clauster init` prints: the written file and next steps, or why nothing was written. */
import { PLAIN_HTTP_FIX } from '../config/cookie-posture.js';
import { findConfigFile } from '../config/load.js';
import { formatProblem } from '../config/problems.js';
import type { StarterWrite } from '../config/starter-file.js';
import type { CliIo } from './io.js';
import { shellQuote } from './shell-quote.js';

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

// A starter file has no TLS: on a network host the login travels as plain http.
const HTTPS_HINT = `That is plain http: on the network the password and the session cookie can be read by anyone on the LAN. For https, ${PLAIN_HTTP_FIX}.`;

/** The URL the dashboard will serve (no TLS in a starter file). */
function describeUrl(host: string, port: number): string {
  if (WILDCARD_HOSTS.has(host)) return `http://<this machine's address>:${port}/`;
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}

/** Without projects_root the dashboard lists nothing: say so, and the key to add. */
function noProjectsRootLines(path: string): string[] {
  return [
    'projects_root is not set, so the dashboard will list no projects. Add the directory whose',
    `children are your projects to ${path}, e.g.`,
    '  projects_root: ~/projects',
    '(the directory must exist; create it first if needed).',
    '',
  ];
}

/**
 * Prints the success report. `check-config` and `run` leave `-c` out when they would find the
 * file from here anyway; `install-service` always names it, because the unit's process runs
 * from `~` without this shell's CLAUSTER_CONFIG or CLAUSTER_HOME and would otherwise start on
 * defaults (naming the file is harmless even where the unit would find it). The service step
 * is the user unit docs/install.md recommends (as non-root the system form would render
 * `User=` and multi-user.target); its `--write` prints the systemctl and linger steps.
 */
export async function printInitWritten(
  written: { path: string; keys: string[]; host: string; loopback: boolean; port: number },
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
  // Found from any directory only through CLAUSTER_CONFIG or CLAUSTER_HOME; else say how.
  const everywhere = await findConfigFile({ cwd: io.cwd, searchCwd: false }, io.deps);
  const profileLines =
    everywhere === path
      ? []
      : [
          'Commands run from another directory need -c, or this in your shell profile:',
          `  export CLAUSTER_CONFIG=${shellQuote(path)}`,
          '',
        ];
  const steps = [
    [`clauster check-config${option}`, 'validate it exactly as run would'],
    [`clauster run${option}`, 'start the dashboard'],
  ];
  const width = Math.max(...steps.map(([command]) => command?.length ?? 0));
  io.stdout(
    [
      `Wrote ${path} (mode 0600): ${keys.filter((key) => key !== 'auth.password_hash').join(', ')}`,
      '',
      ...(keys.includes('projects_root') ? [] : noProjectsRootLines(path)),
      'Next steps:',
      ...steps.map(([command, why]) => `  ${command?.padEnd(width)}  # ${why}`),
      '',
      ...profileLines,
      'Or run it as a user service (for a system unit run by a service account, see',
      'docs/install.md, "System install"):',
      `  clauster install-service systemd --user --write${named}`,
      '',
      `The dashboard will serve ${describeUrl(written.host, written.port)}`,
      ...(written.loopback ? [] : [HTTPS_HINT]),
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
  // With --json the result document on stdout, and the same lines on stderr in both modes.
  if (json) {
    const { reason, problems } = outcome;
    io.stdout(`${JSON.stringify({ path, written: false, reason, problems })}\n`);
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
