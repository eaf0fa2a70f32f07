/**
 * Whether the session cookie goes out without `Secure` to clients on the network. Invariant:
 * one answer for the startup warning (auth-rules.ts) and the doctor's `auth` row, decided the
 * way http/session-cookie.ts decides `Secure` for `auth.cookie_secure: auto`.
 */
import type { BindDecision } from './bind-policy.js';
import type { Config } from './schema.js';
import { servesHttps } from './tls-rules.js';

/**
 * True on a network bind with `auth.cookie_secure: auto` when no request can count as https:
 * no native TLS (`tls.cert_file`) and no trusted TLS proxy (`auth.reverse_proxy.trusted_ips`,
 * the only peers whose `X-Forwarded-Proto: https` is believed). Then the login form and the
 * session cookie travel as plain http. (`never` is refused on a network bind; `always` is
 * Secure.)
 */
export function sendsCookieInClear(config: Config, bind: BindDecision): boolean {
  if (bind.loopback || config.auth.cookie_secure !== 'auto') return false;
  if (servesHttps(config)) return false;
  return config.auth.reverse_proxy.trusted_ips.length === 0;
}

/** How to stop sending the password and the cookie in clear (warnings and hints share it). */
export const PLAIN_HTTP_FIX =
  'put a TLS reverse proxy in front (docs/reverse-proxy.md) or set tls.cert_file and tls.key_file';
