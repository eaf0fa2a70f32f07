/**
 * Streaming memory: 64 `ws` clients (the server's total socket cap) follow 20 bridge logs on
 * /ws/logs of a real dashboard process while 1,000 lines/s are appended, for 10 minutes
 * (quick: 1 minute in all). The dashboard runs with --expose-gc and a preload that collects
 * on SIGUSR2; RSS (VmRSS) is read after a forced full GC at the end of the warm-up and again
 * at the end, with the clients still streaming. Target (issue 6): growth < 10 MB.
 */
import { fileURLToPath } from 'node:url';
import { createDashboardWorld, type DashboardWorld } from './dashboard-world.js';
import { closeLogClients, type LogTraffic, startLogTraffic } from './log-load.js';
import { readRssMiB } from './proc-stats.js';
import { QUICK, report, round, sleep } from './support.js';

const TARGET_MB = 10;
const LOGS = 20;
const CLIENTS = 64;
const LINES_PER_SECOND = 1000;
const warmupSeconds = QUICK ? 5 : 20;
const seconds = QUICK ? 50 : 600;
const sampleEverySeconds = QUICK ? 5 : 30;
const PRELOAD = fileURLToPath(new URL('./gc-on-signal.mjs', import.meta.url));

/** Forces a full GC in the dashboard (SIGUSR2 → preload), then reads its RSS. */
async function readRssAfterGc(world: DashboardWorld): Promise<number> {
  const done = new Promise<string>((resolve) =>
    world.dashboard.onLine((line) => (line === 'GC' || line === 'NOGC') && resolve(line)),
  );
  world.dashboard.child.kill('SIGUSR2');
  const answer = await Promise.race([done, sleep(10_000).then(() => 'timeout')]);
  if (answer !== 'GC') throw new Error(`dashboard did not collect garbage on SIGUSR2 (${answer})`);
  await sleep(500); // let freed pages go back before reading VmRSS
  return readRssMiB(world.dashboard.pid);
}

const world = await createDashboardWorld({
  projects: 0,
  knobs: {},
  nodeFlags: ['--expose-gc', '--import', PRELOAD],
});
const samples: number[] = [];
let received = 0;
let skipped = 0;
let written = 0;
let baseline = Number.NaN;
let end = Number.NaN;
let traffic: LogTraffic | undefined;
try {
  const load = { logs: LOGS, clients: CLIENTS, linesPerSecond: LINES_PER_SECOND };
  traffic = await startLogTraffic(world, load, {
    onLine: () => {
      received += 1;
    },
    onSkipped: (count) => {
      skipped += count;
    },
  });
  await sleep(warmupSeconds * 1000);
  baseline = await readRssAfterGc(world);
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    await sleep(
      Math.min(sampleEverySeconds * 1000, seconds * 1000 - (performance.now() - started)),
    );
    samples.push(await readRssMiB(world.dashboard.pid));
  }
  end = await readRssAfterGc(world);
  const open = traffic.clients.filter((c) => c.socket.readyState === c.socket.OPEN).length;
  await traffic.writer.stop();
  written = traffic.writer.written();
  if (open !== CLIENTS)
    throw new Error(`${CLIENTS - open} of ${CLIENTS} clients were disconnected during the run`);
} finally {
  closeLogClients(traffic?.clients ?? []);
  await world.cleanup();
}
const growth = end - baseline;
report({
  subject: 'streaming-memory',
  measure: `dashboard RSS growth (after forced GC) while ${CLIENTS} clients follow ${LOGS} logs at ${LINES_PER_SECOND} lines/s for ${seconds} s after ${warmupSeconds} s warm-up`,
  figure: `${growth >= 0 ? '+' : ''}${round(growth, 1)} MB (${round(baseline, 0)} → ${round(end, 0)} MB)`,
  target: `< ${TARGET_MB} MB growth over 10 min${QUICK ? ' (quick: 1 min)' : ''}`,
  pass: growth < TARGET_MB && skipped === 0,
  data: {
    seconds,
    clients: CLIENTS,
    rss_baseline_mb: round(baseline, 1),
    rss_end_mb: round(end, 1),
    rss_min_mb: round(Math.min(...samples), 1),
    rss_max_mb: round(Math.max(...samples), 1),
    lines_written: written,
    lines_received: received,
    skipped,
    gc: 'forced (--expose-gc, SIGUSR2)',
    entry: world.entry,
  },
});
