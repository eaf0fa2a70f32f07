// scripts/build-cli.mjs for real: the CLI bundle is built into a temp copy of the package
// (package.json, bin/, web/dist and a link to node_modules; no src/, like an installed
// package, so bin/clauster.js runs dist/ and nothing else), then run: `version`,
// `hash-password` (argon2 stays external) and `run` on 127.0.0.1 port 0 with a temp HOME.
// Building into a copy keeps this checkout's dist/ still for tests running it in parallel.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { makeDashboardWorld, useDashboardProcesses } from '../support/dashboard-process.js';
import { makeTempDir } from '../support/temp.js';
import { ensureWebBuild } from '../support/web-build.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILD = join(ROOT, 'scripts', 'build-cli.mjs');
// Loaded only on first use (docs/performance.md): never in what `clauster run` loads at start.
const LAZY = [
  'node_modules/prom-client/',
  'node_modules/qrcode/',
  'node_modules/proper-lockfile/',
  'node_modules/yaml/',
  'src/doctor/checks.ts',
  'src/reaper/reap.ts',
];
const STATIC_IMPORT_RE = /(?:^|\n)import\s[^;]*?from\s*"([^"]+)"|(?:^|\n)import\s*"([^"]+)"/g;
const dashboards = useDashboardProcesses();

async function buildInto(dist: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [BUILD, '--outdir', dist], {
    timeout: 120_000,
  });
  return stdout;
}

/** The output files a module loads before running: itself and its static imports, transitively. */
async function readStaticClosure(entries: string[]): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const pending = [...entries];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    const text = await readFile(file, 'utf8');
    seen.set(file, text);
    for (const match of text.matchAll(STATIC_IMPORT_RE)) {
      const spec = match[1] ?? match[2] ?? '';
      if (spec.startsWith('.')) pending.push(resolve(dirname(file), spec));
    }
  }
  return seen;
}

