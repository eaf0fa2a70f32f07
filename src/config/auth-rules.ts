/**
 * Cross-field auth rules (design §2). Invariant: contradictions resolve toward "closed", and
 * no problem line carries a hash, secret or file content (only sizes and parameters).
 */
import { MIN_SECRET_BYTES } from '../auth/session-secret.js';
import { type BindDecision, isLoopbackName } from './bind-policy.js';
import { PLAIN_HTTP_FIX, sendsCookieInClear } from './cookie-posture.js';
import { checkArgon2Hash } from './phc.js';
import type { ConfigProblem } from './problems.js';
import type { Config } from './schema.js';

/** password_required needs auth.enabled (on a network bind) and a strong argon2id hash. */
export function checkPasswordRules(config: Config, bind: BindDecision): ConfigProblem[] {
  const { auth } = config;
  const problems: ConfigProblem[] = [];
  if (auth.password_required && !auth.enabled && !bind.loopback) {
    problems.push({
      path: 'auth.enabled',
      expected: 'true when auth.password_required is true on a network bind',
      found: 'boolean false',
    });
  }
  if (auth.password_required && auth.password_hash === null) {
    problems.push({
      path: 'auth.password_hash',
      expected: 'an argon2id hash (run `clauster hash-password`) when password_required is true',
      found: 'nothing (missing)',
    });
  }
  if (auth.password_hash !== null) {
    const verdict = checkArgon2Hash(auth.password_hash);
    if (!verdict.ok) {
      problems.push({
        path: 'auth.password_hash',
        expected: 'a PHC $argon2id$v=19$ hash with m>=19456,t>=2,p>=1 (or m>=47104,t=1)',
        found: verdict.detail,
      });
    }
  }
  return problems;
}

/** Reverse proxy: an HMAC secret of at least 32 bytes whenever HMAC is required or set. */
export function checkProxySecret(config: Config): ConfigProblem[] {
  const proxy = config.auth.reverse_proxy;
  const path = 'auth.reverse_proxy.shared_secret';
  if (proxy.shared_secret === null) {
    if (!proxy.enabled || !proxy.require_hmac) return [];
    return [
      {
        path,
        expected: `an HMAC secret of at least ${MIN_SECRET_BYTES} bytes (or shared_secret_file) when require_hmac is true`,
        found: 'nothing (missing)',
      },
    ];
  }
  const bytes = Buffer.byteLength(proxy.shared_secret, 'utf8');
  if (bytes >= MIN_SECRET_BYTES) return [];
  return [
    {
      path,
      expected: `at least ${MIN_SECRET_BYTES} bytes`,
      found: `a secret of ${bytes} bytes`,
    },
  ];
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const host = new URL(origin).hostname.replace(/^\[(.*)\]$/, '$1');
    return isLoopbackName(host);
  } catch {
    return false; // checkAllowedOrigins() names the malformed entry
  }
}

/** The settings that show clauster is reached through a proxy or from another origin. */
function listProxySigns(config: Config): string[] {
  const { auth } = config;
  const signs: string[] = [];
  if (auth.reverse_proxy.enabled) signs.push('auth.reverse_proxy.enabled: true');
  if (auth.reverse_proxy.trusted_ips.length > 0) signs.push('auth.reverse_proxy.trusted_ips set');
  const remote = auth.allowed_origins.filter((origin) => !isLoopbackOrigin(origin));
  if (remote.length > 0) signs.push(`auth.allowed_origins has ${JSON.stringify(remote[0])}`);
  return signs;
}

/**
 * True when clients beyond this machine may reach the dashboard without authentication: auth
 * off with auth.allow_unauthenticated_network, on a network bind or on loopback alike — the
 * opt-out also lets relayed requests in (the auth gate's relayed-without-auth refusal is off),
 * so any local proxy, named in the config or not, serves it to others. bypassPermissions is
 * refused then (design §3: never on a dashboard open to others).
 */
export function isOpenToOthers(config: Config, bind: BindDecision): boolean {
  const { auth } = config;
  return bind.optedOut || (!auth.enabled && auth.allow_unauthenticated_network);
}

/**
 * Auth off is for a dashboard reached on loopback only. A reverse proxy in front of it (or
 * browsers on another origin) would relay every client on the network to it unauthenticated,
 * so signs of one need auth.enabled, or the explicit opt-out.
 */
export function checkUnauthenticatedRemoteUse(config: Config): ConfigProblem[] {
  const { auth } = config;
  if (auth.enabled || auth.allow_unauthenticated_network) return [];
  const signs = listProxySigns(config);
  if (signs.length === 0) return [];
  return [
    {
      path: 'auth.enabled',
      expected:
        'true with a credential when clauster is reached through a reverse proxy or from another origin (docs/reverse-proxy.md), or auth.allow_unauthenticated_network: true to accept a dashboard open to everyone the proxy serves',
      found: `false, with ${signs.join(' and ')}`,
    },
  ];
}

/** Warnings (not refusals) about auth settings that are legal but surprising. */
export function listAuthWarnings(config: Config, bind: BindDecision): string[] {
  const warnings: string[] = [];
  if (bind.optedOut) {
    warnings.push(
      `auth.allow_unauthenticated_network is true: ${bind.host} is reachable from the network WITHOUT authentication`,
    );
  }
  const signs = config.auth.enabled ? [] : listProxySigns(config);
  if (config.auth.allow_unauthenticated_network && !bind.optedOut && signs.length > 0) {
    warnings.push(
      `auth.allow_unauthenticated_network is true with ${signs.join(' and ')}: the dashboard is reachable through the proxy WITHOUT authentication`,
    );
  }
  if (bind.credentials.includes('password') && sendsCookieInClear(config, bind)) {
    warnings.push(
      `host ${JSON.stringify(bind.host)} is a network bind serving password login over plain http (no tls.cert_file, no auth.reverse_proxy.trusted_ips, auth.cookie_secure: auto): the password and the session cookie can be read by anyone on the LAN; ${PLAIN_HTTP_FIX}`,
    );
  }
  if (config.auth.enabled && bind.credentials.length === 0) {
    warnings.push('auth.enabled is true but no credential is configured: every login will fail');
  }
  if (config.auth.reverse_proxy.enabled && !config.auth.reverse_proxy.require_hmac) {
    warnings.push(
      'auth.reverse_proxy.require_hmac is false: the identity header is trusted from trusted_ips without a MAC',
    );
  }
  return warnings;
}
