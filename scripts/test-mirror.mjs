// The tree the tests run in: a temp directory shaped like this checkout, where src/, test/ and
// web/src/ hold every file copied (timestamps kept) plus each .ts compiled to .js beside it by
// esbuild, dist/ holds the CLI bundle built from them (scripts/build-cli.mjs), and everything
// else is a symbolic link to the checkout. The imports already name `.js` files, so plain Node
// loads the tests with no loader hook: tsx's hook cost about half a second of start-up per test
// file, 344 times a run, and per dashboard a test starts through bin/clauster.js, which now
// runs the bundle as `npm start` and an installed package do (docs/ARCHITECTURE.md, Tests).
// The .ts files are there too, for test/cli/bin-smoke, which runs bin/clauster.js from the
// sources (a child .ts otherwise runs its compiled .js: test/support/ts-child.ts).
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

/** Copied whole and compiled; bin/ is copied so the CLI's own root is the mirror too. */
const COPIED = ['src', 'test', 'web/src', 'bin'];
// dist/ is built afresh: the checkout's may be stale or absent.
const SKIPPED = new Set(['.git', 'dist']);
// Linked even while absent: the UI tests build web/dist in the checkout when it is missing or
// stale (test/support/web-build.ts), and must find it here once built.
const LINKED_ALWAYS = ['web/dist'];

async function listTypeScript(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listTypeScript(path)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Mirrors `dir` (relative to root) into `into`: copies, descends into parents of COPIED, links the rest. */
async function mirror(root, into, dir) {
  for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (SKIPPED.has(rel)) continue;
    const from = join(root, rel);
    const to = join(into, rel);
    if (COPIED.includes(rel)) {
      await cp(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    } else if (COPIED.some((copied) => copied.startsWith(`${rel}/`))) {
      await mkdir(to);
      await mirror(root, into, rel);
    } else {
      await symlink(from, to);
    }
  }
}

/**
 * Builds the mirror of checkout `root` in a new temp directory and returns its path and a
 * remove(). Compiled files carry inline source maps naming the checkout's .ts files, so with
 * --enable-source-maps a failure points at the real source line.
 */
export async function buildTestMirror(root) {
  const into = await mkdtemp(join(tmpdir(), 'clauster-tests-'));
  const remove = () => rm(into, { recursive: true, force: true });
  try {
    await mirror(root, into, '');
    for (const rel of LINKED_ALWAYS) {
      await symlink(join(root, rel), join(into, rel)).catch((error) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
    const sources = [];
    for (const dir of COPIED) sources.push(...(await listTypeScript(join(root, dir))));
    await build({
      entryPoints: sources,
      outdir: into,
      outbase: root,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      sourcesContent: false,
      logLevel: 'warning',
    });
    // After the compile, so bin/clauster.js finds the bundle newer than every file in src/.
    await promisify(execFile)(process.execPath, [
      join(root, 'scripts', 'build-cli.mjs'),
      '--outdir',
      join(into, 'dist'),
    ]);
  } catch (error) {
    await remove();
    throw error;
  }
  return { path: into, remove };
}

/** The mirror path of checkout file `file` (a .ts test becomes its .js). */
export function mirrorPathOf(root, into, file) {
  const rel = relative(root, file).split(sep).join('/');
  return join(into, rel.replace(/\.ts$/, '.js'));
}
