/**
 * CLI entry: dispatch table of commands, each lazily imported so `clauster version` does not
 * load the server. Exit codes: 0 ok, 1 operation failed, 2 usage or config error.
 */
import { argvAsksJson, reportFailure, reportUsageError } from './failure-output.js';
import { type CliIo, createProcessIo } from './io.js';
import { tryInstallRedactor } from './redactor-install.js';

export type Command = (argv: string[], io: CliIo) => Promise<number>;

interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

/** Add a command: one entry, `load` imports src/cli/<command>.ts lazily. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  init: {
    summary: 'Write a starter config (asks on a terminal; never overwrites; --yes for defaults)',
    load: async () => (await import('./init.js')).runInit,
  },
  run: {
    summary: 'Start the dashboard (default command)',
    load: async () => (await import('./run.js')).runRun,
  },
  'check-config': {
    summary: 'Validate the config exactly as `run` would, then exit',
    load: async () => (await import('./check-config.js')).runCheckConfig,
  },
  config: {
    summary: 'Config file tools: `config reconcile` rewrites deprecated and ignored keys',
    load: async () => (await import('./config.js')).runConfig,
  },
  'api-token': {
    summary: 'Issue, list or revoke API bearer tokens',
    load: async () => (await import('./api-token.js')).runApiToken,
  },
  'hash-password': {
    summary: 'Print an argon2id hash for auth.password_hash',
    load: async () => (await import('./hash-password.js')).runHashPassword,
  },
  doctor: {
    summary:
      'Check config, auth, claude, claude-login, remote-control, projects_root, state_dir, state-files, git, workspace-trust, port, systemd, node, redaction; exit 1 on FAIL',
    load: async () => (await import('./doctor.js')).runDoctor,
  },
  clone: {
    summary: 'Clone a git URL into projects_root (https/ssh, public hosts); --dry-run checks only',
    load: async () => (await import('./clone.js')).runClone,
  },
  'reap-environments': {
    summary: 'List ghost Remote Control environments (dry run), --archive or --force-delete them',
    load: async () => (await import('./reap-environments.js')).runReapEnvironments,
  },
  projects: {
    summary:
      'List projects with trust state, git flag and bridge; `projects create <name>` adds one',
    load: async () => (await import('./projects.js')).runProjects,
  },
  status: {
    summary: 'List recorded bridges and whether each is still alive (no server needed)',
    load: async () => (await import('./status.js')).runStatus,
  },
  usage: {
    summary: 'Tokens per model and approximate cost of a transcript file or a project',
    load: async () => (await import('./usage.js')).runUsage,
  },
  trust: {
    summary: 'Trust a project for the claude CLI in ~/.claude.json',
    load: async () => (await import('./trust.js')).runTrust,
  },
  start: {
    summary: 'Start a bridge through the running dashboard',
    load: async () => (await import('./start.js')).runStart,
  },
  stop: {
    summary: 'Stop a bridge (by project or bridge id) through the running dashboard',
    load: async () => (await import('./stop.js')).runStop,
  },
  restart: {
    summary: 'Restart a stopped or crashed bridge with its last options through the dashboard',
    load: async () => (await import('./restart.js')).runRestart,
  },
  adopt: {
    summary: 'Take over a bridge started outside clauster (terminal, other tool) as managed',
    load: async () => (await import('./adopt.js')).runAdopt,
  },
  logs: {
    summary: 'Print a bridge log, redacted (-f follows; --raw prints the verbatim file)',
    load: async () => (await import('./logs.js')).runLogs,
  },
  open: {
    summary: "Print a running bridge's connect URL (--qr draws it as a terminal QR code)",
    load: async () => (await import('./open.js')).runOpen,
  },
  mcp: {
    summary:
      'Serve MCP over stdio for agents: read tools; start/stop/restart with mcp.allow_writes',
    load: async () => (await import('./mcp.js')).runMcp,
  },
  'install-service': {
    summary: 'Print or --write a systemd unit for `clauster run` (KillMode=process)',
    load: async () => (await import('./install-service.js')).runInstallService,
  },
  backup: {
    summary: 'Write a 0600 tar.gz of state_dir and the config (--with-logs adds bridge logs)',
    load: async () => (await import('./backup.js')).runBackupCommand,
  },
  restore: {
    summary: 'Restore a backup into --state-dir (refuses unsafe members and a non-empty dir)',
    load: async () => (await import('./backup.js')).runRestore,
  },
  redact: {
    summary: 'Filter stdin to stdout with ids, tokens and secrets masked',
    load: async () => (await import('./redact.js')).runRedact,
  },
  'webhook-test': {
    summary: 'Send one test payload to each webhooks.urls entry; exit 1 if any fails',
    load: async () => (await import('./webhook-test.js')).runWebhookTest,
  },
  version: {
    summary: 'Print the clauster version',
    load: async () => (await import('./version.js')).runVersion,
  },
};

const DEFAULT_COMMAND = 'run';

function formatHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`,
  );
  return [
    'Usage: clauster [command] [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `clauster help <command>` (or `clauster <command> --help`) for the options of a command.',
    '',
  ].join('\n');
}

/** The command `argv` runs (`help` for the command list; `run` when it starts with an option). */
export function resolveCommandName(argv: readonly string[]): string {
  const [first] = argv;
  if (first === '--help' || first === '-h' || first === 'help') return 'help';
  if (first === '--version') return 'version';
  return first === undefined || first.startsWith('-') ? DEFAULT_COMMAND : first;
}

