/**
 * Exit detection: a running bridge is SIGKILLed (its whole group); how long until the status
 * change is on the event bus? Baseline in the same run: the same fake launched directly and
 * killed the same way, timed to Node's own `exit` event for that child. Target (issue 5): the
 * bus shows the change < 50 ms after the process exits (p95).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FAKE_CLAUDE_PATH } from '../test/support/fake-claude.js';
import { FAST_FAKE_CLAUDE_KNOBS } from '../test/support/fake-claude-process.js';
import { type BridgeWorld, createBridgeWorld } from './bridge-world.js';
import { median, percentile, QUICK, report, round, sleep } from './support.js';

const TARGET_MS = 50;
const TIMEOUT_MS = 20_000;

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > TIMEOUT_MS) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

async function timeSupervisedExit(world: BridgeWorld, project: string): Promise<number> {
  const started = await world.supervisor.start(project, {});
  if (!started.ok) throw new Error(`start ${project}: ${started.code} ${started.detail}`);
  const id = started.value.id;
  let seenAt: number | null = null;
  let running = started.value.status === 'running';
  const unsubscribe = world.bus.subscribe((event) => {
    if (event.type !== 'bridge' || event.bridge.id !== id) return;
    if (event.to === 'running') running = true;
    if (event.to === 'crashed' || event.to === 'stopped') seenAt ??= performance.now();
  });
  await waitFor(() => running, `${id} running`);
  const pid = world.supervisor.list().find((b) => b.id === id)?.pid;
  if (!pid) throw new Error(`${id} has no pid`);
  const killedAt = performance.now();
  process.kill(-pid, 'SIGKILL');
  await waitFor(() => seenAt !== null, `${id} exit on the bus`);
  unsubscribe();
  await world.supervisor.forget(id);
  return (seenAt ?? killedAt) - killedAt;
}

async function timeDirectExit(world: BridgeWorld, project: string, run: number): Promise<number> {
  const child = spawn(
    FAKE_CLAUDE_PATH,
    [
      'remote-control',
      '--spawn',
      'same-dir',
      '--debug-file',
      join(world.root, `direct-${run}.log`),
    ],
    {
      cwd: join(world.projectsRoot, project),
      env: { ...process.env, HOME: world.home, ...FAST_FAKE_CLAUDE_KNOBS },
      detached: true,
      stdio: 'ignore',
    },
  );
  if (child.pid === undefined) throw new Error('direct spawn failed');
  world.track(child.pid);
  const exited = new Promise<number>((resolve) =>
    child.once('exit', () => resolve(performance.now())),
  );
  await sleep(300);
  const killedAt = performance.now();
  process.kill(-child.pid, 'SIGKILL');
  return (await exited) - killedAt;
}

const runs = QUICK ? 5 : 20;
const world = await createBridgeWorld({ projects: 1, knobs: { ...FAST_FAKE_CLAUDE_KNOBS } });
const project = world.projects[0] as string;
const supervised: number[] = [];
const direct: number[] = [];
try {
  await timeSupervisedExit(world, project); // warm-up
  for (let i = 0; i < runs; i += 1) {
    supervised.push(await timeSupervisedExit(world, project));
    direct.push(await timeDirectExit(world, project, i));
  }
} finally {
  await world.cleanup();
}
const p95 = percentile(supervised, 95);
report({
  subject: 'exit-detection',
  measure: `SIGKILL of a running bridge → status change on the event bus (${runs} runs), vs Node's own exit event for a directly spawned fake`,
  figure: `p95 ${round(p95, 1)} ms, p50 ${round(median(supervised), 1)} ms (baseline p95 ${round(percentile(direct, 95), 1)} ms)`,
  target: `p95 < ${TARGET_MS} ms`,
  pass: p95 < TARGET_MS,
  data: {
    runs,
    bus_p50_ms: round(median(supervised), 2),
    bus_p95_ms: round(p95, 2),
    direct_p50_ms: round(median(direct), 2),
    direct_p95_ms: round(percentile(direct, 95), 2),
  },
});
