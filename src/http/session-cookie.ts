/**
 * The session cookie on the wire (security.md R-COOKIE-1/2). Invariant: exactly
 * `Path=/; HttpOnly; SameSite=Strict` plus `Secure` and the `__Host-` name whenever Secure
 * applies (cookie_secure `always`, or `auto` on an https request), never a Domain.
 */
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config/schema.js';
import type { AuthServices } from './auth-services.js';

/** Whether this response's session cookie gets `Secure` (and so the `__Host-` name). */
export function isCookieSecure(c: Context, config: Config): boolean {
  const mode = config.auth.cookie_secure;
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return c.get('secureRequest') === true;
}

/** The session cookie value sent with this request, if any (under the name that applies). */
export function readSessionCookie(
  c: Context,
  config: Config,
  services: AuthServices,
): string | undefined {
  return getCookie(c, services.cookieName(isCookieSecure(c, config)));
}

/** Sets the session cookie with the exact attribute set; `maxAgeSeconds` 0 deletes it. */
export function writeSessionCookie(
  c: Context,
  config: Config,
  services: AuthServices,
  value: { seal: string; maxAgeSeconds: number },
): void {
  const secure = isCookieSecure(c, config);
  setCookie(c, services.cookieName(secure), value.seal, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure,
    maxAge: value.maxAgeSeconds,
  });
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(c: Context, config: Config, services: AuthServices): void {
  writeSessionCookie(c, config, services, { seal: '', maxAgeSeconds: 0 });
}
