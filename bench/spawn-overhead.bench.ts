/**
 * Spawn overhead: start → `running` through the supervisor (preflight, log files, detached
 * spawn with stdout to a file, readiness polling) vs launching the same fake `claude` with the
 * same argv, env and knobs directly and reading its stdout pipe until the connect URL shows.
 * Interleaved (A, B, A, B…) on one project so machine load hits both sides alike. Target
 * (issue 5): median overhead ≤ +50 ms.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildBridgeArgv, buildBridgeEnv } from '../src/bridges/argv.js';
import { parseConnectUrl } from '../src/bridges/url.js';
import { FAKE_CLAUDE_PATH } from '../test/support/fake-claude.js';
import { FAST_FAKE_CLAUDE_KNOBS } from '../test/support/fake-claude-process.js';
import { type BridgeWorld, createBridgeWorld } from './bridge-world.js';
import { median, percentile, QUICK, report, round } from './support.js';

const TARGET_MS = 50;
const TIMEOUT_MS = 20_000;

async function timeSupervised(world: BridgeWorld, project: string): Promise<number> {
  let id: string | null = null;
  let runningAt: number | null = null;
  const unsubscribe = world.bus.subscribe((event) => {
    if (event.type === 'bridge' && event.to === 'running' && event.bridge.id === id)
      runningAt ??= performance.now();
  });
  const started = performance.now();
  const result = await world.supervisor.start(project, {});
  if (!result.ok) throw new Error(`start ${project}: ${result.code} ${result.detail}`);
  id = result.value.id;
  startCalls.push(performance.now() - started);
  if (result.value.status === 'running') runningAt ??= performance.now();
  while (runningAt === null) {
    if (performance.now() - started > TIMEOUT_MS)
      throw new Error(`bridge ${id} not running within ${TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  unsubscribe();
  const stopped = await world.supervisor.stop(id);
  if (!stopped.ok) throw new Error(`stop ${id}: ${stopped.detail}`);
  await world.supervisor.forget(id);
  return runningAt - started;
}

async function timeDirect(world: BridgeWorld, project: string, run: number): Promise<number> {
  const cwd = join(world.projectsRoot, project);
  const debugFile = join(world.root, `direct-${run}.log`);
  // The argv the supervisor builds for the default launch options.
  const argv = buildBridgeArgv({
    name: project,
    permissionMode: 'default',
    spawnMode: 'same-dir',
    capacity: 32,
    debugFile,
  });
  const { env } = buildBridgeEnv(world.deps.env, world.bridgeEnv);
  const started = performance.now();
  const child = spawn(FAKE_CLAUDE_PATH, argv, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (child.pid === undefined) throw new Error('direct spawn failed');
  world.track(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ms = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`direct fake printed no URL within ${TIMEOUT_MS} ms`)),
      TIMEOUT_MS,
    );
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (parseConnectUrl(out) !== null) {
        clearTimeout(timer);
        resolve(performance.now() - started);
      }
    });
  });
  child.stdout.resume();
  process.kill(-child.pid, 'SIGTERM');
  await exited;
  return ms;
}

const runs = QUICK ? 5 : 25;
const world = await createBridgeWorld({ projects: 1, knobs: { ...FAST_FAKE_CLAUDE_KNOBS } });
const project = world.projects[0] as string;
const supervised: number[] = [];
/** How long start() itself took (preflight, log files, spawn, first registry write). */
const startCalls: number[] = [];
const direct: number[] = [];
try {
  // Warm-up pair: page cache, module loading, the first ~/.claude.json acknowledgement write.
  await timeSupervised(world, project);
  await timeDirect(world, project, -1);
  startCalls.length = 0;
  for (let i = 0; i < runs; i += 1) {
    // Alternate which side goes first so neither always follows the other's teardown.
    if (i % 2 === 0) {
      supervised.push(await timeSupervised(world, project));
      direct.push(await timeDirect(world, project, i));
    } else {
      direct.push(await timeDirect(world, project, i));
      supervised.push(await timeSupervised(world, project));
    }
  }
} finally {
  await world.cleanup();
}
const overheads = supervised.map((ms, i) => ms - (direct[i] ?? Number.NaN));
const overhead = median(supervised) - median(direct);
report({
  subject: 'spawn-overhead',
  measure: `start → \`running\` via the supervisor vs the fake launched directly (URL on its stdout pipe), ${runs} interleaved pairs, median`,
  figure: `+${round(overhead, 0)} ms (${round(median(supervised), 0)} vs ${round(median(direct), 0)} ms)`,
  target: `≤ +${TARGET_MS} ms`,
  pass: overhead <= TARGET_MS,
  data: {
    runs,
    supervised_median_ms: round(median(supervised), 1),
    supervised_p90_ms: round(percentile(supervised, 90), 1),
    direct_median_ms: round(median(direct), 1),
    direct_p90_ms: round(percentile(direct, 90), 1),
    start_call_median_ms: round(median(startCalls), 1),
    pairwise_overhead_median_ms: round(median(overheads), 1),
  },
});
