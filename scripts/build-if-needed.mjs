#!/usr/bin/env node
// `npm start` runs this first: build dist/ and web/dist/ when missing or older than the sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let max = 0;
  if (!existsSync(dir)) return max;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

const stamp = join('dist', 'cli', 'main.js');
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const sources = Math.max(newest('src'), newest('web/src'), newest('web/static'));
if (built > 0 && built >= sources && existsSync(join('web', 'dist'))) process.exit(0);
console.error('clauster: building (first start or sources changed)…');
const result = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
