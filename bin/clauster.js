#!/usr/bin/env node
// Thin shim: run the bundled CLI (dist/cli/main.js, `npm run build`) when it is built and
// current, else the TypeScript sources through tsx. An installed package ships no src/, so it
// always runs dist/; in a checkout a dist/ older than src/ or than the installed dependencies
// (the bundle inlines them) is never used: it would run stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');
const sources = join(root, 'src');
// npm rewrites this file whenever it changes node_modules (install, ci, update).
const installed = join(root, 'node_modules', '.package-lock.json');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function useBuilt() {
  if (!existsSync(built)) return false;
  if (!existsSync(sources)) return true;
  const deps = existsSync(installed) ? statSync(installed).mtimeMs : 0;
  return statSync(built).mtimeMs >= Math.max(newestMtime(sources), deps);
}

let entry = built;
if (!useBuilt()) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = join(sources, 'cli', 'main.ts');
}
const { main, resolveCommandName } = await import(pathToFileURL(entry).href);
const argv = process.argv.slice(2);
const code = await main(argv);
// `run` returned: the dashboard closed (signal, or 75 for a dashboard restart, which the
// supervisor acts on only once this process is gone), or failed to. End the process now: a
// handle the close left behind (a stuck socket, a timer of a service whose stop failed) must
// not keep it alive with its port shut. Only `run`: another command's piped output may still
// be flushing, so those end by themselves with exitCode.
if (resolveCommandName(argv) === 'run') process.exit(code);
process.exitCode = code;