describe('build-cli.mjs', () => {
  let pkg = '';
  let dist = '';
  let cleanup = async () => {};
  before(async () => {
    const temp = await makeTempDir('clauster-bundle-');
    cleanup = temp.cleanup;
    pkg = await realpath(temp.path);
    dist = join(pkg, 'dist');
    await cp(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    await cp(join(ROOT, 'bin'), join(pkg, 'bin'), { recursive: true });
    await cp(await ensureWebBuild(), join(pkg, 'web', 'dist'), { recursive: true });
    await symlink(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    await buildInto(dist);
  });
  after(() => cleanup());

  it('build-cli.mjs writes dist/cli/main.js, its chunks under dist/chunks and build.json', async () => {
    assert.deepEqual((await readdir(dist)).sort(), ['build.json', 'chunks', 'cli']);
    assert.deepEqual(await readdir(join(dist, 'cli')), ['main.js', 'main.js.map']);
    const chunks = (await readdir(join(dist, 'chunks'))).filter((name) => name.endsWith('.js'));
    assert.ok(chunks.length > 10, `only ${chunks.length} chunks`);
  });

  it('build-cli.mjs keeps the lazily imported modules out of what `run` loads at start', async () => {
    const main = join(dist, 'cli', 'main.js');
    const runChunk = /import\("(\.\.\/chunks\/run-\w+\.js)"\)/.exec(await readFile(main, 'utf8'));
    assert.ok(runChunk?.[1], 'main.js imports the run command lazily');
    const start = await readStaticClosure([main, resolve(dirname(main), runChunk[1])]);
    const startText = [...start.values()].join('\n');
    // esbuild marks each inlined module with a `// <path>` comment; without them this test is blind.
    assert.match(startText, /^\/\/ src\/server\.ts$/m);
    assert.doesNotMatch(startText, /from\s*"argon2"/, 'argon2 imported statically');
    const all = await readdir(join(dist, 'chunks'));
    const later = await Promise.all(
      all
        .map((name) => join(dist, 'chunks', name))
        .filter((file) => file.endsWith('.js') && !start.has(file))
        .map((file) => readFile(file, 'utf8')),
    );
    for (const marker of LAZY) {
      assert.ok(!startText.includes(`// ${marker}`), `${marker} is loaded at start`);
      assert.ok(
        later.some((text) => text.includes(`// ${marker}`)),
        `${marker} is in no lazy chunk`,
      );
    }
    assert.ok(startText.includes('import("argon2")'), 'argon2 imported at first hash or verify');
  });

  it('build-cli.mjs output runs `clauster version` and `clauster hash-password`', async () => {
    const env = { HOME: pkg, PATH: process.env.PATH ?? '' };
    const bin = join(pkg, 'bin', 'clauster.js');
    const version = spawnSync(process.execPath, [bin, 'version'], { encoding: 'utf8', env });
    assert.equal(version.status, 0, version.stderr);
    const { version: expected } = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8'));
    assert.equal(version.stdout, `clauster ${expected}\n`);
    const hashed = spawnSync(process.execPath, [bin, 'hash-password'], {
      encoding: 'utf8',
      env,
      input: 'correct horse battery\n',
      timeout: 60_000,
    });
    assert.equal(hashed.status, 0, hashed.stderr);
    assert.match(hashed.stdout, /^\$argon2id\$v=19\$m=65536,p=1,t=3\$/);
  });

  it('build-cli.mjs output serves /healthz, the UI and /api/doctor from `clauster run`', async () => {
    const world = await makeDashboardWorld([], {
      trusted: false,
      knobs: { FAKE_CLAUDE_REGISTER_DELAY_MS: '100' },
      lines: ['port: 0'],
    });
    try {
      const env = { ...world.env, CLAUSTER_CONFIG: world.configPath };
      const bin = join(pkg, 'bin', 'clauster.js');
      const dashboard = await dashboards.start(['run'], { env, cwd: world.root, bin });
      const { url } = dashboard;
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      const page = await fetch(`${url}/`);
      assert.equal(page.status, 200);
      const html = await page.text();
      const app = /src="(\/assets\/app\.[0-9a-f]{12}\.js)"/.exec(html);
      assert.ok(app?.[1], 'index.html names the app bundle');
      const asset = await fetch(`${url}${app[1]}`);
      assert.equal(asset.status, 200);
      assert.match(asset.headers.get('content-type') ?? '', /^text\/javascript/);
      const doctor = await fetch(`${url}/api/doctor`);
      assert.equal(doctor.status, 200);
      const report = (await doctor.json()) as { checks: { id: string }[] };
      assert.ok(report.checks.some((check) => check.id === 'claude'));
      dashboard.child.kill('SIGTERM');
      assert.deepEqual(await dashboard.exited(), { code: 0, signal: null });
    } finally {
      await world.cleanup();
    }
  });

  it('build-cli.mjs replaces dist/ whole and keeps the previous build chunks for one build', async () => {
    // A stale file, and a chunk of a "previous build" a running dashboard may still import().
    await mkdir(join(dist, 'stale'));
    await writeFile(join(dist, 'stale', 'old.js'), 'throw new Error("stale");\n');
    const manifest = join(dist, 'build.json');
    const own = JSON.parse(await readFile(manifest, 'utf8')) as { chunks: string[] };
    await writeFile(join(dist, 'chunks', 'gone-AAAAAAAA.js'), 'export {};\n');
    await writeFile(manifest, JSON.stringify({ chunks: [...own.chunks, 'gone-AAAAAAAA.js'] }));
    assert.match(await buildInto(dist), /build-cli: .*cli\/main\.js \+ \d+ chunks/);
    assert.deepEqual((await readdir(dist)).sort(), ['build.json', 'chunks', 'cli']);
    assert.ok((await readdir(join(dist, 'chunks'))).includes('gone-AAAAAAAA.js'));
    assert.deepEqual(JSON.parse(await readFile(manifest, 'utf8')), own);
    await buildInto(dist);
    assert.ok(!(await readdir(join(dist, 'chunks'))).includes('gone-AAAAAAAA.js'));
    const leftovers = (await readdir(pkg)).filter((name) => /^\.dist-tmp-|\.old-/.test(name));
    assert.deepEqual(leftovers, []);
  });
});
