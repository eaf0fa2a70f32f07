/**
 * Request body limits (security.md R-DOS-2, R-CSRF-2). Invariants: the limit is decided
 * before any handler or parser runs — from Content-Length when present, otherwise by reading
 * at most limit+1 bytes of the stream into memory (chunked bodies included), so a handler
 * never sees a body over the limit (the GHSA-9vqf-7f2p-gf9v class); Transfer-Encoding
 * together with Content-Length is refused (400, the CVE-2025-59139 class); a non-empty body
 * of a state-changing /api request must be application/json (415).
 */
import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../errors.js';
import { getHeader } from './peer.js';

export const LOGIN_BODY_LIMIT = 4 * 1024;
export const API_BODY_LIMIT = 1024 * 1024;
const SMALL_BODY_PATHS = new Set(['/login', '/logout']);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// A GET/HEAD Request never has a Fetch body; asking for it would build a full Request.
const BODYLESS = new Set(['GET', 'HEAD']);
const JSON_TYPE_RE = /^application\/json\s*(;|$)/i;

/** The byte limit for a request path (the path the app routes by). */
export function bodyLimitFor(path: string): number {
  return SMALL_BODY_PATHS.has(path) ? LOGIN_BODY_LIMIT : API_BODY_LIMIT;
}

async function readLimited(
  body: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function tooLarge(limit: number): HttpError {
  return new HttpError('payload-too-large', `request body over ${limit} bytes`);
}

/** Middleware factory enforcing the size and media-type rules above. */
export function bodyLimits(): MiddlewareHandler {
  return async function limitBody(c, next) {
    // The path the router matches, like the auth gate: root_path is never in it.
    const path = c.req.path;
    const limit = bodyLimitFor(path);
    const transferEncoding = getHeader(c, 'transfer-encoding');
    const contentLength = getHeader(c, 'content-length');
    if (transferEncoding !== undefined && contentLength !== undefined) {
      throw new HttpError('bad-request', 'Transfer-Encoding and Content-Length together');
    }
    let size: number | null = null;
    if (contentLength !== undefined) {
      if (!/^\d{1,15}$/.test(contentLength.trim())) {
        throw new HttpError('bad-request', 'Content-Length: expected a byte count');
      }
      size = Number(contentLength);
      if (size > limit) throw tooLarge(limit);
    } else if (!BODYLESS.has(c.req.method.toUpperCase()) && c.req.raw.body !== null) {
      const buffered = await readLimited(c.req.raw.body, limit);
      if (buffered === null) throw tooLarge(limit);
      size = buffered.byteLength;
      c.req.raw = new Request(c.req.raw, { body: buffered });
    }
    const isApiWrite = UNSAFE.has(c.req.method.toUpperCase()) && path.startsWith('/api/');
    if (
      isApiWrite &&
      size !== null &&
      size > 0 &&
      !JSON_TYPE_RE.test(getHeader(c, 'content-type') ?? '')
    ) {
      throw new HttpError('unsupported-media-type', 'request body must be application/json');
    }
    await next();
  };
}
