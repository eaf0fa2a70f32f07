import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { createApp } from '../../../src/http/app.js';
import { toErrorResponse } from '../../../src/http/errors.js';
import { renderShell, uiRoutes } from '../../../src/http/routes/ui.js';
import { createTestContext } from '../../support/app-context.js';
import { useSuiteTempDir } from '../../support/temp.js';
import { ensureWebBuild } from '../../support/web-build.js';

const SHELL =
  '<meta name="clauster-root" content="__ROOT_PATH__">' +
  '<link rel="stylesheet" href="__ROOT_PATH__/assets/styles.abc.css" nonce="__CSP_NONCE__">' +
  '<script type="module" src="__ROOT_PATH__/assets/app.abc.js" nonce="__CSP_NONCE__"></script>';
const NONCE = 'c2VjcmV0LW5vbmNlLTEyMzQ=';

async function writeDist(dir: string): Promise<void> {
  await mkdir(join(dir, 'assets'), { recursive: true });
  await writeFile(join(dir, 'index.html'), SHELL);
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({ 'app.js': 'app.abc.js', 'styles.css': 'styles.abc.css' }),
  );
  await writeFile(join(dir, 'assets', 'app.abc.js'), 'console.log(1)');
  await writeFile(join(dir, 'assets', 'styles.abc.css'), 'body{}');
  await writeFile(join(dir, 'secret.txt'), 'not an asset');
}

/** The app's own error mapping, so thrown HttpErrors answer as they do in production. */
function withErrorMapping(app: Hono): Hono {
  app.onError((error, c) => {
    const response = toErrorResponse(error);
    return c.json(response.body, response.status as ContentfulStatusCode);
  });
  return app;
}

describe('renderShell()', () => {
  it('renderShell() puts the nonce on every tag and root_path before every app URL', () => {
    const html = renderShell(SHELL, NONCE, '/clauster');
    assert.equal(html.match(new RegExp(`nonce="${NONCE}"`, 'g'))?.length, 2);
    assert.ok(html.includes('href="/clauster/assets/styles.abc.css"'));
    assert.ok(html.includes('src="/clauster/assets/app.abc.js"'));
    assert.ok(html.includes('content="/clauster"'));
    assert.ok(!html.includes('__'));
  });

  for (const [label, nonce] of [
    ['missing', undefined],
    ['empty', ''],
    ['quote-breaking', 'abcdefghijklmnop"><script>'],
    ['too short', 'abc'],
  ] as const) {
    it(`renderShell() drops the nonce attribute when the nonce is ${label}`, () => {
      const html = renderShell(SHELL, nonce, '');
      assert.ok(!html.includes('nonce='));
      assert.ok(!html.includes('<script>'));
      assert.ok(html.includes('src="/assets/app.abc.js"'));
    });
  }
});

describe('uiRoutes()', () => {
  const home = useSuiteTempDir();
  let dist = '';
  before(async () => {
    dist = join(home.path, 'dist');
    await writeDist(dist);
  });

  function appFor(raw: Record<string, unknown> = {}, dir = dist): Hono {
    const app = withErrorMapping(new Hono());
    app.use(async (c, next) => {
      c.set('cspNonce', NONCE);
      await next();
    });
    app.route('/', uiRoutes(createTestContext({ home: home.path, raw }), { dir }));
    return app;
  }

  for (const path of ['/', '/login']) {
    it(`uiRoutes() serves the shell at ${path} with the nonce and no caching`, async () => {
      const response = await appFor().request(path);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const html = await response.text();
      assert.ok(html.includes(`nonce="${NONCE}"`));
      assert.ok(html.includes('src="/assets/app.abc.js"'));
    });
  }

  it('uiRoutes() serves hashed assets as immutable with their content type', async () => {
    const js = await appFor().request('/assets/app.abc.js');
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await js.text(), 'console.log(1)');
    const css = await appFor().request('/assets/styles.abc.css');
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
  });

  for (const path of [
    '/assets/app.js',
    '/assets/manifest.json',
    '/assets/..%2Fsecret.txt',
    '/assets/%2e%2e%2fsecret.txt',
    '/assets/../secret.txt',
    '/secret.txt',
    '/index.html',
  ]) {
    it(`uiRoutes() answers 404 for ${path}`, async () => {
      const response = await appFor().request(path);
      assert.equal(response.status, 404);
      assert.ok(!(await response.text()).includes('not an asset'));
    });
  }

  for (const path of ['/', '/login', '/assets/app.abc.js']) {
    it(`uiRoutes() answers 404 at ${path} when ui.enabled is false`, async () => {
      const response = await appFor({ ui: { enabled: false } }).request(path);
      assert.equal(response.status, 404);
    });
  }

  it('uiRoutes() answers 503 while web/dist is missing and serves a later build', async () => {
    const later = join(home.path, 'later');
    const app = withErrorMapping(new Hono());
    app.route('/', uiRoutes(createTestContext({ home: home.path }), { dir: later }));
    const missing = await app.request('/');
    assert.equal(missing.status, 503);
    assert.deepEqual(await missing.json(), {
      error: { code: 'unavailable', message: 'service unavailable' },
    });
    await writeDist(later);
    const built = await app.request('/');
    assert.equal(built.status, 200);
    await rm(later, { recursive: true });
  });
});

describe('createApp() with the web UI', () => {
  const home = useSuiteTempDir();
  before(async () => {
    await ensureWebBuild();
  });

  it('createApp() serves the built shell with the same nonce as its CSP header', async () => {
    const app = createApp(createTestContext({ home: home.path }));
    const response = await app.request('http://127.0.0.1:7621/', {
      headers: { host: '127.0.0.1:7621' },
    });
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, `no nonce in CSP: ${csp}`);
    const html = await response.text();
    assert.equal(
      html.match(new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`, 'g'))?.length,
      2,
    );
    const script = /src="([^"]+\.js)"/.exec(html)?.[1] ?? '';
    const asset = await app.request(`http://127.0.0.1:7621${script}`, {
      headers: { host: '127.0.0.1:7621' },
    });
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });
});
