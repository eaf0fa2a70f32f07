/**
 * The Prometheus metrics of a running dashboard (observability.prometheus_enabled): gauges read
 * the supervisor and the socket registry per scrape, per-bridge CPU and RSS only with
 * metrics.enabled. Created after recovery, so re-adopted bridges are not counted as spawns.
 * prom-client (and @opentelemetry/api behind it) is loaded only when metrics are on.
 */
import { buildBridgeMetrics } from '../bridges/bridge-resources.js';
import type { AppContext } from '../http/context.js';
import type { Metrics } from './metrics.js';

/** Creates the metrics for `context` and attaches them to it; returns their close(). */
export async function startPrometheusMetrics(
  context: AppContext,
): Promise<Metrics & { close(): void }> {
  const sampler = context.resources;
  const sources = {
    bridgeStatuses: () => (context.supervisor?.list() ?? []).map((b) => b.status),
    webSocketClients: () => context.authServices?.wsRegistry.count() ?? 0,
    // Per-bridge CPU and RSS gauges only with metrics.enabled (a scrape counts as a read).
    ...(sampler === undefined
      ? {}
      : {
          bridgeResources: async () =>
            buildBridgeMetrics(context.supervisor?.list() ?? [], await sampler.read()),
        }),
  };
  const { createMetrics } = await import('./metrics.js');
  const metrics = createMetrics(context.bus, sources, context.version);
  context.metrics = metrics;
  return metrics;
}
