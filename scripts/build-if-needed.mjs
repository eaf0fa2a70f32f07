#!/usr/bin/env node
// `npm start` runs this first: build dist/ and web/dist/ when missing or older than their
// inputs — the sources, and the installed dependencies that the CLI bundle inlines (the same
// rule bin/clauster.js uses to decide whether dist/ is current).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(path) {
  if (!existsSync(path)) return 0;
  if (!statSync(path).isDirectory()) return statSync(path).mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const stamp = join('dist', 'cli', 'main.js');
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const inputs = ['src', 'web/src', 'web/static', join('node_modules', '.package-lock.json')];
const sources = Math.max(...inputs.map(newest));
if (built > 0 && built >= sources && existsSync(join('web', 'dist'))) process.exit(0);
console.error('clauster: building (first start or sources changed)…');
const result = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
