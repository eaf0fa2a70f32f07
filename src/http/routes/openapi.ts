/**
 * GET /openapi.json and GET /docs: the public API described (src/http/public-api.ts).
 * Invariants: `api.openapi_enabled: false` (the default) mounts nothing, so both answer the
 * normal 404; neither is a public path, so without a credential both answer the JSON 401 of
 * every /api route (never a redirect to /login). /docs is documentation, not the dashboard,
 * so `ui.enabled: false` leaves it alone. Both bodies are built once per app.
 */
import { Hono } from 'hono';
import { buildSessionCookieName } from '../../auth/sessions.js';
import { renderApiDocsPage } from '../api-docs-page.js';
import type { AppContext } from '../context.js';
import { buildOpenApiDocument } from '../openapi-document.js';

/** Routes of the API description. */
export function openapiRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  if (!ctx.config.api.openapi_enabled) return routes;
  const { root_path: rootPath } = ctx.config;
  let document: string | undefined;
  let page: string | undefined;

  routes.get('/openapi.json', (c) => {
    document ??= JSON.stringify(
      buildOpenApiDocument({
        version: ctx.version,
        rootPath,
        cookieName: buildSessionCookieName(ctx.stateDir, false),
      }),
    );
    return c.body(document, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  routes.get('/docs', (c) => {
    page ??= renderApiDocsPage({ rootPath, version: ctx.version });
    return c.html(page);
  });

  return routes;
}
