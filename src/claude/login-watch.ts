/**
 * The dashboard's shared login probe, wired to the event bus: every change of the answer is
 * published as `{type:'claude-login'}` (so the header pill updates without polling), and a
 * bridge that failed in a way a logged-out `claude` fails — or one that proved the login works
 * while the cached answer says otherwise — makes it re-probe at once.
 */
import type { ClausterEvent, EventBus } from '../events/bus.js';
import type { Clock, Fs, Spawn } from '../system/ports.js';
import {
  type ClaudeLoginOptions,
  type ClaudeLoginProbe,
  createClaudeLoginProbe,
  formatClaudeLogin,
} from './auth-probe.js';

// The CLI's own gate errors for a missing, inference-only or stale login (reference §3).
const LOGIN_FAILURE_RE = /logged in|\/login|auth login|login token|oauth|unauthori[sz]ed/i;

/** True when a bridge event suggests the cached login answer is out of date. */
export function isLoginSignal(event: ClausterEvent, known: boolean | null): boolean {
  if (event.type !== 'bridge') return false;
  // Alive but never registered (`error`) is how an expired login often looks ("bridge runs
  // but is dead", reference/clauster.md).
  if (event.to === 'error') return true;
  if (event.to === 'running') return known !== true;
  const reason = event.bridge.reason;
  return event.to === 'crashed' && typeof reason === 'string' && LOGIN_FAILURE_RE.test(reason);
}

/** Creates the probe, publishes its changes on `bus` and re-probes on login signals. */
export function createClaudeLoginWatch(
  options: Omit<ClaudeLoginOptions, 'onChange'>,
  deps: { spawn: Spawn; fs: Fs; clock: Clock; bus: Pick<EventBus, 'publish' | 'subscribe'> },
): ClaudeLoginProbe {
  const probe = createClaudeLoginProbe(
    {
      ...options,
      onChange: (login) =>
        deps.bus.publish({ type: 'claude-login', login: formatClaudeLogin(login) }),
    },
    deps,
  );
  // Before the first probe there is nothing to correct (the first read probes anyway), so
  // re-adopted and freshly started bridges cost no `claude auth status` until someone asks.
  const unsubscribe = deps.bus.subscribe((event) => {
    const known = probe.peek();
    if (known !== null && isLoginSignal(event, known.loggedIn)) probe.invalidate();
  });
  return {
    read: probe.read,
    peek: probe.peek,
    invalidate: probe.invalidate,
    close() {
      unsubscribe();
      probe.close();
    },
  };
}
