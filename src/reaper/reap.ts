/**
 * Reaper orchestration. Invariants: nothing is archived or deleted unless the live set was
 * determined; the ghost set is recomputed right before acting and only ids in it are touched;
 * after the first unexpected API answer nothing else is attempted; every attempt is audited.
 */
import { fail, ok, type Result } from '../result.js';
import type { AuditLog } from '../state/audit.js';
import type { Clock, Env, Fetch, Fs, Processes } from '../system/ports.js';
import { EnvironmentsApiError } from './api-error.js';
import { type CredentialsRefusal, readReaperCredentials } from './credentials.js';
import type { Environment } from './environment.js';
import { createEnvironmentsApi } from './environments-api.js';
import { findGhosts, type Ghost } from './ghosts.js';
import { readLiveSet } from './live-set.js';
import { resolveDirectory } from './resolve-directory.js';

export interface ReaperSettings {
  stateDir: string;
  projectsRoot: string | null;
  /** `reaper.api_base_url`; required so a test can never fall through to the real API. */
  apiBaseUrl: string;
  pageCap?: number;
  timeoutMs?: number;
}

export interface ReaperDeps {
  fs: Fs;
  clock: Clock;
  env: Env;
  home: string;
  processes: Processes;
  fetch: Fetch;
}

export type ReapRefusal = CredentialsRefusal | 'live-set-unknown' | 'api-failed';

export interface GhostScan {
  ghosts: Ghost[];
  /** How many environments the API listed. */
  listed: number;
  warnings: string[];
}

export type ReapAction = 'archive' | 'delete';
export type ReapOutcome = 'archived' | 'deleted' | 'skipped' | 'failed';

export interface ReapItemResult {
  id: string;
  outcome: ReapOutcome;
  detail: string;
}

export interface ReapReport {
  results: ReapItemResult[];
  /** True when an attempt failed (the run stopped there). */
  failed: boolean;
  warnings: string[];
}

const NO_ROOT_WARNING = 'no projects_root is configured: nothing is reaped';

type Api = ReturnType<typeof createEnvironmentsApi>;

/** Reads the credentials and builds the API client; refuses an insecure base URL. */
async function openApi(
  settings: ReaperSettings,
  deps: ReaperDeps,
): Promise<Result<Api, ReapRefusal>> {
  const credentials = await readReaperCredentials(deps);
  if (!credentials.ok) return credentials;
  try {
    const options = {
      baseUrl: settings.apiBaseUrl,
      pageCap: settings.pageCap,
      timeoutMs: settings.timeoutMs,
    };
    return ok(createEnvironmentsApi(credentials.value, options, deps));
  } catch (error) {
    if (error instanceof EnvironmentsApiError) return fail('api-failed', error.message);
    throw error;
  }
}

async function scanWith(
  api: Api,
  settings: ReaperSettings,
  deps: ReaperDeps,
): Promise<Result<GhostScan, ReapRefusal>> {
  if (settings.projectsRoot === null)
    return ok({ ghosts: [], listed: 0, warnings: [NO_ROOT_WARNING] });
  let environments: Environment[];
  try {
    environments = await api.listEnvironments();
  } catch (error) {
    if (error instanceof EnvironmentsApiError) return fail('api-failed', error.message);
    throw error;
  }
  // The live set is read after listing, so a bridge that registered before the listing has
  // its registry record or pointer on disk by now and is never mistaken for a ghost.
  const live = await readLiveSet(settings.stateDir, deps);
  if (!live.ok) return live;
  const root = await resolveDirectory(settings.projectsRoot, deps);
  if (root === null) {
    const warning = `projects_root ${settings.projectsRoot} cannot be resolved: nothing is reaped`;
    return ok({ ghosts: [], listed: environments.length, warnings: [warning] });
  }
  const resolved = new Map<string, string | null>();
  for (const env of environments) {
    if (env.type === 'bridge' && env.directory !== null && !resolved.has(env.directory)) {
      resolved.set(env.directory, await resolveDirectory(env.directory, deps));
    }
  }
  const ghosts = findGhosts({ environments, projectsRoot: root, resolved, live: live.value });
  return ok({ ghosts, listed: environments.length, warnings: [] });
}

/** Lists environments, then determines the live set, then selects ghosts (fresh every call). */
export async function scanGhosts(
  settings: ReaperSettings,
  deps: ReaperDeps,
): Promise<Result<GhostScan, ReapRefusal>> {
  const api = await openApi(settings, deps);
  if (!api.ok) return api;
  return scanWith(api.value, settings, deps);
}

/** Archives or force-deletes ghosts; `ids` limits the run (others are reported as skipped). */
export async function reapEnvironments(
  request: { action: ReapAction; ids?: readonly string[] },
  settings: ReaperSettings,
  deps: ReaperDeps & { audit: AuditLog },
): Promise<Result<ReapReport, ReapRefusal>> {
  const opened = await openApi(settings, deps);
  if (!opened.ok) return opened;
  const api = opened.value;
  const scan = await scanWith(api, settings, deps);
  if (!scan.ok) return scan;
  const byId = new Map(scan.value.ghosts.map((ghost) => [ghost.id, ghost]));
  const targets = [...new Set(request.ids ?? scan.value.ghosts.map((ghost) => ghost.id))];
  const results: ReapItemResult[] = [];
  let stopped = false;
  for (const id of targets) {
    const ghost = byId.get(id);
    const result = await reapOne(id, ghost, { action: request.action, stopped, api });
    if (result.outcome === 'failed') stopped = true;
    results.push(result);
    if (ghost) {
      await deps.audit.append({
        action: `reaper.${request.action}`,
        environment_id: id,
        directory: ghost.directory,
        outcome: result.outcome,
        detail: result.detail,
      });
    }
  }
  return ok({ results, failed: stopped, warnings: scan.value.warnings });
}

async function reapOne(
  id: string,
  ghost: Ghost | undefined,
  run: { action: ReapAction; stopped: boolean; api: Api },
): Promise<ReapItemResult> {
  if (!ghost)
    return { id, outcome: 'skipped', detail: 'not a ghost in the fresh listing; left alone' };
  if (run.stopped)
    return { id, outcome: 'skipped', detail: 'not attempted: an earlier request failed' };
  if (run.action === 'archive' && ghost.archived) {
    return { id, outcome: 'skipped', detail: 'already archived' };
  }
  try {
    if (run.action === 'archive') {
      const answer = await run.api.archiveEnvironment(id);
      return answer === 'done'
        ? { id, outcome: 'archived', detail: 'archived' }
        : { id, outcome: 'skipped', detail: 'the API says it is gone or already archived' };
    }
    const answer = await run.api.deleteEnvironment(id);
    return answer === 'done'
      ? { id, outcome: 'deleted', detail: 'deleted' }
      : { id, outcome: 'skipped', detail: 'the API says it is already gone' };
  } catch (error) {
    if (error instanceof EnvironmentsApiError)
      return { id, outcome: 'failed', detail: error.message };
    throw error;
  }
}
