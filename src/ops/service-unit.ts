/**
 * systemd unit for `clauster run`. Invariant: the unit always carries `KillMode=process`, so
 * stopping or restarting clauster never signals the detached bridges it supervises.
 * It also offers the dashboard's "Restart clauster": the env var says systemd starts clauster
 * again, and RestartForceExitStatus= makes that true for the restart's exit status.
 */
import { RESTART_EXIT_STATUS, RESTART_ON_EXIT_VAR } from './dashboard-restart.js';

export interface ServiceUnitOptions {
  /** Absolute path of the node binary. */
  nodePath: string;
  /** Absolute path of bin/clauster.js. */
  cliPath: string;
  /** Absolute config path passed as `--config`, if any. */
  configPath?: string;
  /** Directories for PATH, in order (node's and claude's first). */
  pathDirs: readonly string[];
  /** A user unit (`systemctl --user`) or a system unit that runs as `user`. */
  scope: 'user' | 'system';
  /** Account the system unit runs as (ignored for user units). */
  user?: string;
}

/** Characters systemd would treat specially in an unquoted ExecStart word. */
const UNSAFE_WORD = /[\s"'\\$%;]/;

/** Quotes one ExecStart argument the way systemd.service(5) parses it. */
function quoteWord(word: string): string {
  if (!UNSAFE_WORD.test(word)) return word;
  return `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$')}"`;
}

/** Joins PATH entries, dropping duplicates and anything that is not an absolute path. */
export function buildServicePath(dirs: readonly string[]): string {
  const seen = new Set<string>();
  for (const dir of dirs) {
    if (dir.startsWith('/') && !dir.includes(':') && !/\s/.test(dir)) seen.add(dir);
  }
  return [...seen].join(':');
}

/** Renders the unit text (stable: a re-render with the same inputs is byte-identical). */
export function renderServiceUnit(options: ServiceUnitOptions): string {
  const exec = [options.nodePath, options.cliPath, 'run'];
  if (options.configPath) exec.push('--config', options.configPath);
  const service = [
    'Type=simple',
    `ExecStart=${exec.map(quoteWord).join(' ')}`,
    `Environment="PATH=${buildServicePath(options.pathDirs)}"`,
    'Environment=NODE_ENV=production',
    `Environment=${RESTART_ON_EXIT_VAR}=1`,
    ...(options.scope === 'system' && options.user ? [`User=${options.user}`] : []),
    'WorkingDirectory=~',
    '# Restarting clauster must never kill the bridges it started (they are detached).',
    'KillMode=process',
    'KillSignal=SIGTERM',
    'TimeoutStopSec=20',
    'Restart=on-failure',
    'RestartSec=5',
    '# Restart from the dashboard exits with this status; systemd starts clauster again.',
    `RestartForceExitStatus=${RESTART_EXIT_STATUS}`,
    'UMask=0077',
    '# Hardening that bridges tolerate; see docs/install.md for what is left off and why.',
    'NoNewPrivileges=true',
    'PrivateTmp=true',
    'ProtectSystem=full',
  ];
  return [
    '[Unit]',
    'Description=clauster: dashboard supervising claude remote-control bridges',
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    ...service,
    '',
    '[Install]',
    `WantedBy=${options.scope === 'user' ? 'default.target' : 'multi-user.target'}`,
    '',
  ].join('\n');
}

/** Reads `KillMode=` from a unit text; null when the unit does not set it (systemd: control-group). */
export function readKillMode(unitText: string): string | null {
  let mode: string | null = null;
  for (const line of unitText.split('\n')) {
    const match = /^\s*KillMode\s*=\s*(\S+)\s*$/.exec(line);
    if (match?.[1]) mode = match[1];
  }
  return mode;
}
