/**
 * A cached `claude auth status` for /healthz and the dashboard's header pill (cached-probe.ts:
 * single-flight, stale answers served while refreshing). Invariants: a probe is abandoned and
 * killed after `timeoutMs`; callers never see an exception (a failed probe is the unknown state with a
 * reason in our own words); only the login state, the method, the API provider and the
 * subscription type are kept — never a token, an e-mail address or an organisation.
 */
import { resolveBinary } from '../bridges/binary.js';
import { readCommandOutput } from '../doctor/command-output.js';
import { fail, type Result } from '../result.js';
import type { Clock, Fs, Spawn } from '../system/ports.js';
import { type AuthStatus, parseAuthStatus } from './auth-status.js';
import { createCachedProbe } from './cached-probe.js';

export interface ClaudeLogin {
  /** From `claude auth status`; null when the probe failed (unknown). */
  loggedIn: boolean | null;
  /** `authMethod` (`claude.ai`, `console`…); null when logged out or unknown. */
  method: string | null;
  /** `apiProvider` (`firstParty`…). */
  provider: string | null;
  /** `subscriptionType` when the CLI reports one (`pro`, `max`…). */
  subscription: string | null;
  /** Why the state is unknown (our words, never the CLI's output); null otherwise. */
  reason: string | null;
  /** When the probe finished (ms since the epoch). */
  checkedAt: number;
}

export interface ClaudeLoginProbe {
  /** The cached answer (a stale one is served at once and refreshed in the background). */
  read(): Promise<ClaudeLogin>;
  /** The last answer without probing; null before the first probe finished. */
  peek(): ClaudeLogin | null;
  /**
   * Re-probes now, or right after a probe already running (it may predate the change);
   * readers keep the old answer until then.
   */
  invalidate(): void;
  /** Kills a probe in flight; later reads still work. */
  close(): void;
}

export interface ClaudeLoginOptions {
  /** claude.binary (a command name or an absolute path). */
  binary: string;
  /** The environment a bridge gets (its HOME / CLAUDE_CONFIG_DIR hold the login). */
  env: Record<string, string>;
  timeoutMs?: number;
  /** How long a logged-in answer is served before it is refreshed (default 60 s). */
  ttlMs?: number;
  /** How long a logged-out or unknown answer is served (default 15 s). */
  failureTtlMs?: number;
  /** Called after a probe whose answer differs from the previous one (or is the first). */
  onChange?(login: ClaudeLogin): void;
}

async function probeLogin(
  options: ClaudeLoginOptions,
  signal: AbortSignal,
  deps: { spawn: Spawn; fs: Fs },
): Promise<Result<AuthStatus>> {
  const binary = await resolveBinary(options.binary, options.env.PATH, deps);
  if (!binary.ok) return fail('binary-not-found', 'the claude binary was not found');
  const timeoutMs = options.timeoutMs ?? 5000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Our own deadline too, so a spawn port that never reports an exit cannot hang readers.
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const run = readCommandOutput(
    binary.value,
    ['auth', 'status'],
    { env: options.env, timeoutMs, signal },
    deps,
  );
  const output = await Promise.race([run, deadline]).finally(() => clearTimeout(timer));
  if (output === 'timeout' || (output.exitCode === null && output.signal !== null)) {
    return fail('timeout', `claude auth status did not answer within ${timeoutMs} ms`);
  }
  if (output.spawnError !== null) {
    return fail('spawn-failed', `claude auth status could not start (${output.spawnError})`);
  }
  return parseAuthStatus(output.stdout, output.exitCode);
}

function isSameLogin(a: ClaudeLogin | null, b: ClaudeLogin): boolean {
  return (
    a !== null &&
    a.loggedIn === b.loggedIn &&
    a.method === b.method &&
    a.provider === b.provider &&
    a.subscription === b.subscription &&
    a.reason === b.reason
  );
}

/** Creates the cached, single-flight login probe. */
export function createClaudeLoginProbe(
  options: ClaudeLoginOptions,
  deps: { spawn: Spawn; fs: Fs; clock: Clock },
): ClaudeLoginProbe {
  const ttlMs = options.ttlMs ?? 60_000;
  const failureTtlMs = options.failureTtlMs ?? 15_000;
  let controller: AbortController | null = null;

  async function probeOnce(): Promise<ClaudeLogin> {
    controller = new AbortController();
    const result = await probeLogin(options, controller.signal, deps).catch(() =>
      fail('probe-failed', 'claude auth status could not be run'),
    );
    controller.abort();
    controller = null;
    const checkedAt = deps.clock.now();
    if (!result.ok) {
      const { detail } = result;
      return { ...UNKNOWN, reason: detail, checkedAt };
    }
    return { ...result.value, reason: null, checkedAt };
  }

  const probe = createCachedProbe(
    probeOnce,
    {
      ttlMs: (login) => (login.loggedIn === true ? ttlMs : failureTtlMs),
      onValue: (login, previous) => {
        if (!isSameLogin(previous, login)) notifyChange(options, login);
      },
    },
    deps.clock,
  );
  return {
    ...probe,
    close() {
      controller?.abort();
    },
  };
}

const UNKNOWN = { loggedIn: null, method: null, provider: null, subscription: null } as const;

function notifyChange(options: ClaudeLoginOptions, login: ClaudeLogin): void {
  try {
    options.onChange?.(login);
  } catch {
    // A broken listener must not break the probe (or its readers).
  }
}

/** The JSON shape of /healthz `claude_login` and the `claude-login` event. */
export function formatClaudeLogin(login: ClaudeLogin): Record<string, unknown> {
  return {
    logged_in: login.loggedIn,
    method: login.method,
    provider: login.provider,
    subscription: login.subscription,
    checked_at: new Date(login.checkedAt).toISOString(),
    reason: login.reason,
  };
}
