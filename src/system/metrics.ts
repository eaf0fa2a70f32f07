/**
 * Prometheus metrics (edge: the only module that imports prom-client). Counters are fed by
 * the event bus and by small `count*` calls from the routes; gauges are read at scrape time.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventBus } from '../events/bus.js';

export interface MetricsSources {
  /** Current bridges, read at scrape time. */
  bridgeStatuses(): readonly string[];
  /** Open WebSocket clients, read at scrape time. */
  webSocketClients(): number;
  /** Live bridges' resources (bridge id → project + numbers); absent with metrics.enabled off. */
  bridgeResources?(): Promise<Readonly<Record<string, BridgeResourceRow>>>;
}

/** What the resource gauges read of a bridge (src/bridges/bridge-resources.ts). */
export interface BridgeResourceRow {
  project: string;
  resources: { cpu_percent: number | null; rss_bytes: number } | null;
}

export interface Metrics {
  registry: Registry;
  countLogin(outcome: 'success' | 'failure' | 'throttled'): void;
  countRedactedLines(lines: number): void;
  /** One webhook delivery (src/system/webhook-sender.ts) by outcome. */
  countWebhook(outcome: 'ok' | 'failed' | 'refused' | 'dropped'): void;
  observeRequest(route: string, method: string, status: number, seconds: number): void;
  /** The text exposition format. */
  render(): Promise<string>;
  contentType: string;
}

const STATUSES = ['starting', 'running', 'stopped', 'crashed', 'error'] as const;

/** Turns a free-text crash reason into a small, bounded label set. */
export function classifyReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.toLowerCase() : '';
  if (text.includes('not trusted')) return 'untrusted';
  if (text.includes('logged in') || text.includes('login')) return 'not-logged-in';
  if (text.includes('not found') || text.includes('environment')) return 'environment-gone';
  if (text.includes('signal') || text.includes('killed')) return 'signal';
  if (text.includes('without url') || text.includes('stuck') || text.includes('grace'))
    return 'stuck';
  if (text.includes('regist') || text.includes('enotfound')) return 'registration';
  return text.length === 0 ? 'unknown' : 'other';
}

// Per-project gauges of the live bridges. Each reads the sampler at scrape time; the two
// reads share one poll (the sampler polls at most once per interval and shares a poll in flight).
function registerResourceGauges(
  registry: Registry,
  read: NonNullable<MetricsSources['bridgeResources']>,
): void {
  const gauges = [
    [
      'clauster_bridge_cpu_percent',
      'CPU of a bridge process tree, % of one core (of all cores with metrics.normalize_cpu)',
      'cpu_percent',
    ],
    ['clauster_bridge_rss_bytes', 'Resident memory of a bridge process tree', 'rss_bytes'],
  ] as const;
  for (const [name, help, field] of gauges) {
    new Gauge({
      name,
      help,
      labelNames: ['project'],
      registers: [registry],
      async collect() {
        const rows = Object.values(await read());
        this.reset();
        for (const { project, resources } of rows) {
          const value = resources?.[field] ?? null;
          if (value !== null) this.labels(project).set(value);
        }
      },
    });
  }
}

/** Creates the registry and subscribes to the bus; call `close()` to unsubscribe. */
export function createMetrics(
  bus: EventBus,
  sources: MetricsSources,
  version: string,
): Metrics & { close(): void } {
  const registry = new Registry();
  new Gauge({
    name: 'clauster_build_info',
    help: 'clauster version',
    labelNames: ['version'],
    registers: [registry],
  })
    .labels(version)
    .set(1);
  new Gauge({
    name: 'clauster_bridges',
    help: 'Bridges by status',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      const counts = new Map<string, number>(STATUSES.map((s) => [s, 0]));
      for (const status of sources.bridgeStatuses())
        counts.set(status, (counts.get(status) ?? 0) + 1);
      for (const [status, n] of counts) this.labels(status).set(n);
    },
  });
  new Gauge({
    name: 'clauster_websocket_clients',
    help: 'Open WebSocket clients',
    registers: [registry],
    collect() {
      this.set(sources.webSocketClients());
    },
  });
  if (sources.bridgeResources) registerResourceGauges(registry, sources.bridgeResources);
  const spawns = new Counter({
    name: 'clauster_bridge_spawns_total',
    help: 'Bridges started',
    registers: [registry],
  });
  const crashes = new Counter({
    name: 'clauster_bridge_crashes_total',
    help: 'Bridges that crashed or failed, by reason class',
    labelNames: ['reason'],
    registers: [registry],
  });
  const logins = new Counter({
    name: 'clauster_logins_total',
    help: 'Login attempts by outcome (failure, throttled, success)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const redacted = new Counter({
    name: 'clauster_redacted_lines_total',
    help: 'Log lines passed through the redactor for streaming',
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'clauster_webhook_deliveries_total',
    help: 'Webhook deliveries by outcome (ok, failed, refused, dropped)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'clauster_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const unsubscribe = bus.subscribe((event) => {
    if (event.type !== 'bridge') return;
    if (event.to === 'starting' && event.from === null) spawns.inc();
    if (event.to === 'crashed' || event.to === 'error')
      crashes.labels(classifyReason(event.bridge.reason)).inc();
  });
  return {
    registry,
    countLogin: (outcome) => logins.labels(outcome).inc(),
    countRedactedLines: (lines) => redacted.inc(lines),
    countWebhook: (outcome) => webhooks.labels(outcome).inc(),
    observeRequest: (route, method, status, seconds) =>
      latency.labels(route, method, String(status)).observe(seconds),
    render: () => registry.metrics(),
    contentType: registry.contentType,
    close: unsubscribe,
  };
}