function findCommand(name: string): CommandEntry | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

// `clauster help [command [subcommand]]`: the command list, or that command's own --help.
async function runHelp(words: string[], io: CliIo): Promise<number> {
  const [topic, ...more] = words;
  if (topic === undefined || topic === 'help') {
    io.stdout(formatHelp());
    return 0;
  }
  const entry = findCommand(topic);
  if (entry === undefined) {
    const message = `unknown command '${topic}'; run \`clauster help\` for the list`;
    return reportUsageError({ command: 'help', json: argvAsksJson(words) }, { message }, io);
  }
  return runCommand(topic, entry, [...more, '--help'], io);
}

/**
 * The real process's CliIo for command `name`: `run` keeps serving when its stdout fails (it
 * printed its one line; its log goes to stderr), every other command ends as io.ts says.
 */
function createIoFor(name: string): CliIo {
  const command = findCommand(name) === undefined ? {} : { command: name };
  return createProcessIo({ ...command, keepGoingOnStdoutError: name === DEFAULT_COMMAND });
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], given?: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const name = resolveCommandName(argv);
  const io = given ?? createIoFor(name);
  if (name === 'help') return runHelp(first === 'help' ? rest : [], io);
  // The command word (or --version) is consumed; with none, `run` gets every argument.
  const args = name === DEFAULT_COMMAND && first !== DEFAULT_COMMAND ? argv : rest;
  const entry = findCommand(name);
  if (entry === undefined) {
    const out = { command: '', json: argvAsksJson(argv) };
    const message = `unknown command '${name}'`;
    return reportUsageError(out, { message, usage: formatHelp() }, io);
  }
  return runCommand(name, entry, args, io);
}

async function runCommand(
  name: string,
  entry: CommandEntry,
  args: string[],
  io: CliIo,
): Promise<number> {
  try {
    // The redaction engine, before the command redacts anything (a bad CLAUSTER_REDACTOR ends here).
    const refused = tryInstallRedactor(io);
    if (refused !== null)
      return reportUsageError({ command: name, json: argvAsksJson(args) }, refused, io);
    const command = await entry.load();
    return await command(args, io);
  } catch (error) {
    // The last resort: redacted (reportFailure), and with --json still the error body.
    const message = error instanceof Error ? error.message : String(error);
    const out = { command: name, json: argvAsksJson(args) };
    return reportFailure(out, { code: 'internal-error', message, exitCode: 1 }, io);
  }
}
