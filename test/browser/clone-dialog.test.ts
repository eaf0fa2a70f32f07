/**
 * Clone dialog in headless Chromium against a real clauster whose clone.allowed_schemes is
 * [https]: the dialog says only https is accepted (and that ssh is turned off) without asking
 * the server to check anything, refuses an ssh, an http and a credentials address in plain
 * sentences ("Refused: …", the rule id only in data-rule), and when the folder name is taken it
 * says to type another Folder name and puts focus there, cloning nothing.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { useChromium } from '../support/browser.js';
import { dashboardInBrowser, logIn, SIZES } from '../support/dashboard-page.js';

describe('clone dialog in Chromium', () => {
  const chromium = useChromium();

  it('the clone dialog names the allowed schemes and asks for another Folder name', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser, SIZES[1]);
    problems.expect(/status of 409/);
    await logIn(page, fixture.url);
    const checks: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/clone/check')) checks.push(request.postData() ?? '');
    });
    await page.getByRole('button', { name: 'Clone a repository' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clone a repository' });
    await dialog.getByText('Only https URLs without credentials are accepted').waitFor();
    assert.match(await dialog.innerText(), /ssh is turned off in clone\.allowed_schemes/);
    const url = dialog.getByLabel('Repository URL');
    assert.equal(await url.getAttribute('placeholder'), 'https://github.com/owner/repo.git');
    // The schemes come with GET /api/session: opening the dialog checks no address.
    assert.deepEqual(checks, []);

    await url.fill('git@github.com:owner/repo.git');
    await dialog.locator('.verdict-no').filter({ hasText: 'ssh is not in' }).waitFor();
    // A sentence to read: the policy's rule id is kept out of the text, in data-rule.
    await url.fill('http://github.com/owner/repo.git');
    const refused = dialog.locator('.verdict-no[data-rule="scheme"]', { hasText: 'http' });
    assert.equal(
      (await refused.innerText()).trim(),
      'Refused: scheme "http" is not allowed; use https://',
    );
    await url.fill('https://user:x@github.com/owner/repo.git');
    const credentials = dialog.locator('.verdict-no[data-rule="credentials-in-url"]');
    assert.equal(
      (await credentials.innerText()).trim(),
      'Refused: credentials are not allowed in a clone URL',
    );

    await url.fill(fixture.repoUrl('widgets'));
    await dialog.locator('.verdict-ok').waitFor({ timeout: 60_000 });
    const name = dialog.getByLabel('Folder name (optional)');
    await name.fill('demo-app');
    await dialog.getByRole('button', { name: 'Clone', exact: true }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: /demo-app already exists.*Type a different Folder name/ })
      .waitFor();
    // A string: this file is type-checked without the DOM library.
    const focused = await page.evaluate<string>("document.activeElement?.id ?? ''");
    assert.equal(focused, await name.getAttribute('id'));
    assert.deepEqual(await readdir(join(fixture.projectsRoot, 'demo-app')), ['README.md']);
    assert.deepEqual(problems.list, []);
  });
});
