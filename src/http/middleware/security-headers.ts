/**
 * Security headers on every response — also errors, 404s, 429s and redirects (security.md
 * R-CSRF-3, ASVS 5.0 3.4.6). Invariants: the CSP carries a nonce that is fresh for each
 * response and never `unsafe-inline`/`unsafe-eval`; HSTS only when the client reached us
 * over https; HTML and JSON are never cached.
 */
import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const CSP_TAIL = [
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The CSP for a response whose scripts and styles carry `nonce`. */
export function buildContentSecurityPolicy(nonce: string): string {
  return `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'nonce-${nonce}'; ${CSP_TAIL}`;
}

const NO_STORE_TYPES = /^(text\/html|application\/json|application\/problem\+json)/i;
const NONCE_BYTES = 16;
// CSPRNG bytes fetched 256 nonces at a time; every nonce still gets 16 bytes of its own.
let noncePool = Buffer.alloc(0);
let nonceOffset = 0;

/** A fresh 128-bit base64 nonce (never reused). */
export function createCspNonce(): string {
  if (nonceOffset + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * 256);
    nonceOffset = 0;
  }
  const nonce = noncePool.toString('base64', nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}

/** Middleware factory: sets `cspNonce` before the handler and the headers after it. */
export function securityHeaders(): MiddlewareHandler {
  return async function setSecurityHeaders(c, next) {
    const nonce = createCspNonce();
    c.set('cspNonce', nonce);
    await next();
    try {
      c.res.headers.set('X-Content-Type-Options', 'nosniff');
    } catch {
      // Immutable headers (e.g. Response.redirect()): re-wrap so they can be set.
      c.res = new Response(c.res.body, c.res);
    }
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', buildContentSecurityPolicy(nonce));
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'same-origin');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    const secure = c.get('secureRequest') ?? new URL(c.req.url).protocol === 'https:';
    if (secure) headers.set('Strict-Transport-Security', 'max-age=31536000');
    else headers.delete('Strict-Transport-Security');
    const type = headers.get('Content-Type') ?? '';
    if (NO_STORE_TYPES.test(type) || !headers.has('Cache-Control')) {
      headers.set('Cache-Control', 'no-store');
    }
    // Hono answers HEAD with `new Response(null, getResponse)`, and @hono/node-server copies
    // the GET response's original init, not its headers as changed here: a fresh response
    // built from these headers keeps them on the wire.
    if (c.req.method === 'HEAD') {
      c.res = new Response(null, { status: c.res.status, headers: c.res.headers });
    }
  };
}
