import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ensureWebBuild } from '../support/web-build.js';

// The first page loads index.html, app.<hash>.js and styles.<hash>.css (issue 9: ≤ 150 KB).
const FIRST_PAGE_BUDGET_BYTES = 150 * 1024;

describe('build-web.mjs', () => {
  let dist = '';
  let manifest: Record<string, string> = {};
  before(async () => {
    dist = await ensureWebBuild();
    manifest = JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8')) as Record<
      string,
      string
    >;
  });

  it('build-web.mjs names every asset by a content hash', () => {
    assert.match(manifest['app.js'] ?? '', /^app\.[0-9a-f]{12}\.js$/);
    assert.match(manifest['styles.css'] ?? '', /^styles\.[0-9a-f]{12}\.css$/);
    assert.match(manifest['icon.svg'] ?? '', /^icon\.[0-9a-f]{12}\.svg$/);
  });

  it('build-web.mjs keeps the first page within 150 KB of JS and CSS', async () => {
    let total = 0;
    for (const name of [manifest['app.js'], manifest['styles.css']]) {
      total += (await stat(join(dist, 'assets', name ?? 'missing'))).size;
    }
    assert.ok(
      total <= FIRST_PAGE_BUDGET_BYTES,
      `JS + CSS is ${total} bytes, budget ${FIRST_PAGE_BUDGET_BYTES}`,
    );
  });

  it('build-web.mjs writes an index.html with no inline script or style', async () => {
    const html = await readFile(join(dist, 'index.html'), 'utf8');
    for (const name of Object.values(manifest)) assert.ok(html.includes(`/assets/${name}"`), name);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'a <script> without src');
    assert.doesNotMatch(html, /<style[\s>]/i, 'a <style> element');
    assert.doesNotMatch(html, /\sstyle=/i, 'a style attribute');
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'an inline event handler');
    assert.doesNotMatch(html, /https?:\/\//i, 'an absolute (CDN) URL');
    assert.equal(html.match(/nonce="__CSP_NONCE__"/g)?.length, 2);
  });
});
