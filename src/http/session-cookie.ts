/**
 * The session cookie on the wire (security.md R-COOKIE-1/2). Invariant: exactly
 * `Path=/; HttpOnly; SameSite=Strict` plus `Secure` and the `__Host-` name whenever Secure
 * applies (cookie_secure `always`, or `auto` on an https request), never a Domain.
 */
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { Config } from '../config/schema.js';
import type { AuthServices } from './auth-services.js';
import { getHeader } from './middleware/peer.js';

/** Whether this response's session cookie gets `Secure` (and so the `__Host-` name). */
export function isCookieSecure(c: Context, config: Config): boolean {
  const mode = config.auth.cookie_secure;
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return c.get('secureRequest') === true;
}

function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09))
    start++;
  while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09))
    end--;
  return text.slice(start, end);
}

/**
 * The first value of cookie `name` in a Cookie header, as sent (quotes removed, no
 * percent-decoding: a seal never contains `%`). The caller validates the value strictly.
 */
export function findCookieValue(header: string, name: string): string | undefined {
  if (!header.includes(name)) return undefined;
  let start = 0;
  while (start < header.length) {
    const next = header.indexOf(';', start);
    const end = next === -1 ? header.length : next;
    const eq = header.indexOf('=', start);
    if (eq !== -1 && eq < end && trimSpaces(header.slice(start, eq)) === name) {
      const value = trimSpaces(header.slice(eq + 1, end));
      const quoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"');
      return quoted ? value.slice(1, -1) : value;
    }
    start = end + 1;
  }
  return undefined;
}

/** The session cookie value sent with this request, if any (under the name that applies). */
export function readSessionCookie(
  c: Context,
  config: Config,
  services: AuthServices,
): string | undefined {
  // Not hono's getCookie: it regex-checks and URI-decodes the whole ~350-byte seal on every
  // request; the seal is checked against its exact format when it is opened anyway.
  const header = getHeader(c, 'cookie');
  return header === undefined
    ? undefined
    : findCookieValue(header, services.cookieName(isCookieSecure(c, config)));
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
