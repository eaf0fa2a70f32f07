/**
 * The /docs page: a plain server-rendered list of the public routes with a link to
 * /openapi.json. Invariant: no script, no inline style and no external asset (the nonce CSP
 * holds as is), and every text from the table or the config is HTML-escaped.
 */
import { toOpenApiPath } from './openapi-document.js';
import { API_V1_PREFIX, PUBLIC_ROUTES, type PublicRoute } from './public-api.js';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `text` safe inside HTML text and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

function renderStatuses(route: PublicRoute): string {
  const items = Object.entries(route.statuses).map(
    ([status, when]) => `<li><code>${status}</code> ${escapeHtml(when)}</li>`,
  );
  return `<ul>${items.join('')}</ul>`;
}

function renderRoute(route: PublicRoute, rootPath: string): string {
  const path = `${rootPath}${API_V1_PREFIX}${toOpenApiPath(route.path)}`;
  return [
    `<tr id="${escapeHtml(route.operationId)}">`,
    `<td><code>${route.method}</code></td>`,
    `<td><code>${escapeHtml(path)}</code></td>`,
    `<td>${escapeHtml(route.summary)}</td>`,
    `<td>${renderStatuses(route)}</td>`,
    '</tr>',
  ].join('');
}

/** The whole page for `rootPath` (the same for every request, so built once). */
export function renderApiDocsPage(
  options: { rootPath: string; version: string },
  routes: readonly PublicRoute[] = PUBLIC_ROUTES,
): string {
  const root = options.rootPath;
  const rows = routes.map((route) => renderRoute(route, root)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>clauster API</title>
</head>
<body>
<h1>clauster public API (v1)</h1>
<p>clauster ${escapeHtml(options.version)}. Machine-readable:
<a href="${escapeHtml(`${root}/openapi.json`)}">openapi.json</a> (OpenAPI 3.1).</p>
<p>Authenticate with <code>Authorization: Bearer &lt;token&gt;</code> (a token from
<code>clauster api-token issue &lt;label&gt;</code>) or the dashboard session cookie.
Every route also answers 401 without a working credential, 403 for a metrics-only token, a
cross-site write, a Host header this dashboard does not serve or, with auth off, a request
relayed by a proxy, and 429 when a credential
sends too many requests; every POST and DELETE also answers 413 for a body over 1 MiB and 415
for a body that is not <code>application/json</code>. Errors are
<code>{"error": {"code", "message"}}</code>. Within v1, paths and fields are only added,
never renamed or removed.</p>
<table>
<thead><tr><th>Method</th><th>Path</th><th>What it does</th><th>Statuses</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
