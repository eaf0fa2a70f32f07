/**
 * Request latency for /metrics: one histogram observation per request, labelled with the
 * matched route pattern (`/api/bridges/:id`, never the raw path, so ids never become labels).
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Metrics } from '../../system/metrics.js';

/** Middleware factory: times every request when `getMetrics()` returns a registry. */
export function requestMetrics(getMetrics: () => Metrics | undefined): MiddlewareHandler {
  return async function observeLatency(c, next) {
    const metrics = getMetrics();
    if (metrics === undefined) return next();
    const started = performance.now();
    try {
      await next();
    } finally {
      // After next() the route index points at the handler that answered, or at the global
      // middleware (`/*`) for a 404 or a refusal: the label set stays small and bounded.
      const route = routePath(c) || '/*';
      metrics.observeRequest(
        route,
        c.req.method,
        c.res.status,
        (performance.now() - started) / 1000,
      );
    }
  };
}
