import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { issueToken } from '../../src/auth/api-tokens.js';
import { escapeHtml, renderApiDocsPage } from '../../src/http/api-docs-page.js';
import { toOpenApiPath } from '../../src/http/openapi-document.js';
import { PUBLIC_ROUTES } from '../../src/http/public-api.js';
import { createAuthApp, passwordAuthConfig } from '../support/auth-app.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir();
let issuedTokens = 0;

async function fetchDocs(config: Record<string, unknown>): Promise<Response> {
  const auth = await passwordAuthConfig();
  const built = createAuthApp({ stateDir: dir.path, config: { ...config, auth } });
  const issued = await issueToken(
    dir.path,
    { label: `ci-${++issuedTokens}` },
    { fs: fsp, clock: built.clock },
  );
  assert.ok(issued.ok);
  const headers = { authorization: `Bearer ${issued.value.token}` };
  return built.app.request('/docs', { headers });
}

describe('escapeHtml()', () => {
  it('escapeHtml() escapes the five HTML metacharacters and nothing else', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&é</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;é&lt;/a&gt;',
    );
  });
});

describe('renderApiDocsPage()', () => {
  it('renderApiDocsPage() lists every public route with its method, full path and statuses', () => {
    const page = renderApiDocsPage({ rootPath: '', version: '1.2.3' });
    for (const route of PUBLIC_ROUTES) {
      assert.ok(page.includes(`<code>/api/v1${toOpenApiPath(route.path)}</code>`), route.path);
      assert.ok(page.includes(escapeHtml(route.summary)), route.summary);
      for (const status of Object.keys(route.statuses)) {
        assert.ok(page.includes(`<code>${status}</code>`), `${route.path} ${status}`);
      }
    }
    assert.ok(page.includes('href="/openapi.json"'));
    assert.doesNotMatch(page, /<script|<style|style=|<link|https?:\/\//i);
  });

  it('renderApiDocsPage() escapes the table text and root_path', () => {
    const page = renderApiDocsPage({ rootPath: '/a"b', version: '<v>' }, [
      {
        method: 'GET',
        path: '/x/:id',
        operationId: 'op"<',
        summary: '<script>alert(1)</script>',
        statuses: { 200: '<b>&</b>' },
      },
    ]);
    assert.doesNotMatch(page, /<script|<b>|<v>/);
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.includes('&lt;b&gt;&amp;&lt;/b&gt;'));
    assert.ok(page.includes('href="/a&quot;b/openapi.json"'));
    assert.ok(page.includes('<code>/a&quot;b/api/v1/x/{id}</code>'));
  });
});

describe('openapiRoutes() /docs', () => {
  it('openapiRoutes() serves /docs as HTML under the nonce CSP, root_path in its links', async () => {
    const response = await fetchDocs({ root_path: '/cl', api: { openapi_enabled: true } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self' 'nonce-/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const page = await response.text();
    assert.ok(page.includes('href="/cl/openapi.json"'));
    assert.ok(page.includes('<code>/cl/api/v1/bridges/{id}</code>'));
  });

  it('openapiRoutes() serves /docs with ui.enabled false too (documentation, not the dashboard)', async () => {
    const response = await fetchDocs({ ui: { enabled: false }, api: { openapi_enabled: true } });
    assert.equal(response.status, 200);
    assert.equal((await fetchDocs({ ui: { enabled: false } })).status, 404);
  });
});
