#!/usr/bin/env node
// Import-direction check (design §1, style §2.2):
// 1. core folders never import hono, @hono/*, execa, ws or child_process;
// 2. core folders never import edge code (http, ws, cli, server, system) except the
//    type-only port declarations in src/system/ports.ts;
// 3. no import cycles anywhere under src/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve('src');
const CORE = [
  'config',
  'auth',
  'security',
  'claude',
  'bridges',
  'projects',
  'reaper',
  'doctor',
  'state',
  'events',
  'ops',
];
const EDGE = ['http', 'ws', 'cli', 'system', 'server.ts'];
const BANNED = /^(hono|@hono\/.*|execa|ws|child_process|node:child_process)$/;
const ALLOWED_EDGE = new Set(['system/ports.ts']);
const IMPORT_RE =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const files = walk(SRC);
const graph = new Map();
const problems = [];
for (const file of files) {
  const rel = relative(SRC, file);
  const top = rel.split('/')[0];
  const isCore = CORE.includes(top);
  const text = readFileSync(file, 'utf8');
  const edges = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    if (!spec) continue;
    if (isCore && BANNED.test(spec)) problems.push(`${rel}: core module imports '${spec}'`);
    if (!spec.startsWith('.')) continue;
    const target = relative(SRC, resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    edges.push(target);
    const targetTop = target.split('/')[0];
    if (isCore && EDGE.includes(targetTop) && !ALLOWED_EDGE.has(target)) {
      problems.push(`${rel}: core module imports edge module '${target}'`);
    }
  }
  graph.set(rel, edges);
}

const state = new Map();
function visit(node, stack) {
  if (state.get(node) === 'done') return;
  if (state.get(node) === 'active') {
    problems.push(`import cycle: ${[...stack.slice(stack.indexOf(node)), node].join(' -> ')}`);
    return;
  }
  state.set(node, 'active');
  for (const next of graph.get(node) ?? []) if (graph.has(next)) visit(next, [...stack, node]);
  state.set(node, 'done');
}
for (const node of graph.keys()) visit(node, []);

if (problems.length > 0) {
  for (const p of problems) console.error(`check-imports: ${p}`);
  process.exit(1);
}
console.log(`check-imports: ${files.length} files, core/edge direction ok, no cycles`);
