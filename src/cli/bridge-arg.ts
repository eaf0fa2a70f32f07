/**
 * The `<project>` / `<project|bridge-id>` argument of the bridge commands: its shape checked
 * the same way in start, stop, restart, adopt, trust and open, then (stop, restart, logs)
 * resolved once.
 */
import {
  type BridgeRefCandidate,
  MIN_ID_PREFIX_CHARS,
  type ProjectPick,
  resolveBridgeRef,
} from '../bridges/bridge-ref.js';
import { checkProjectName } from '../projects/names.js';
import { redactText } from '../security/redact.js';
import { type Options, type ParsedArgs, parseCommandArgs } from './args.js';
import { callDashboard, type DashboardTarget, reportApiError } from './dashboard-client.js';
import { type CommandOutput, reportFailure } from './failure-output.js';
import type { CliIo } from './io.js';

/** What a command's argument may name: a project only, or a project or a bridge. */
export type RefKind = 'project' | 'project-or-bridge';

const NAME_RULE = "1–64 characters of [A-Za-z0-9._-] starting with a letter or digit, without '..'";

// Why a name is checked here and not left to the lookup: a name no project can have is a
// typing error (exit 2), not a project that happens to be unknown or to have no bridge (1).
function describeBadRef(arg: string, kind: RefKind): string {
  const cut = arg.length > 80 ? `${arg.slice(0, 80)}…` : arg;
  const shown = JSON.stringify(redactText(cut));
  if (kind === 'project') {
    return `<project> ${shown} is not a project name: expected ${NAME_RULE} (see \`clauster projects\`)`;
  }
  return `<project|bridge-id> ${shown} is neither a project name nor a bridge id: expected a project name (${NAME_RULE}) or a bridge id or unique prefix such as br-k3xq (see \`clauster status\`)`;
}

/**
 * The command's `<project>` or `<project|bridge-id>` argument, or exit 2 after a usage error
 * when it is missing or no project can have that name. Bridge ids and their prefixes
 * (`br-` and base32) are project-name shaped, so one check serves both kinds.
 */
export function readRefArg(
  out: CommandOutput,
  arg: string | undefined,
  options: { kind: RefKind; usage: string },
  io: CliIo,
): string | number {
  const label = options.kind === 'project' ? '<project>' : '<project|bridge-id>';
  const { usage } = options;
  if (arg === undefined) {
    return reportFailure(
      out,
      { code: 'missing-argument', message: `missing ${label}`, exitCode: 2, usage },
      io,
    );
  }
  if (checkProjectName(arg).ok) return arg;
  const message = describeBadRef(arg, options.kind);
  return reportFailure(out, { code: 'invalid-project-name', message, exitCode: 2, usage }, io);
}

/**
 * The start every command with one `<project>` or `<project|bridge-id>` shares: its arguments
 * parsed, its output mode (`--json`) and its ref checked; the exit code when that ends it.
 */
export function readRefCommand<O extends Options>(
  argv: string[],
  options: { command: string; spec: O; usage: string; kind: RefKind },
  io: CliIo,
): { parsed: ParsedArgs<O>; out: CommandOutput; ref: string } | number {
  const { spec, usage, kind } = options;
  const parsed = parseCommandArgs(argv, { spec, usage, maxPositionals: 1 }, io);
  if (typeof parsed === 'number') return parsed;
  const json = (parsed.values as { json?: unknown }).json === true;
  const out = { command: options.command, json };
  const ref = readRefArg(out, parsed.positionals[0], { kind, usage }, io);
  return typeof ref === 'number' ? ref : { parsed, out, ref };
}

/** How `<project|bridge-id>` may be written, for the commands' --help texts. */
export const BRIDGE_ARG_HELP = `<project|bridge-id> is a project name, a full bridge id (br-xxxxxxxxxxxx) or a unique
prefix of one with at least ${MIN_ID_PREFIX_CHARS} characters after br- (br-k3xq). A ref that matches two bridges
(two ids, or a project and another bridge's id) exits 2 listing them; no match exits 1 (a full
id the dashboard does not know: 2).`;

/**
 * The bridge id `ref` names among `bridges`, or the exit code after printing why not:
 * 2 for a prefix that is too short or ambiguous (usage), 1 when nothing matches.
 */
export function resolveBridgeArg(
  command: string,
  ref: string,
  options: { bridges: readonly BridgeRefCandidate[]; pick: ProjectPick; json?: boolean },
  io: CliIo,
): string | number {
  const resolved = resolveBridgeRef(ref, options.bridges, options.pick);
  if (resolved.ok) return resolved.value;
  const exitCode = resolved.code === 'not-found' ? 1 : 2;
  const out = { command, json: options.json === true };
  return reportFailure(out, { code: resolved.code, message: resolved.detail, exitCode }, io);
}

/**
 * The id `ref` names among the running dashboard's bridges (`GET /api/bridges`), or the exit
 * code after saying why not.
 */
export async function findDashboardBridgeId(
  out: CommandOutput,
  target: DashboardTarget,
  request: { ref: string; pick: ProjectPick },
  io: CliIo,
): Promise<string | number> {
  const answer = await callDashboard(target, { method: 'GET', path: '/api/bridges' }, io);
  if (answer.status !== 200) return reportApiError(out, answer, io);
  const bridges = (answer.body.bridges ?? []) as BridgeRefCandidate[];
  const options = { bridges, pick: request.pick, json: out.json };
  return resolveBridgeArg(out.command, request.ref, options, io);
}
