/** `clauster install-service systemd [--user] [--write [PATH]] [--force] [--config P]`. */
import { accessSync, constants } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { expandHome } from '../config/load.js';
import { renderServiceUnit } from '../ops/service-unit.js';
import { writeFileAtomic } from '../state/atomic-write.js';
import { resolvePackagePath } from '../system/package-root.js';
import { argvAsksJson, reportUsageError } from './failure-output.js';
import type { CliIo } from './io.js';

const HELP = `Usage: clauster install-service systemd [--user] [--write [PATH]] [--force] [-c|--config P]

Prints a systemd unit that runs \`clauster run\` with KillMode=process, so restarting
clauster never kills running bridges. With --write, installs it (default path:
~/.config/systemd/user/clauster.service with --user, else /etc/systemd/system/clauster.service).
A different existing unit is only replaced with --force.

Options:
  --user              A user unit (systemctl --user) instead of a system unit that runs as
                      the current user
  --write [PATH]      Install the unit at PATH (default above) instead of printing it
  --force             With --write, replace an existing unit that differs
  -c, --config PATH   Config file baked into ExecStart as an absolute path (the unit runs from
                      ~ without this shell's environment, so name the file unless it is
                      ~/clauster.yml)
  -h, --help          Show this help
`;

/** Finds an executable named `name` on a PATH string. */
function findOnPath(name: string, pathValue: string | undefined): string | null {
  for (const dir of (pathValue ?? '').split(':')) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** `--write` takes an optional value, which parseArgs cannot express: split it off first. */
function splitWriteFlag(argv: string[]): { rest: string[]; write: boolean; path: string | null } {
  const index = argv.indexOf('--write');
  if (index === -1) return { rest: argv, write: false, path: null };
  const next = argv[index + 1];
  const hasPath = next !== undefined && !next.startsWith('-') && next !== 'systemd';
  const rest = [...argv.slice(0, index), ...argv.slice(index + (hasPath ? 2 : 1))];
  return { rest, write: true, path: hasPath ? next : null };
}

/** Runs the command; returns the exit code. */
export async function runInstallService(argv: string[], io: CliIo): Promise<number> {
  const { rest, write, path } = splitWriteFlag(argv);
  // No --json here, but a --json in argv still gets its usage error as the error body.
  const usageError = (message: string): number => {
    const out = { command: 'install-service', json: argvAsksJson(argv) };
    return reportUsageError(out, { message, usage: HELP }, io);
  };
  let parsed: ReturnType<typeof parseInstallArgs>;
  try {
    parsed = parseInstallArgs(rest);
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (parsed.values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (parsed.positionals[0] !== 'systemd' || parsed.positionals.length !== 1) {
    const got = JSON.stringify(parsed.positionals.join(' '));
    return usageError(`only "systemd" is supported (got ${got})`);
  }
  const scope = parsed.values.user ? 'user' : 'system';
  const home = io.deps.home;
  if (parsed.values.config === '') {
    return usageError('--config: expected a file path, got an empty string');
  }
  // Absolute, so the unit finds the file whatever its WorkingDirectory (a quoted ~ expanded too).
  const configPath =
    parsed.values.config === undefined
      ? undefined
      : resolve(io.cwd, expandHome(parsed.values.config, home));
  const claude = findOnPath('claude', io.env.PATH);
  const unit = renderServiceUnit({
    nodePath: process.execPath,
    cliPath: resolvePackagePath('bin', 'clauster.js'),
    ...(configPath === undefined ? {} : { configPath }),
    pathDirs: [
      dirname(process.execPath),
      ...(claude ? [dirname(claude)] : []),
      join(home, '.local', 'bin'),
      '/usr/local/bin',
      '/usr/bin',
      '/bin',
    ],
    scope,
    user: io.env.USER ?? io.env.LOGNAME ?? 'root',
  });
  if (!write) {
    io.stdout(unit);
    return 0;
  }
  const target =
    path !== null
      ? resolve(io.cwd, path)
      : scope === 'user'
        ? join(home, '.config', 'systemd', 'user', 'clauster.service')
        : '/etc/systemd/system/clauster.service';
  const existing = await readFile(target, 'utf8').catch(() => null);
  if (existing === unit) {
    io.stdout(`${target} is already up to date\n`);
    return 0;
  }
  if (existing !== null && !parsed.values.force) {
    io.stderr(
      `clauster install-service: ${target} exists and differs; pass --force to replace it\n`,
    );
    return 1;
  }
  await mkdir(dirname(target), { recursive: true });
  await writeFileAtomic(target, unit, { mode: 0o644 }, io.deps);
  const ctl = scope === 'user' ? 'systemctl --user' : 'sudo systemctl';
  // A user manager stops at logout, and its units (bridges included) with it, unless lingering.
  const linger = scope === 'user' ? ' && loginctl enable-linger "$USER"' : '';
  io.stdout(
    `wrote ${target}\nnext: ${ctl} daemon-reload && ${ctl} enable --now clauster${linger}\n`,
  );
  return 0;
}

function parseInstallArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      user: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
