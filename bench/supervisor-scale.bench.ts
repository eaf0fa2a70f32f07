/**
 * Supervisor scale: N idle fake bridges (FAST_FAKE_CLAUDE_KNOBS, bridge poll 2 s) started through the
 * API of a real dashboard running in its own process; once all are `running` and a settle
 * period passed, the dashboard's CPU (utime + stime from /proc/<pid>/stat) over a window and
 * its RSS (VmRSS). Targets (issue 5): CPU < 1 % of a core, RSS < 150 MB, at 100 bridges.
 */
import { FAST_FAKE_CLAUDE_KNOBS } from '../test/support/fake-claude-process.js';
import { createDashboardWorld } from './dashboard-world.js';
import { readCpuSeconds, readRssMiB } from './proc-stats.js';
import { QUICK, report, round, sleep } from './support.js';

const CPU_TARGET = 1;
const RSS_TARGET_MB = 150;
const bridges = QUICK ? 20 : 100;
const windowSeconds = QUICK ? 6 : 30;
const settleSeconds = QUICK ? 2 : 10;

const world = await createDashboardWorld({
  projects: bridges,
  knobs: { ...FAST_FAKE_CLAUDE_KNOBS, FAKE_CLAUDE_POLL_MS: '2000' },
});
const pid = world.dashboard.pid;
let cpuPercent = Number.NaN;
let rssEnd = Number.NaN;
let rssMax = 0;
let startSeconds = 0;
try {
  const started = performance.now();
  await world.startBridges(world.projects);
  await world.waitAllRunning(bridges, 10 * 60_000);
  startSeconds = (performance.now() - started) / 1000;
  await sleep(settleSeconds * 1000);
  const cpu0 = await readCpuSeconds(pid);
  const t0 = performance.now();
  for (let s = 0; s < windowSeconds; s += 1) {
    await sleep(1000);
    rssMax = Math.max(rssMax, await readRssMiB(pid));
  }
  const cpu1 = await readCpuSeconds(pid);
  cpuPercent = ((cpu1 - cpu0) / ((performance.now() - t0) / 1000)) * 100;
  rssEnd = await readRssMiB(pid);
  const still = (await world.listBridges()).filter((b) => b.status === 'running').length;
  if (still !== bridges)
    throw new Error(`${bridges - still} bridges left running during the window`);
} finally {
  await world.cleanup();
}
report({
  subject: 'supervisor-scale',
  measure: `${bridges} idle fake bridges supervised by a dashboard process: its CPU over ${windowSeconds} s and RSS (VmRSS)`,
  figure: `${round(cpuPercent, 2)} % of a core, ${round(rssMax, 0)} MB RSS`,
  target: `< ${CPU_TARGET} % CPU, < ${RSS_TARGET_MB} MB RSS${QUICK ? ' (at 100 bridges; quick runs 20)' : ''}`,
  pass: cpuPercent < CPU_TARGET && rssMax < RSS_TARGET_MB,
  data: {
    bridges,
    window_s: windowSeconds,
    cpu_percent: round(cpuPercent, 3),
    rss_max_mb: round(rssMax, 1),
    rss_end_mb: round(rssEnd, 1),
    start_all_s: round(startSeconds, 1),
    entry: world.entry,
  },
});
