#!/usr/bin/env node
// Builds the dashboard: bundles web/src/main.ts and web/static/styles.css with esbuild,
// names each asset by its content hash (long-cache safe), rewrites index.html to those
// names and writes web/dist/manifest.json. The new tree is assembled in a temp directory and
// swapped in (swap-dir.mjs), so a server or a parallel build never sees half a build.
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { swapDir } from './swap-dir.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WEB = join(ROOT, 'web');
const OUT = join(WEB, 'dist');

function hashName(name, content) {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12);
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
}

async function bundle(entry, options) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    write: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'error',
    ...options,
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return Buffer.from(file.contents);
}

async function main() {
  const assets = {
    'app.js': await bundle(join(WEB, 'src', 'main.ts'), {
      format: 'esm',
      target: 'es2022',
      platform: 'browser',
    }),
    'styles.css': await bundle(join(WEB, 'static', 'styles.css'), { loader: { '.css': 'css' } }),
    'icon.svg': await readFile(join(WEB, 'static', 'icon.svg')),
  };
  const manifest = {};
  for (const [name, content] of Object.entries(assets)) manifest[name] = hashName(name, content);

  let html = await readFile(join(WEB, 'static', 'index.html'), 'utf8');
  for (const [name, hashed] of Object.entries(manifest)) {
    const from = `/assets/${name}"`;
    if (!html.includes(from)) throw new Error(`index.html does not reference ${from}`);
    html = html.replaceAll(from, `/assets/${hashed}"`);
  }

  await mkdir(WEB, { recursive: true });
  const tmp = await mkdtemp(join(WEB, '.dist-tmp-'));
  await chmod(tmp, 0o755);
  await mkdir(join(tmp, 'assets'));
  for (const [name, content] of Object.entries(assets)) {
    await writeFile(join(tmp, 'assets', manifest[name]), content);
  }
  await writeFile(join(tmp, 'index.html'), html);
  await writeFile(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await swapDir(tmp, OUT);

  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const js = assets['app.js'].length;
  const css = assets['styles.css'].length;
  console.log(`build-web: ${manifest['app.js']} ${kb(js)}, ${manifest['styles.css']} ${kb(css)}`);
}

main().catch((error) => {
  console.error(`build-web: ${error.message}`);
  process.exit(1);
});
