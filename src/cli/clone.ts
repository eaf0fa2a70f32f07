/**
 * `clauster clone <url>`: clone into projects_root locally (no server) with the same core as
 * POST /api/projects/clone. `--dry-run` runs only the URL policy and the address check.
 * Exit 0 cloned/allowed, 1 refused or failed, 2 usage or config error.
 */

import { checkAllowedPrivateCidrs } from '../config/network-rules.js';
import type { Config } from '../config/schema.js';
import { formatRefusal } from '../projects/clone-check.js';
import { type CloneJob, type CloneService, createCloneService } from '../projects/clone-jobs.js';
import { buildCloneCancelEntry, buildCloneStartEntry } from '../projects/project-audit.js';
import { redactText } from '../security/redact.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import { appendCliAudit } from './cli-audit.js';
import { createCloneProgressPrinter } from './clone-progress-output.js';
import { loadCliConfigSource, reportConfigRefused } from './command-config.js';
import { reportFailure, reportUsageError } from './failure-output.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster clone <url> [--name NAME] [--depth N] [--dry-run] [--json] [--config PATH]

Clone a git repository into projects_root as a new project. Only https:// and ssh
(ssh://user@host/path or user@host:path) URLs to public addresses pass; see docs/clone.md.

Options:
  --name NAME         Project directory name (default: the URL's last segment without .git)
  --depth N           Shallow clone with N commits (e.g. --depth 1)
  --dry-run           Only check the URL and its addresses; print the verdict and reason
  --json              Print the verdict or the finished job as JSON
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  -h, --help

Exit status: 0 cloned (or allowed with --dry-run), 1 refused or failed, 2 usage or config error.
`;

/** Refusals the operator fixes on the command line or in the config: exit 2. */
const USAGE_CODES = new Set([
  'invalid-option',
  'invalid-project-name',
  'projects-root-unavailable',
]);

/** The config (loaded as every command loads it, plus the clone CIDR check), or exit 2. */
async function readConfig(
  configPath: string | undefined,
  json: boolean,
  io: CliIo,
): Promise<Config | number> {
  const loaded = await loadCliConfigSource('clone', configPath, io, { json });
  if (typeof loaded === 'number') return loaded;
  const { config, source } = loaded;
  const problems = checkAllowedPrivateCidrs(config.clone.allowed_private_cidrs);
  if (problems.length === 0) return config;
  return reportConfigRefused('clone', problems, io, { json, source });
}

function parseDepth(raw: string | undefined): number | undefined | null {
  if (raw === undefined) return undefined;
  return /^[1-9][0-9]{0,6}$/.test(raw) ? Number(raw) : null;
}

async function runDryRun(service: CloneService, url: string, json: boolean, io: CliIo) {
  const verdict = await service.check(url);
  if (json) {
    const body = { allowed: verdict.ok, rule: verdict.rule, detail: verdict.detail };
    io.stdout(`${JSON.stringify(body, null, 2)}\n`);
  } else if (verdict.ok) {
    io.stdout(`allowed: ${verdict.detail}\n`);
  } else {
    io.stdout(`refused: ${formatRefusal(verdict)}\n`);
  }
  return verdict.ok ? 0 : 1;
}

async function runJob(
  service: CloneService,
  job: CloneJob,
  options: { json: boolean; stateDir: string },
  io: CliIo,
) {
  const { json } = options;
  // Ctrl-C cancels the job and waits for its cleanup, so nothing half-cloned remains; the
  // first cancel is audited as DELETE /api/clone-jobs/{id} audits it.
  let audited: Promise<void> | undefined;
  const stopListening = io.onShutdown(() => {
    const cancelled = service.cancel(job.id);
    if (cancelled === undefined || audited !== undefined) return;
    audited = appendCliAudit(options.stateDir, [buildCloneCancelEntry(cancelled)], io);
  });
  const finished = (await service.wait(job.id)) ?? job;
  stopListening();
  await audited;
  if (json) io.stdout(`${JSON.stringify({ job: finished }, null, 2)}\n`);
  else if (finished.status === 'done') io.stdout(`cloned ${finished.url} into ${finished.name}\n`);
  // A job that did not finish is said on stderr in both modes (with --json, `{job}` holds it).
  if (finished.status !== 'done') {
    const why = redactText(finished.error ?? 'unknown error');
    io.stderr(`clauster clone: clone ${finished.status}: ${why}\n`);
  }
  return finished.status === 'done' ? 0 : 1;
}

/** Clones (or with --dry-run only checks) a URL; exit 0 ok, 1 refused/failed, 2 usage. */
export async function runClone(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      spec: {
        name: { type: 'string' },
        depth: { type: 'string' },
        'dry-run': { type: 'boolean' },
        ...CONFIG_JSON_OPTIONS,
      },
      usage: USAGE,
      maxPositionals: 1,
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const [url] = parsed.positionals;
  const depth = parseDepth(parsed.values.depth);
  const json = parsed.values.json === true;
  const out = { command: 'clone', json };
  if (url === undefined || depth === null) {
    const error =
      url === undefined
        ? { code: 'missing-argument', message: 'missing <url>' }
        : { code: 'invalid-option', message: '--depth: expected a whole number ≥ 1' };
    return reportUsageError(out, { ...error, usage: USAGE }, io);
  }
  const config = await readConfig(parsed.values.config, json, io);
  if (typeof config === 'number') return config;
  if (!config.clone.enabled) {
    const message = 'cloning is off (clone.enabled: false); set clone.enabled: true to use it';
    return reportFailure(out, { code: 'feature-disabled', message, exitCode: 1 }, io);
  }
  const progress = json ? undefined : createCloneProgressPrinter(io);
  const service = createCloneService(
    {
      projectsRoot: config.projects_root,
      clone: config.clone,
      ...(progress ? { publish: progress.onEvent } : {}),
    },
    io.deps,
  );
  if (parsed.values['dry-run'] === true) return runDryRun(service, url, json, io);
  const name = parsed.values.name;
  const started = await service.start({ url, ...(name === undefined ? {} : { name }), depth });
  if (!started.ok) {
    const exitCode = USAGE_CODES.has(started.code) ? 2 : 1;
    return reportFailure(out, { code: started.code, message: started.detail, exitCode }, io);
  }
  // The same entry as POST /api/projects/clone (docs/operations.md#audit-trail).
  const job = started.value;
  await appendCliAudit(config.state_dir, [buildCloneStartEntry(job)], io);
  try {
    return await runJob(service, job, { json, stateDir: config.state_dir }, io);
  } finally {
    progress?.finish();
  }
}
