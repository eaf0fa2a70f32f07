/**
 * Startup validators: every cross-field rule of design §2, run on a parsed config before
 * anything binds, spawns or writes. Invariant: `problems` empty ⇔ the config may be used.
 */
import type { Env, Fs, Lookup } from '../system/ports.js';
import { readAuthPosture } from './auth-posture.js';
import {
  checkPasswordRules,
  checkProxySecret,
  checkUnauthenticatedRemoteUse,
  isOpenToOthers,
  listAuthWarnings,
} from './auth-rules.js';
import { type BindDecision, decideBind } from './bind-policy.js';
import { checkAllowedOrigins, checkAllowedPrivateCidrs, checkTrustedIps } from './network-rules.js';
import { type ConfigProblem, describeFound } from './problems.js';
import type { Config } from './schema.js';
import { checkSessionSecretSource } from './session-secret-rules.js';
import { checkTls, type TlsMaterial } from './tls-rules.js';
import { listWebhookWarnings } from './webhook-rules.js';

export interface Validation {
  problems: ConfigProblem[];
  warnings: string[];
  bind: BindDecision;
  /** Reachable without authentication from beyond this machine (isOpenToOthers). */
  openToOthers: boolean;
  /** The checked PEM pair when `tls.cert_file`/`key_file` are set, else null. */
  tls: TlsMaterial | null;
}

function checkBind(bind: BindDecision): ConfigProblem[] {
  if (bind.allowed) return [];
  return [
    {
      path: 'host',
      expected:
        'a loopback host (127.0.0.1, ::1, localhost), or auth.enabled with a credential (password_required + password_hash, an API token from `clauster api-token issue`, api_token_hash or reverse_proxy), or auth.allow_unauthenticated_network: true',
      found: `${describeFound(bind.host, 'host')}, a network bind (${bind.detail}) with no working credential`,
    },
  ];
}

/** A name listen() cannot resolve would fail the start after state_dir was created. */
function checkHostResolves(bind: BindDecision): ConfigProblem[] {
  if (bind.unresolved === null) return [];
  return [
    {
      path: 'host',
      expected:
        'an IP address (e.g. 192.168.1.10), 0.0.0.0 for every interface, or a name that resolves (add it to /etc/hosts)',
      found: `${describeFound(bind.host, 'host')}, a name that does not resolve (${bind.unresolved})`,
    },
  ];
}

function checkCookieSecure(config: Config, bind: BindDecision): ConfigProblem[] {
  if (config.auth.cookie_secure !== 'never' || bind.loopback) return [];
  return [
    {
      path: 'auth.cookie_secure',
      expected: "'auto' or 'always' on a network bind",
      found: 'the string "never"',
    },
  ];
}

/** bypassPermissions needs the project's allow flag and a dashboard not open to everyone. */
function checkBypass(config: Config, openToOthers: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.instance_defaults.permission_mode === 'bypassPermissions') {
    problems.push({
      path: 'instance_defaults.permission_mode',
      expected:
        'a mode other than bypassPermissions (set it per project with allow_bypass_permissions)',
      found: 'the string "bypassPermissions"',
    });
  }
  for (const [name, project] of Object.entries(config.projects)) {
    if (project.permission_mode !== 'bypassPermissions') continue;
    const path = `projects.${name}.permission_mode`;
    const found = 'the string "bypassPermissions"';
    if (!project.allow_bypass_permissions) {
      problems.push({
        path,
        expected: `projects.${name}.allow_bypass_permissions: true alongside bypassPermissions`,
        found,
      });
    }
    if (openToOthers) {
      problems.push({
        path,
        expected: 'no bypassPermissions while the dashboard is reachable without authentication',
        found,
      });
    }
  }
  return problems;
}

/** /metrics fails closed without its scrape token: say so instead of a silent 404. */
function listObservabilityWarnings(config: Config): string[] {
  const { prometheus_enabled: enabled, metrics_token_hash: hash } = config.observability;
  if (!enabled || hash !== null) return [];
  return [
    'observability.prometheus_enabled is true but observability.metrics_token_hash is not set: /metrics answers 404 until it is (mint one with `clauster api-token issue <label> --metrics`)',
  ];
}

/** Runs every validator; resolves a host name through `lookup`, reads secret and PEM files. */
export async function validateConfig(
  config: Config,
  deps: { fs: Fs; env: Env; lookup: Lookup },
): Promise<Validation> {
  const posture = await readAuthPosture(config.auth, config.state_dir, deps);
  const bind = await decideBind(config.host, posture, deps);
  const tls = await checkTls(config, deps);
  const openToOthers = isOpenToOthers(config, bind);
  const problems = [
    ...checkHostResolves(bind),
    ...checkBind(bind),
    ...checkPasswordRules(config, bind),
    ...checkUnauthenticatedRemoteUse(config),
    ...checkProxySecret(config),
    ...checkTrustedIps(config),
    ...checkCookieSecure(config, bind),
    ...checkAllowedOrigins(config.auth.allowed_origins),
    ...checkAllowedPrivateCidrs(config.clone.allowed_private_cidrs),
    ...checkBypass(config, openToOthers),
    ...(await checkSessionSecretSource(config, deps)),
    ...tls.problems,
  ];
  const warnings = [
    ...listAuthWarnings(config, bind),
    ...listObservabilityWarnings(config),
    ...listWebhookWarnings(config),
    ...tls.warnings,
  ];
  return { problems, warnings, bind, openToOthers, tls: tls.material };
}
