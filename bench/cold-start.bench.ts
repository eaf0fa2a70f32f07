/** Cold start: spawn → first 200 on /healthz, `clauster run` vs a bare `node -e` http server. */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { ensureBuild } from './build-check.js';
import { makeBenchDir, median, QUICK, report, round, sleep } from './support.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function timeToHealthy(
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 15_000)
        throw new Error(`no /healthz within 15 s (${args.join(' ')})`);
      await sleep(5);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

if (ensureBuild() !== 'dist')
  throw new Error('cold start is measured on the compiled CLI; `npm run build` failed');
const cli = 'bin/clauster.js';
const runs = QUICK ? 3 : 10;
const clauster: number[] = [];
const baseline: number[] = [];
const home = await makeBenchDir('cold');
try {
  for (let i = 0; i <= runs; i += 1) {
    const port = await freePort();
    const env = { PATH: process.env.PATH, HOME: home, CLAUSTER_PORT: String(port) };
    const base = await timeToHealthy(
      ['-e', `require('node:http').createServer((q,s)=>s.end('ok')).listen(${port},'127.0.0.1')`],
      env,
      port,
    );
    const ours = await timeToHealthy([cli, 'run'], env, await Promise.resolve(port));
    if (i === 0) continue; // warm-up
    baseline.push(base);
    clauster.push(ours);
  }
} finally {
  await rm(home, { recursive: true, force: true });
}
const overhead = median(clauster) - median(baseline);
report({
  subject: 'cold-start',
  measure: '`clauster run` → first /healthz 200, minus a bare node http server (median)',
  figure: `+${round(overhead, 0)} ms (${round(median(clauster), 0)} vs ${round(median(baseline), 0)} ms)`,
  target: '≤ +300 ms',
  pass: overhead <= 300,
  data: {
    runs,
    clauster_median_ms: round(median(clauster)),
    baseline_median_ms: round(median(baseline)),
  },
});
