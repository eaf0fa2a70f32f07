/**
 * Doctor rows for the config and the auth posture. Invariant: the auth verdict is the one
 * `decideBind()` gives the server — never a second opinion — and no row repeats a config
 * value (only key paths and what was expected).
 */
import { readAuthPosture } from '../config/auth-posture.js';
import { decideBind } from '../config/bind-policy.js';
import { sendsCookieInClear } from '../config/cookie-posture.js';
import { DEFAULT_PORT, DEFAULT_STATE_DIR } from '../config/schema.js';
import { redactText } from '../security/redact.js';
import {
  type CheckContext,
  type CheckResult,
  failRow,
  notCheckedRow,
  okRow,
  warnRow,
} from './check.js';

const MAX_LISTED_PROBLEMS = 3;

/** `config`: found, parses, validates; names key paths, never values. */
export async function checkConfigRow(ctx: CheckContext): Promise<CheckResult> {
  const { input } = ctx;
  const where = input.source ?? 'the config';
  if (input.problems.length > 0) {
    const listed = input.problems
      .slice(0, MAX_LISTED_PROBLEMS)
      .map((problem) => `${problem.path} (expected ${problem.expected})`);
    const more = input.problems.length - listed.length;
    const detail = `${where} is refused (${input.problems.length} problem${input.problems.length === 1 ? '' : 's'}): ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
    return failRow(
      'config',
      redactText(detail).replace(/[\r\n]+/g, ' '),
      'fix what is named above; `clauster check-config` lists every problem',
    );
  }
  if (input.config === null) {
    return failRow('config', `${where} did not load`, 'run `clauster check-config` for the reason');
  }
  if (input.fromServer === true) {
    return okRow('config', 'the running server validated its config at start');
  }
  if (input.source === null) {
    // Not finding the operator's file is the usual cause of "wrong port" and "no bridges".
    return warnRow(
      'config',
      `no config file found (./clauster.yml, $CLAUSTER_HOME/clauster.yml): running on defaults and CLAUSTER_* variables, so this report checks those (e.g. port ${DEFAULT_PORT}, state_dir ${DEFAULT_STATE_DIR}), not your config file`,
      'pass -c PATH, or set CLAUSTER_CONFIG to your config file (in your shell profile); `clauster init` writes a new one',
    );
  }
  return okRow('config', `${input.source} is valid`);
}

/** `auth`: the bind-policy verdict, plus the unauthenticated opt-out and cookie posture. */
export async function checkAuthRow(ctx: CheckContext): Promise<CheckResult> {
  const config = ctx.input.config;
  if (config === null) return notCheckedRow('auth');
  const posture = await readAuthPosture(config.auth, config.state_dir, ctx.deps);
  const bind = await decideBind(config.host, posture, ctx.deps);
  const where = `${bind.loopback ? 'loopback' : 'network'} bind ${bind.addresses.join(', ')}`;
  if (!bind.allowed) {
    return failRow(
      'auth',
      `${where} with no working credential: \`clauster run\` refuses to start`,
      'bind 127.0.0.1 behind a TLS reverse proxy, or set auth.enabled with password_required + password_hash, an API token (`clauster api-token issue`), api_token_hash or reverse_proxy',
    );
  }
  if (bind.optedOut) {
    return warnRow(
      'auth',
      `${where} without authentication (auth.allow_unauthenticated_network): anyone who can reach it controls your bridges`,
      'enable auth (auth.enabled + a credential), or bind 127.0.0.1',
    );
  }
  if (bind.loopback) {
    const credentials = bind.credentials.length > 0 ? bind.credentials.join(', ') : 'none needed';
    return okRow('auth', `${where}; credentials: ${credentials}`);
  }
  if (config.auth.cookie_secure === 'never') {
    return failRow(
      'auth',
      `${where} with auth.cookie_secure: never: \`clauster run\` refuses to start`,
      'set auth.cookie_secure: always (served over https) or auto',
    );
  }
  // The same condition as the startup warning (config/cookie-posture.ts).
  if (sendsCookieInClear(config, bind)) {
    return warnRow(
      'auth',
      `${where} with auth.cookie_secure: auto: the session cookie ships without Secure on plain http requests`,
      'serve it over https and set auth.cookie_secure: always',
    );
  }
  return okRow('auth', `${where}; credentials: ${bind.credentials.join(', ')}`);
}
