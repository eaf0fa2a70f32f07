#!/usr/bin/env node
// Builds the runnable CLI and server: one esbuild ESM bundle of src/cli/main.ts with code
// splitting, written to dist/ (`--outdir DIR` for another place). Layout:
//   dist/cli/main.js     the entry bin/clauster.js runs (and the freshness stamp)
//   dist/chunks/*.js     shared code and every dynamic import() target, loaded on first use
//   dist/build.json      this build's own chunk names (for the carry-over below)
// Dependencies are inlined; native addons (argon2) stay external and load from node_modules.
// The dynamic imports the code relies on for a fast start (each command, prom-client, qrcode,
// proper-lockfile, yaml, doctor, reaper) stay separate chunks. Type checking is
// `npm run typecheck`: esbuild only strips types. The tree is built in a temp directory and
// swapped in (swap-dir.mjs), so bin/clauster.js never runs half a build. A dashboard started
// from the previous build still import()s its chunks by name until it is restarted, so the
// previous build's chunks are carried over for one generation.
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { swapDir } from './swap-dir.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = join(ROOT, 'src', 'cli', 'main.ts');
const MANIFEST = 'build.json';

// Native addons (a compiled .node file found at run time) cannot be inlined.
const EXTERNAL = ['argon2'];

// CommonJS dependencies inlined into an ES module still call require() for Node built-ins;
// ESM has no `require`, so every output file gets one bound to its own URL.
const BANNER = [
  "import { createRequire as __clausterCreateRequire } from 'node:module';",
  'const require = __clausterCreateRequire(import.meta.url);',
].join('\n');

async function bundle(outdir) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { 'cli/main': ENTRY },
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: BANNER },
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.js'));
  const bytes = outputs.reduce((sum, [, output]) => sum + output.bytes, 0);
  return { files: outputs.length, bytes };
}

// Copies the previous build's own chunks that this build lacks (names are content hashes, so
// a name in both builds is the same file); chunks carried into the previous build are dropped.
async function carryPreviousChunks(out, tmp) {
  const own = (await readdir(join(tmp, 'chunks'))).filter((name) => name.endsWith('.js'));
  await writeFile(join(tmp, MANIFEST), `${JSON.stringify({ chunks: own }, null, 2)}\n`);
  const previous = await readFile(join(out, MANIFEST), 'utf8')
    .then((text) => JSON.parse(text))
    .catch(() => ({})); // no previous build, or one from before build.json: nothing to keep
  const keep = new Set(own);
  for (const name of Array.isArray(previous.chunks) ? previous.chunks : []) {
    if (typeof name !== 'string' || !/^[\w.-]+\.js$/.test(name) || keep.has(name)) continue;
    await copyFile(join(out, 'chunks', name), join(tmp, 'chunks', name)).catch(() => {});
  }
}

async function main() {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  const out = resolve(values.outdir ?? join(ROOT, 'dist'));
  await mkdir(dirname(out), { recursive: true });
  const tmp = await mkdtemp(join(dirname(out), '.dist-tmp-'));
  try {
    await chmod(tmp, 0o755); // mkdtemp makes 0700; the service may run as another user
    const { files, bytes } = await bundle(tmp);
    await stat(join(tmp, 'cli', 'main.js')); // the entry exists before anything is swapped
    await carryPreviousChunks(out, tmp);
    await swapDir(tmp, out);
    const where = out.startsWith(`${ROOT}/`) ? relative(ROOT, out) : out;
    console.log(
      `build-cli: ${where}/cli/main.js + ${files - 1} chunks, ${(bytes / 1024).toFixed(0)} KB`,
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`build-cli: ${error.message}`);
  process.exit(1);
});
