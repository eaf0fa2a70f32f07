/**
 * GET /metrics: Prometheus text exposition. Invariants: off by default and 404 unless
 * `observability.prometheus_enabled` AND `observability.metrics_token_hash` are set (an
 * endpoint without its scrape credential does not exist); when on, only
 * `Authorization: Bearer <token>` whose SHA-256 equals metrics_token_hash reads it, compared
 * in constant time. A cookie session, a proxy identity or another API token never does, and
 * the token itself is never logged or echoed.
 */
import { Hono } from 'hono';
import { findTokenHash } from '../../auth/api-tokens.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';

const BEARER_RE = /^bearer\s+(\S+)\s*$/i;

/** True when `authorization` is a bearer token whose SHA-256 hex equals `expectedHash`. */
export function hasMetricsToken(authorization: string | undefined, expectedHash: string): boolean {
  const token = authorization === undefined ? undefined : BEARER_RE.exec(authorization)?.[1];
  // findTokenHash hashes and compares with crypto.timingSafeEqual.
  return token !== undefined && findTokenHash(token, [expectedHash]) === 0;
}

/** Routes of the metrics resource. */
export function metricsRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  routes.get('/metrics', async (c) => {
    const { prometheus_enabled: enabled, metrics_token_hash: hash } = ctx.config.observability;
    if (!enabled || hash === null || ctx.metrics === undefined) {
      throw new HttpError('feature-disabled', 'metrics are not enabled');
    }
    if (!hasMetricsToken(c.req.header('authorization'), hash)) {
      throw new HttpError('unauthenticated', 'a metrics bearer token is required', {
        headers: { 'WWW-Authenticate': 'Bearer realm="clauster-metrics"' },
      });
    }
    const body = await ctx.metrics.render();
    return c.body(body, 200, {
      'content-type': ctx.metrics.contentType,
      'cache-control': 'no-store',
    });
  });
  return routes;
}
