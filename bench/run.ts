/**
 * `npm run bench [-- --quick] [-- subject…]`: runs each bench/<subject>.bench.ts in its own
 * process, collects the `BENCH {json}` line, writes bench/results.json and the table in
 * docs/performance.md (between the generated-table markers). A run of some subjects only
 * prints their results: the table always shows one whole run, never a mix of runs.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { BUILD_CHECKED_ENV, ensureBuild } from './build-check.js';
import type { BenchResult } from './support.js';

const quick = process.argv.includes('--quick');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

// cold-start and the dashboard benches run the compiled CLI: build it once, up front.
const entry = ensureBuild();
process.stderr.write(
  `bench: bin/clauster.js runs ${entry === 'dist' ? 'dist/' : 'the sources through tsx'}\n`,
);

const results: BenchResult[] = [];
for (const file of files) {
  const started = Date.now();
  process.stderr.write(`bench: ${file}${quick ? ' (quick)' : ''}…\n`);
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', `bench/${file}`, ...(quick ? ['--quick'] : [])],
    {
      encoding: 'utf8',
      env: { ...process.env, BENCH_QUICK: quick ? '1' : '0', [BUILD_CHECKED_ENV]: '1' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 20 * 60 * 1000,
    },
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) {
    const tail = `${run.stderr}`.trim().split('\n').slice(-5).join(' | ');
    results.push({
      subject: file.replace('.bench.ts', ''),
      measure: 'did not report',
      figure: 'error',
      target: '-',
      pass: false,
      data: { exit: run.status ?? -1 },
      note: tail.slice(0, 300),
    });
  } else {
    results.push(JSON.parse(line.slice('BENCH '.length)) as BenchResult);
  }
  const last = results[results.length - 1];
  process.stderr.write(
    `bench: ${file} → ${last?.figure} (${last?.pass ? 'pass' : 'MISS'}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

for (const r of results) console.log(JSON.stringify(r));
const misses = results.filter((r) => !r.pass).length;
const summary = `bench: ${results.length - misses} passed, ${misses} missed`;
if (only.length > 0) {
  console.log(
    `${summary} (some subjects only: bench/results.json and docs/performance.md left as they were)`,
  );
  process.exit(0);
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
const meta = { date: new Date().toISOString(), node: process.version, machine, quick };
writeFileSync('bench/results.json', `${JSON.stringify({ ...meta, results }, null, 2)}\n`);

const rows = results.map(
  (r) =>
    `| ${r.subject} | ${r.measure} | ${r.figure} | ${r.target} | ${r.pass ? 'pass' : '**miss**'} |`,
);
const table = [
  `Run: ${meta.date.slice(0, 10)}, Node ${meta.node}, ${machine}${quick ? ', **quick mode**' : ', full run'}.`,
  '',
  '| subject | measure | figure | target | result |',
  '|---|---|---|---|---|',
  ...rows,
].join('\n');
const docPath = 'docs/performance.md';
const doc = readFileSync(docPath, 'utf8');
const start = '<!-- bench:table:start -->';
const end = '<!-- bench:table:end -->';
const next = doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), `${start}\n${table}\n${end}`);
writeFileSync(docPath, next);
console.log(summary);
