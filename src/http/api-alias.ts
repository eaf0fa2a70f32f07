/**
 * The `/api/v1` alias (reference §3.10): a public route under `/api/v1` is routed as its
 * `/api` twin, so it runs the very same middleware (origin, auth, rate limit, body limits)
 * and the very same handler. Invariants: only a method + path of PUBLIC_ROUTES is rewritten;
 * anything else under `/api/v1` keeps its path, matches nothing and answers the normal JSON
 * 404 after auth; and a rewritten request answered by any handler but its table route's
 * (a later route shadowing a public pattern) is refused with the same 404.
 */
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { getPath } from 'hono/utils/url';
import { HttpError } from './errors.js';
import { API_PREFIX, API_V1_PREFIX, PUBLIC_ROUTES, type PublicRoute } from './public-api.js';

interface CompiledRoute {
  route: PublicRoute;
  pattern: RegExp;
}

// `:param` matches one non-empty segment, like Hono's own parameters; the rest is literal.
function compilePattern(path: string): RegExp {
  const segments = path
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    );
  return new RegExp(`^${segments.join('/')}$`);
}

const COMPILED: readonly CompiledRoute[] = PUBLIC_ROUTES.map((route) => ({
  route,
  pattern: compilePattern(route.path),
}));

// Hono answers HEAD through the GET route, so the alias does too.
function routingMethod(method: string): string {
  const upper = method.toUpperCase();
  return upper === 'HEAD' ? 'GET' : upper;
}

/** The public route `method` + `path` (below the prefix) names, if any. */
export function findPublicRoute(method: string, path: string): PublicRoute | undefined {
  const wanted = routingMethod(method);
  return COMPILED.find((c) => c.route.method === wanted && c.pattern.test(path))?.route;
}

/** The part of `path` below `/api/v1` (`/bridges/x`), or null when it is not under it. */
export function readV1Path(path: string): string | null {
  return path.startsWith(`${API_V1_PREFIX}/`) ? path.slice(API_V1_PREFIX.length) : null;
}

// Requests resolveRoutingPath() rewrote, with their table route: the guard below reads this
// instead of parsing the URL again on every request.
const REWRITTEN = new WeakMap<Request, PublicRoute>();

/**
 * The path the app routes by (Hono's `getPath` option): a public `/api/v1/…` request becomes
 * its `/api/…` twin; every other request keeps Hono's own path.
 */
export function resolveRoutingPath(request: Request): string {
  const path = getPath(request);
  const below = readV1Path(path);
  const route = below === null ? undefined : findPublicRoute(request.method, below);
  if (route === undefined) return path;
  REWRITTEN.set(request, route);
  return `${API_PREFIX}${below}`;
}

/** Middleware factory: a rewritten request must reach the handler its table route names. */
export function apiV1Guard(): MiddlewareHandler {
  return async function guardApiV1(c, next) {
    const route = REWRITTEN.get(c.req.raw);
    if (route === undefined) return next();
    const method = routingMethod(c.req.method);
    // Middleware is registered as ALL; the first route of the request's method answers.
    const handler = matchedRoutes(c).find((r) => r.method === method);
    if (handler?.path !== `${API_PREFIX}${route.path}`) {
      throw new HttpError('not-found', 'no such route');
    }
    await next();
  };
}
