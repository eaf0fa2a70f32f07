/**
 * Log latency: 20 bridge log files appended at 1,000 lines/s in total (this process writes
 * them through open handles, each line stamped with its write time) → the line received by a
 * `ws` client on /ws/logs/{id} of a real dashboard process (auth off on loopback, Origin set
 * to the loopback origin), one client per log. Distribution of append → receive over the
 * window after a warm-up. Target (issue 6): p99 < 50 ms; p50 reported.
 */

import { createDashboardWorld } from './dashboard-world.js';
import { closeLogClients, type LogTraffic, startLogTraffic } from './log-load.js';
import { percentile, QUICK, report, round, sleep } from './support.js';

const TARGET_P99_MS = 50;
const LOGS = 20;
const LINES_PER_SECOND = 1000;
const warmupSeconds = QUICK ? 2 : 5;
const seconds = QUICK ? 6 : 30;

const world = await createDashboardWorld({ projects: 0, knobs: {} });
const latencies: number[] = [];
let measureFrom = Number.POSITIVE_INFINITY;
let firstMeasured = Number.POSITIVE_INFINITY;
let lastMeasured = -1;
let received = 0;
let unmarked = 0;
let skipped = 0;
let written = 0;
let traffic: LogTraffic | undefined;
try {
  const load = { logs: LOGS, clients: LOGS, linesPerSecond: LINES_PER_SECOND };
  traffic = await startLogTraffic(world, load, {
    onLine(line) {
      if (line === null) {
        unmarked += 1;
        return;
      }
      received += 1;
      if (line.sentAt < measureFrom) return;
      latencies.push(line.receivedAt - line.sentAt);
      firstMeasured = Math.min(firstMeasured, line.seq);
      lastMeasured = Math.max(lastMeasured, line.seq);
    },
    onSkipped(count) {
      skipped += count;
    },
  });
  await sleep(warmupSeconds * 1000);
  measureFrom = performance.now();
  await sleep(seconds * 1000);
  await traffic.writer.stop();
  written = traffic.writer.written();
  await sleep(1500); // let the last lines arrive
} finally {
  closeLogClients(traffic?.clients ?? []);
  await world.cleanup();
}
// Every line written after measuring began must have arrived exactly once.
const expected = lastMeasured >= firstMeasured ? lastMeasured - firstMeasured + 1 : 0;
const lost = expected - latencies.length;
const p99 = percentile(latencies, 99);
report({
  subject: 'log-latency',
  measure: `append → line received on /ws/logs, ${LOGS} logs at ${LINES_PER_SECOND} lines/s total, ${seconds} s after ${warmupSeconds} s warm-up`,
  figure: `p99 ${round(p99, 1)} ms (p50 ${round(percentile(latencies, 50), 1)} ms)`,
  target: `p99 < ${TARGET_P99_MS} ms`,
  pass: p99 < TARGET_P99_MS && lost === 0 && skipped === 0 && latencies.length > 0,
  data: {
    seconds,
    lines_written: written,
    lines_received: received,
    samples: latencies.length,
    lost_in_window: lost,
    skipped,
    unmarked,
    p50_ms: round(percentile(latencies, 50), 2),
    p90_ms: round(percentile(latencies, 90), 2),
    p99_ms: round(p99, 2),
    max_ms: round(Math.max(...latencies), 2),
    entry: world.entry,
  },
});
