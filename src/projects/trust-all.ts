/**
 * "Trust all": grant workspace trust to every discovered project the CLI would not yet trust
 * (clauster.md §3.4; after claude 2.1.232 each git repository needs its own grant).
 * Invariant: only projects decided untrusted right now are written, each through the trust
 * writer (one atomic, locked, single-key edit of `.claude.json` per project, so the file is
 * never half-written); the first failure stops the run and the rest are reported as skipped.
 */
import { decideDirectoryTrust, loadTrustConfig } from '../claude/trust-check.js';
import { TrustFileError, type TrustWriter } from '../claude/trust-file.js';
import { ok, type Result } from '../result.js';
import type { Env, Fs } from '../system/ports.js';
import { type DiscoveryError, type DiscoveryOptions, listProjects } from './discovery.js';

export type TrustOutcomeKind = 'trusted' | 'already-trusted' | 'failed' | 'skipped';

export interface TrustOutcome {
  project: string;
  path: string;
  outcome: TrustOutcomeKind;
  /** Why it failed or was skipped; null otherwise. */
  detail: string | null;
}

export interface TrustAllReport {
  outcomes: TrustOutcome[];
  /** The error code of the failure that stopped the run, or null when none did. */
  failure: string | null;
}

export interface TrustAllOptions {
  /** The environment bridges run with (CLAUDE_CONFIG_DIR, CLAUDE_CODE_SANDBOXED). */
  bridgeEnv: Env;
  home: string;
  writer: Pick<TrustWriter, 'setTrusted'>;
  /** Only these project names (the list a confirmation showed); every project when absent. */
  only?: ReadonlySet<string>;
}

/** Discovered projects the CLI would refuse right now, in discovery order. */
export async function listUntrustedProjects(
  discovery: DiscoveryOptions,
  options: { bridgeEnv: Env; home: string },
  deps: { fs: Fs },
): Promise<Result<Array<{ name: string; path: string }>, DiscoveryError>> {
  const listed = await listProjects(discovery, deps);
  if (!listed.ok) return listed;
  const loaded = await loadTrustConfig({ env: options.bridgeEnv, home: options.home }, deps);
  const untrusted: Array<{ name: string; path: string }> = [];
  for (const project of listed.value) {
    const trust = await decideDirectoryTrust(project.path, loaded, options.bridgeEnv, deps);
    if (!trust.trusted) untrusted.push({ name: project.name, path: project.path });
  }
  return ok(untrusted);
}

function describeFailure(error: unknown): { code: string; detail: string } {
  // Why: TrustFileError messages name the file and the reason, never its content; anything
  // else is unexpected, so only its code is shown.
  if (error instanceof TrustFileError) return { code: error.code, detail: error.message };
  const code = (error as { code?: unknown } | null)?.code;
  const shown = typeof code === 'string' ? code : 'unexpected error';
  return { code: 'claude-config-invalid', detail: `could not be written (${shown})` };
}

/** Trusts every untrusted project, one writer edit each; stops at the first failure. */
export async function trustAllProjects(
  discovery: DiscoveryOptions,
  options: TrustAllOptions,
  deps: { fs: Fs },
): Promise<Result<TrustAllReport, DiscoveryError>> {
  const untrusted = await listUntrustedProjects(discovery, options, deps);
  if (!untrusted.ok) return untrusted;
  const outcomes: TrustOutcome[] = [];
  let failure: { code: string; detail: string } | null = null;
  const wanted = untrusted.value.filter(
    (p) => options.only === undefined || options.only.has(p.name),
  );
  for (const project of wanted) {
    if (failure !== null) {
      const detail = 'not attempted after an earlier failure';
      outcomes.push({ project: project.name, path: project.path, outcome: 'skipped', detail });
      continue;
    }
    try {
      // The writer is idempotent: a grant someone else wrote meanwhile is not written again.
      const changed = await options.writer.setTrusted(project.path);
      const outcome = changed ? 'trusted' : 'already-trusted';
      outcomes.push({ project: project.name, path: project.path, outcome, detail: null });
    } catch (error) {
      failure = describeFailure(error);
      const { detail } = failure;
      outcomes.push({ project: project.name, path: project.path, outcome: 'failed', detail });
    }
  }
  return ok({ outcomes, failure: failure?.code ?? null });
}
