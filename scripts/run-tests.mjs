#!/usr/bin/env node
// Runs every test file under test/ with Node's test runner, TAP output so the closing
// `# pass N` / `# fail N` lines are the last thing printed, with the failed tests listed just
// above them (scripts/tap-with-failures.mjs). The tests run compiled, in a temp
// mirror of the checkout (scripts/test-mirror.mjs), which is removed afterwards; arguments keep
// only the files whose path contains one of them (`node scripts/run-tests.mjs test/cli args`).
// Node 20 does not expand globs itself, so the files are listed here.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTestMirror, mirrorPathOf } from './test-mirror.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function listTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'fixtures') out.push(...listTests(path));
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
const files = listTests(join(ROOT, 'test'))
  .filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}

// Ctrl-C reaches the runner too (same process group); a TERM or HUP sent to this process is
// passed on. A signal while the mirror is being built ends the run once the build is done.
// Either way the mirror is removed before this process exits.
let runner = null;
let interrupted = null;
process.on('SIGINT', () => {
  interrupted ??= 'SIGINT';
});
for (const name of ['SIGTERM', 'SIGHUP']) {
  process.on(name, () => {
    interrupted ??= name;
    runner?.kill(name);
  });
}
const EXIT_BY_SIGNAL = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

// A Ctrl-C also stops esbuild and the bundle build, so the build fails: end as interrupted.
const mirror = await buildTestMirror(ROOT).catch((error) => {
  if (interrupted !== null) process.exit(EXIT_BY_SIGNAL[interrupted]);
  throw error;
});
if (interrupted !== null) {
  await mirror.remove();
  process.exit(EXIT_BY_SIGNAL[interrupted]);
}
runner = spawn(
  process.execPath,
  [
    '--enable-source-maps',
    '--import',
    './test/support/strict-process.js',
    '--test',
    `--test-reporter=${join(ROOT, 'scripts', 'tap-with-failures.mjs')}`,
    '--test-reporter-destination=stdout',
    '--test-concurrency=2',
    ...files.map((file) => mirrorPathOf(ROOT, mirror.path, file)),
  ],
  { cwd: mirror.path, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
const [code, signal] = await new Promise((done) =>
  runner.on('close', (...outcome) => done(outcome)),
);
await mirror.remove();
process.exit(code ?? (signal ? 1 : 0));
