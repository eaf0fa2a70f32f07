/**
 * Reads a running bridge's options back from its command line (/proc/<pid>/cmdline), for
 * adopting a `claude remote-control` started outside clauster (claude-cli.md §2.1, §2.3).
 * Invariant: only a bridge subcommand as its own argv element, directly after the program
 * (and an interpreter's script path), counts; the pty flag `--remote-control` of an
 * interactive `claude` never does. Anything this reader does not know is refused, never
 * guessed: a wrong read-back would be shown, and reused by a restart, as the truth.
 */
import { BRIDGE_SUBCOMMANDS } from '../claude/bridge-pointer.js';
import { PERMISSION_MODES, SPAWN_MODES } from '../config/schema.js';
import { fail, ok, type Result } from '../result.js';
import { showTextCut } from '../security/show-text.js';

/** The options read back: absent flags stay undefined (the CLI's own defaults apply). */
export interface BridgeCommand {
  permissionMode?: string;
  spawnMode?: string;
  capacity?: string;
  name?: string;
}

type ReadKey = 'permissionMode' | 'spawnMode' | 'capacity' | 'name';

/** Flags whose value is read back. */
const READ_FLAGS: Readonly<Record<string, ReadKey>> = {
  '--permission-mode': 'permissionMode',
  '--spawn': 'spawnMode',
  '--capacity': 'capacity',
  '--name': 'name',
};
/** Flags with a value that is accepted and not needed. */
const SKIPPED_VALUE_FLAGS = new Set(['--debug-file', '--remote-control-session-name-prefix']);
/** Switches without a value. */
const SWITCHES = new Set([
  '-v',
  '--verbose',
  '--sandbox',
  '--no-sandbox',
  '--create-session-in-dir',
  '--no-create-session-in-dir',
]);

function shown(text: string): string {
  return showTextCut(JSON.stringify(text), 62);
}

/** Where the bridge subcommand sits, or -1: only program and script path may precede it. */
function findSubcommand(cmdline: readonly string[]): number {
  for (let i = 1; i < cmdline.length && i <= 2; i += 1) {
    const arg = cmdline[i] as string;
    if (BRIDGE_SUBCOMMANDS.has(arg)) return i;
    if (arg.startsWith('-')) return -1;
  }
  return -1;
}

/** Splits `--flag=value` / `--flag value`; null value when the value is missing. */
function splitFlag(args: readonly string[], i: number): { flag: string; value: string | null } {
  const arg = args[i] as string;
  const eq = arg.indexOf('=');
  if (eq > 0) return { flag: arg.slice(0, eq), value: arg.slice(eq + 1) };
  return { flag: arg, value: args[i + 1] ?? null };
}

/** Reads a bridge command line; refuses anything that is not plainly a standard bridge. */
export function readBridgeCommand(
  cmdline: readonly string[],
): Result<BridgeCommand, 'not-adoptable'> {
  if (cmdline.includes('--remote-control')) {
    return fail(
      'not-adoptable',
      'it is an interactive `claude --remote-control` session (pty), not a standalone bridge; only `claude remote-control` can be adopted',
    );
  }
  const index = findSubcommand(cmdline);
  if (index === -1) {
    return fail(
      'not-adoptable',
      `its command line is not a \`claude remote-control\` bridge (expected one of ${[...BRIDGE_SUBCOMMANDS].join(', ')} right after the program)`,
    );
  }
  const command: BridgeCommand = {};
  const args = cmdline.slice(index + 1);
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (SWITCHES.has(arg)) continue;
    const { flag, value } = splitFlag(args, i);
    const key = READ_FLAGS[flag];
    if (key === undefined && !SKIPPED_VALUE_FLAGS.has(flag)) {
      return fail(
        'not-adoptable',
        `its command line has ${shown(arg)}, which clauster does not know`,
      );
    }
    if (value === null)
      return fail('not-adoptable', `its command line has ${flag} without a value`);
    if (!arg.includes('=')) i += 1;
    if (key === undefined) continue;
    if (command[key] !== undefined) {
      return fail('not-adoptable', `its command line gives ${flag} more than once`);
    }
    command[key] = value;
  }
  return checkValues(command);
}

// Values the CLI would have refused (or that a clauster restart could not repeat).
function checkValues(command: BridgeCommand): Result<BridgeCommand, 'not-adoptable'> {
  const { permissionMode, spawnMode, capacity } = command;
  if (
    permissionMode !== undefined &&
    !(PERMISSION_MODES as readonly string[]).includes(permissionMode)
  ) {
    return fail(
      'not-adoptable',
      `--permission-mode ${shown(permissionMode)}: expected one of ${PERMISSION_MODES.join(', ')}`,
    );
  }
  if (spawnMode !== undefined && !(SPAWN_MODES as readonly string[]).includes(spawnMode)) {
    return fail(
      'not-adoptable',
      `--spawn ${shown(spawnMode)}: expected one of ${SPAWN_MODES.join(', ')}`,
    );
  }
  if (capacity !== undefined && !/^[1-9]\d{0,5}$/.test(capacity)) {
    return fail('not-adoptable', `--capacity ${shown(capacity)}: expected a positive whole number`);
  }
  return ok(command);
}
