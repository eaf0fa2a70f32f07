/**
 * Trust writer: 8 writer processes × 200 edits on a ~1 MB ~/.claude.json while a reader keeps
 * parsing it. Counts torn reads and lost keys (both must be 0) and reports edits per second.
 */
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeBenchDir, QUICK, report, round } from './support.js';

const writers = 8;
// Quick keeps the suite under 2 minutes: at ~3 edits/s (see docs/performance.md) 8 × 40 took 2 min.
const edits = QUICK ? 5 : 200;
const dir = await makeBenchDir('trust');
const configPath = join(dir, '.claude.json');
const filler: Record<string, unknown> = {};
for (let i = 0; i < 9000; i += 1)
  filler[`/home/op/old/${i}`] = { allowedTools: [], note: 'x'.repeat(60) };
await writeFile(configPath, JSON.stringify({ numStartups: 3, projects: filler }, null, 2));
const initialKeys = Object.keys(filler).length;

let reads = 0;
let torn = 0;
let reading = true;
const reader = (async () => {
  while (reading) {
    try {
      JSON.parse(await readFile(configPath, 'utf8'));
      reads += 1;
    } catch {
      torn += 1;
    }
  }
})();

const started = performance.now();
const writing = Promise.all(
  Array.from(
    { length: writers },
    (_, id) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'bench/trust-writer-child.ts',
            configPath,
            dir,
            String(id),
            String(edits),
          ],
          { stdio: ['ignore', 'ignore', 'inherit'] },
        );
        child.once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`writer ${id} exited ${code}`)),
        );
      }),
  ),
);
let finalText: string;
let seconds = Number.NaN;
try {
  await writing;
  seconds = (performance.now() - started) / 1000;
} finally {
  reading = false;
  await reader;
  finalText = await readFile(configPath, 'utf8');
  await rm(dir, { recursive: true, force: true });
}

const final = JSON.parse(finalText) as {
  projects: Record<string, { hasTrustDialogAccepted?: boolean }>;
};
let lost = 0;
for (let w = 0; w < writers; w += 1) {
  for (let i = 0; i < edits; i += 1)
    if (final.projects[`/bench/w${w}/p${i}`]?.hasTrustDialogAccepted !== true) lost += 1;
}
const keptOld = Object.keys(final.projects).filter((k) => k.startsWith('/home/op/old/')).length;
lost += initialKeys - keptOld;
const total = writers * edits;
report({
  subject: 'trust-writer',
  measure: `${writers} writer processes × ${edits} edits on a ${round(Buffer.byteLength(finalText) / 1e6, 1)} MB .claude.json, reader parsing concurrently`,
  figure: `${torn} torn reads / ${reads}, ${lost} lost keys, ${round(total / seconds, 0)} edits/s`,
  target: '0 torn reads, 0 lost keys; edits/s reported',
  pass: torn === 0 && lost === 0,
  data: {
    writers,
    edits,
    reads,
    torn,
    lost,
    seconds: round(seconds),
    edits_per_second: round(total / seconds),
  },
});
