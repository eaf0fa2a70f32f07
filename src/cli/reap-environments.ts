/**
 * `clauster reap-environments`: list ghost Remote Control environments (dry run), archive
 * them, or force-delete them after the operator types DELETE (or passes --yes-delete).
 * Exit 0 ok, 1 aborted or any failure, 2 usage or config error.
 */

import type { Config } from '../config/schema.js';
import { checkConfig } from '../config/verdict.js';
import { type ReaperSettings, reapEnvironments, scanGhosts } from '../reaper/reap.js';
import { prepareStateDir } from '../state/state-dir.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import { createCliAuditLog } from './cli-audit.js';
import { formatErrorBody, reportFailure, reportUsageError } from './failure-output.js';
import type { CliIo } from './io.js';
import { createLineReader } from './prompt.js';
import { formatReport, formatScan, reportToJson, scanToJson } from './reap-output.js';
import { describeConfigRefusal, printVerdict } from './verdict-output.js';

const USAGE = `Usage: clauster reap-environments [--archive | --force-delete [--yes-delete]] [--json] [--config PATH]

List ghost Remote Control environments: type bridge, directory inside projects_root, and no
live bridge or bridge pointer. Without an action this is a dry run that changes nothing.
See docs/reaper.md for the safety rules.

Options:
  --archive           Archive every ghost (reversible)
  --force-delete      Hard-delete every ghost (discards queued work); asks you to type DELETE
  --yes-delete        Confirm --force-delete without a prompt (required when stdin is not a TTY)
  --json              Print JSON instead of text; a failure prints {error:{code, message}}
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  -h, --help
`;

function toSettings(config: Config): ReaperSettings {
  return {
    stateDir: config.state_dir,
    projectsRoot: config.projects_root ?? null,
    apiBaseUrl: config.reaper.api_base_url,
  };
}

/** Reports an abort (nothing was changed) on stderr, and as `{error:{code, message}}` with --json. */
function abort(refusal: { code: string; detail: string }, io: CliIo, json: boolean): number {
  const message = `aborted, nothing was changed: ${refusal.detail}`;
  return reportFailure(
    { command: 'reap-environments', json },
    { code: refusal.code, message, exitCode: 1 },
    io,
  );
}

/** A usage error: the reason and the fix, then the usage (exit 2); the error body with --json. */
function usageError(reason: string, io: CliIo, json: boolean, showUsage = true): number {
  const error = { message: reason, ...(showUsage ? { usage: USAGE } : {}) };
  return reportUsageError({ command: 'reap-environments', json }, error, io);
}

/** Asks for DELETE on a TTY; true only for the exact word. */
async function confirmDelete(count: number, io: CliIo): Promise<boolean> {
  io.stderr(`Type DELETE to hard-delete ${count} environment(s) (anything else cancels): `);
  const reader = createLineReader(io.stdin, { hidden: false });
  try {
    return (await reader.next())?.trim() === 'DELETE';
  } finally {
    reader.close();
  }
}

/** Runs the reaper; exit 0 ok, 1 aborted or failed, 2 usage or config error. */
export async function runReapEnvironments(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      spec: {
        archive: { type: 'boolean' },
        'force-delete': { type: 'boolean' },
        'yes-delete': { type: 'boolean' },
        ...CONFIG_JSON_OPTIONS,
      },
      usage: USAGE,
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { archive, json, config: configPath } = parsed.values;
  const forceDelete = parsed.values['force-delete'] === true;
  const yesDelete = parsed.values['yes-delete'] === true;
  const asJson = json === true;
  if (archive && forceDelete) {
    return usageError('--archive and --force-delete cannot be combined; pick one', io, asJson);
  }
  if (yesDelete && !forceDelete) {
    const reason = '--yes-delete only goes with --force-delete; add it or drop --yes-delete';
    return usageError(reason, io, asJson);
  }
  if (forceDelete && !yesDelete && !io.isTTY) {
    const reason = '--force-delete: stdin is not a terminal, so pass --yes-delete to confirm';
    return usageError(reason, io, asJson, false);
  }
  const verdict = await checkConfig(
    configPath === undefined ? { cwd: io.cwd } : { cwd: io.cwd, configPath },
    io.deps,
  );
  if (!verdict.ok) {
    printVerdict(verdict, io, 'reap-environments');
    if (json) {
      const message = describeConfigRefusal(verdict.problems, verdict.source);
      io.stdout(formatErrorBody('config-invalid', message));
    }
    return 2;
  }
  const settings = toSettings(verdict.config);
  const print = (text: string, doc: Record<string, unknown>) =>
    io.stdout(json ? `${JSON.stringify(doc, null, 2)}\n` : text);

  if (archive) return act('archive', undefined, settings, io, print, asJson);
  const scan = await scanGhosts(settings, io.deps);
  if (!scan.ok) return abort(scan, io, asJson);
  if (!forceDelete || scan.value.ghosts.length === 0) {
    print(formatScan(scan.value, true), scanToJson(scan.value));
    return 0;
  }
  if (!json) io.stdout(formatScan(scan.value, false));
  if (!yesDelete && !(await confirmDelete(scan.value.ghosts.length, io))) {
    const message = 'not confirmed (type DELETE exactly); nothing was deleted';
    const failure = { code: 'not-confirmed', message, exitCode: 1 };
    return reportFailure({ command: 'reap-environments', json: asJson }, failure, io);
  }
  const planned = scan.value.ghosts.map((ghost) => ghost.id);
  return act('delete', planned, settings, io, print, asJson);
}

async function act(
  action: 'archive' | 'delete',
  ids: string[] | undefined,
  settings: ReaperSettings,
  io: CliIo,
  print: (text: string, doc: Record<string, unknown>) => void,
  json: boolean,
): Promise<number> {
  // Every attempt is audited, so state_dir must exist (0700) before the first one.
  await prepareStateDir(settings.stateDir, io.deps);
  // Marked by: cli; an entry that cannot be written (a symbolic link, …) is said on stderr.
  const audit = createCliAuditLog(settings.stateDir, io);
  const result = await reapEnvironments({ action, ids }, settings, { ...io.deps, audit });
  if (!result.ok) return abort(result, io, json);
  print(formatReport(result.value), reportToJson(action, result.value));
  return result.value.failed ? 1 : 0;
}
