/**
 * The dashboard shell and its assets (design §8). GET / and GET /login serve the built
 * index.html with this response's CSP nonce on every <script>/<link> and root_path in front
 * of every app URL (no <base>: the CSP says base-uri 'none'); assets are served only under the content-hashed names listed in the build
 * manifest (no path ever reaches the file system), cached for a year as immutable.
 * Invariant: the shell carries no inline script or style, so the nonce CSP holds as is.
 * `ui.enabled: false` mounts nothing, so every UI path answers 404.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Context, Hono } from 'hono';
import { resolvePackagePath } from '../../system/package-root.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};
const NONCE_PLACEHOLDER = '__CSP_NONCE__';
const ROOT_PLACEHOLDER = '__ROOT_PATH__';
// A nonce is base64/base64url text; anything else is never written into the page.
const NONCE_RE = /^[A-Za-z0-9+/_=-]{16,128}$/;

interface Asset {
  body: Uint8Array;
  type: string;
}

export interface UiBundle {
  html: string;
  /** Keyed by the hashed file name (e.g. `app.3f2a….js`). */
  assets: Map<string, Asset>;
}

/** Reads index.html, manifest.json and every asset the manifest names. */
export async function loadUiBundle(dir: string): Promise<UiBundle> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as unknown;
  if (typeof manifest !== 'object' || manifest === null) {
    throw new Error(`${join(dir, 'manifest.json')}: expected an object`);
  }
  const assets = new Map<string, Asset>();
  for (const hashed of Object.values(manifest)) {
    if (typeof hashed !== 'string' || !/^[\w.-]+$/.test(hashed)) continue;
    const type = CONTENT_TYPES[hashed.slice(hashed.lastIndexOf('.') + 1)];
    if (!type) continue;
    assets.set(hashed, { body: await readFile(join(dir, 'assets', hashed)), type });
  }
  return { html: await readFile(join(dir, 'index.html'), 'utf8'), assets };
}

/** The shell for one response: the nonce on every tag that asks for it, root_path in URLs. */
export function renderShell(html: string, nonce: string | undefined, rootPath: string): string {
  const withNonce =
    nonce !== undefined && NONCE_RE.test(nonce)
      ? html.replaceAll(NONCE_PLACEHOLDER, nonce)
      : html.replaceAll(` nonce="${NONCE_PLACEHOLDER}"`, '');
  // root_path is validated by the config schema as '' or /segment(/segment)* of URL-safe
  // characters, so it needs no escaping inside an attribute.
  return withNonce.replaceAll(ROOT_PLACEHOLDER, rootPath);
}

/** Routes of the web UI: `/`, `/login` and `/assets/<hashed name>`. */
export function uiRoutes(ctx: AppContext, options: { dir?: string } = {}): Hono {
  const routes = new Hono();
  if (!ctx.config.ui.enabled) return routes;
  // web/dist under the package root: the same from src/ and from the bundle in dist/.
  const dir = options.dir ?? resolvePackagePath('web', 'dist');
  let loading: Promise<UiBundle> | null = null;
  const bundle = (): Promise<UiBundle> => {
    loading ??= loadUiBundle(dir).catch((error: unknown) => {
      loading = null; // a later `npm run build` is picked up without a restart
      ctx.logger.error('web UI assets missing; run `npm run build`', { dir, error });
      throw new HttpError('unavailable', 'web UI not built', { cause: error });
    });
    return loading;
  };

  const shell = async (c: Context) => {
    const { html } = await bundle();
    c.header('Cache-Control', 'no-store');
    return c.html(renderShell(html, c.get('cspNonce'), ctx.config.root_path));
  };
  routes.get('/', shell);
  routes.get('/login', shell);
  routes.get('/assets/:name', async (c) => {
    const asset = (await bundle()).assets.get(c.req.param('name'));
    if (!asset) throw new HttpError('not-found', 'no such asset');
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': asset.type,
      'Cache-Control': IMMUTABLE,
    });
  });
  return routes;
}
