/**
 * Clone jobs: the in-memory service behind POST /api/projects/clone, /api/clone-jobs and
 * `clauster clone`. Invariant: a job exists only for a request whose URL, addresses, name and
 * options all passed; a refused request returns a Result and spawns and creates nothing.
 * Everything a job exposes (url, error) is redacted.
 */
import { randomBytes } from 'node:crypto';
import type { ClausterEvent } from '../events/bus.js';
import { fail, ok, type Result } from '../result.js';
import type { CloneScheme } from '../security/clone-url.js';
import { redactText } from '../security/redact.js';
import type { Lookup } from '../system/ports.js';
import { type CloneDeps, runClone } from './clone.js';
import {
  type CheckAddresses,
  type CloneCheck,
  checkCloneTarget,
  formatRefusal,
} from './clone-check.js';
import { needsAddressPin, readGitPath } from './clone-git.js';
import { type DestinationError, readCloneDepth, resolveCloneDestination } from './clone-request.js';
import { checkGitPinning, type GitPinRefusal } from './git-version.js';
import { createGitVersionProbe } from './git-version-probe.js';

export type CloneJobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** The API shape of a job (snake_case, ISO timestamps). */
export interface CloneJob {
  id: string;
  url: string;
  name: string;
  status: CloneJobStatus;
  phase: string | null;
  percent: number | null;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface CloneRequest {
  url: unknown;
  name?: unknown;
  depth?: unknown;
}

export type CloneStartError = 'clone-refused' | 'invalid-option' | GitPinRefusal | DestinationError;

export interface CloneSettings {
  enabled: boolean;
  allowed_schemes: readonly CloneScheme[];
  allow_private_hosts: boolean;
  allowed_private_cidrs: readonly string[];
  allowed_ports?: readonly number[];
  timeout_seconds: number;
  max_mb: number;
}

export interface CloneServiceOptions {
  projectsRoot: string | undefined;
  clone: CloneSettings;
  publish?: (event: ClausterEvent) => void;
  /** The address step; tests inject a verdict for their loopback server. Default: real. */
  checkAddresses?: CheckAddresses;
  /** Test-only extra CA bundle for https; not reachable from the config. */
  caFile?: string;
}

export interface CloneService {
  list(): CloneJob[];
  get(id: string): CloneJob | undefined;
  /** Dry run: URL policy and address check only. */
  check(url: unknown): Promise<CloneCheck>;
  start(request: CloneRequest): Promise<Result<CloneJob, CloneStartError>>;
  cancel(id: string): CloneJob | undefined;
  /** Resolves with the job once it is done, failed or cancelled. */
  wait(id: string): Promise<CloneJob | undefined>;
  /** Cancels every job and waits for their cleanup. */
  shutdown(): Promise<void>;
}

const MAX_CONCURRENT = 2;
const MAX_KEPT_JOBS = 100;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

interface Entry {
  job: CloneJob;
  controller: AbortController;
  done: Promise<void>;
  release: () => void;
  launch: () => void;
}

/** A job that is queued or running (it still holds its name and may touch the disk). */
export function isActiveCloneJob(job: Pick<CloneJob, 'status'>): boolean {
  return job.status === 'queued' || job.status === 'running';
}

function newJobId(): string {
  return `cl-${[...randomBytes(12)].map((byte) => BASE32[byte & 31]).join('')}`;
}

/** Creates the clone service; jobs live in memory and publish every change on the bus. */
export function createCloneService(
  options: CloneServiceOptions,
  deps: CloneDeps & { lookup: Lookup },
): CloneService {
  const entries = new Map<string, Entry>();
  const settings = options.clone;
  const policy = {
    allowedSchemes: settings.allowed_schemes,
    allowedPorts: settings.allowed_ports ?? [],
    allowPrivateHosts: settings.allow_private_hosts,
    allowedPrivateCidrs: settings.allowed_private_cidrs,
  };
  const now = (): string => new Date(deps.clock.now()).toISOString();
  // The git the runner starts (same file and PATH); asked only when a clone needs the pin.
  const gitVersion = createGitVersionProbe(
    { path: readGitPath(deps.env), home: deps.env.HOME ?? '/' },
    deps,
  );

  function update(entry: Entry, patch: Partial<CloneJob>): void {
    Object.assign(entry.job, patch);
    options.publish?.({ type: 'clone', job: { ...entry.job } });
  }

  function pump(): void {
    const running = [...entries.values()].filter((e) => e.job.status === 'running').length;
    const next = [...entries.values()].find((e) => e.job.status === 'queued');
    if (next && running < MAX_CONCURRENT) next.launch();
  }

  function prune(): void {
    const finished = [...entries.values()].filter((e) => !isActiveCloneJob(e.job));
    for (const entry of finished.slice(0, Math.max(0, entries.size - MAX_KEPT_JOBS))) {
      entries.delete(entry.job.id);
    }
  }

  async function check(url: unknown): Promise<CloneCheck> {
    if (typeof url !== 'string') {
      return { ok: false, rule: 'malformed', detail: 'url: expected a string', parsed: null };
    }
    const checkDeps = options.checkAddresses
      ? { lookup: deps.lookup, checkAddresses: options.checkAddresses }
      : { lookup: deps.lookup };
    const verdict = await checkCloneTarget(url, policy, checkDeps);
    return { ...verdict, detail: redactText(verdict.detail) };
  }

  async function start(request: CloneRequest): Promise<Result<CloneJob, CloneStartError>> {
    const depth = readCloneDepth(request.depth);
    if (!depth.ok) return depth;
    const verdict = await check(request.url);
    if (!verdict.ok) return fail('clone-refused', redactText(formatRefusal(verdict)));
    const urlPath = verdict.parsed.path;
    const destination = await resolveCloneDestination(
      request.name,
      { urlPath, projectsRoot: options.projectsRoot },
      deps,
    );
    if (!destination.ok) return destination;
    // Fail closed: a git that cannot pin would let a second DNS answer reach another address.
    if (needsAddressPin(verdict.parsed)) {
      const pinning = checkGitPinning(await gitVersion.read());
      if (!pinning.ok) return fail(pinning.code, redactText(pinning.detail));
    }
    const { name, projectsRoot } = destination.value;
    if ([...entries.values()].some((e) => isActiveCloneJob(e.job) && e.job.name === name)) {
      return fail('project-exists', `a clone into ${name} is already running`);
    }
    const controller = new AbortController();
    const job: CloneJob = {
      id: newJobId(),
      url: redactText(verdict.parsed.url),
      name,
      status: 'queued',
      phase: null,
      percent: null,
      error: null,
      started_at: now(),
      finished_at: null,
    };
    const plan = {
      projectsRoot,
      name,
      parsed: verdict.parsed,
      addresses: verdict.addresses,
      allowedSchemes: settings.allowed_schemes,
      timeoutMs: settings.timeout_seconds * 1000,
      maxBytes: settings.max_mb * 1024 * 1024,
      signal: controller.signal,
      ...(depth.value === undefined ? {} : { depth: depth.value }),
      ...(options.caFile === undefined ? {} : { caFile: options.caFile }),
    };
    let release: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const entry: Entry = {
      job,
      controller,
      done,
      release,
      launch: () => {
        update(entry, { status: 'running', phase: 'starting' });
        runClone({ ...plan, onProgress: (p) => update(entry, p) }, deps)
          .then(
            (outcome): Partial<CloneJob> => {
              if (outcome.ok) return { status: 'done', phase: 'done', percent: 100 };
              const status = outcome.code === 'cancelled' ? 'cancelled' : 'failed';
              return { status, error: redactText(`${outcome.code}: ${outcome.detail}`) };
            },
            (error: unknown): Partial<CloneJob> => {
              const message = error instanceof Error ? error.message : String(error);
              return { status: 'failed', error: redactText(`internal: ${message}`) };
            },
          )
          .then((patch) => {
            update(entry, { ...patch, finished_at: now() });
            entry.release();
            prune();
            pump();
          });
      },
    };
    entries.set(job.id, entry);
    options.publish?.({ type: 'clone', job: { ...job } });
    pump();
    return ok({ ...job });
  }

  function cancel(id: string): CloneJob | undefined {
    const entry = entries.get(id);
    if (entry === undefined) return undefined;
    entry.controller.abort();
    if (entry.job.status === 'queued') {
      const error = 'cancelled: the clone was cancelled';
      update(entry, { status: 'cancelled', error, finished_at: now() });
      entry.release();
    }
    return { ...entry.job };
  }

  return {
    list: () => [...entries.values()].map((e) => ({ ...e.job })),
    get: (id) => {
      const entry = entries.get(id);
      return entry ? { ...entry.job } : undefined;
    },
    check,
    start,
    cancel,
    async wait(id) {
      const entry = entries.get(id);
      if (entry === undefined) return undefined;
      if (isActiveCloneJob(entry.job)) await entry.done;
      return { ...entry.job };
    },
    async shutdown() {
      const active = [...entries.values()].filter((e) => isActiveCloneJob(e.job));
      for (const entry of active) cancel(entry.job.id);
      await Promise.all(active.map((e) => e.done));
    },
  };
}
