/**
 * The usage badge in headless Chromium against a real clauster (temp HOME): a project with a
 * transcript shows its approximate cost, focusable and labelled, with the per-model breakdown
 * as tooltip and description; a project without one shows no badge; a second visit to the
 * Projects view shows the known figure at once without asking again. Any console error fails it.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { Browser } from 'playwright-core';
import { useChromium } from '../support/browser.js';
import { dashboardInBrowser, logIn } from '../support/dashboard-page.js';
import { assistantLine, writeTranscript } from '../support/transcript-lines.js';

/** A dashboard and page whose demo-app has one transcript made of `lines`. */
async function withTranscript(t: TestContext, browser: Browser, lines: string[]) {
  const opened = await dashboardInBrowser(t, browser);
  // The getting-started card would push the cards below a phone's fold, where no badge loads.
  await opened.context.addInitScript({
    content: "localStorage.setItem('clauster.orientation.dismissed', '1');",
  });
  const project = await opened.projectPath('demo-app');
  await writeTranscript(opened.fixture.home, project, 'sess-fake-1.jsonl', lines);
  return opened;
}

describe('usage badge in Chromium', () => {
  const chromium = useChromium();

  it('a project card shows its approximate cost once visible, with the breakdown as tooltip', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems } = await withTranscript(t, chromium.browser, [
      assistantLine({ id: 'msg_fake0001', usage: { input_tokens: 1_000_000 } }),
      assistantLine({ id: 'msg_fake0001', usage: { input_tokens: 1_000_000 } }),
      assistantLine({
        id: 'msg_fake0002',
        model: 'claude-haiku-4-5',
        usage: { output_tokens: 84_000 },
      }),
    ]);
    const usageRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/usage')) usageRequests.push(request.url());
    });
    await logIn(page, fixture.url);

    const badge = page.locator('.card[data-project="demo-app"] .chip-usage');
    await badge.filter({ hasText: '$3.42' }).waitFor();
    const tooltip = (await badge.getAttribute('title')) ?? '';
    assert.match(tooltip, /claude-sonnet-4-5-20250929: 1 msg, 1M tok, \$3\.00/);
    assert.match(tooltip, /claude-haiku-4-5: 1 msg, 84k tok, \$0\.42/);
    assert.match(tooltip, /Approximate; prices last checked \d{4}-\d\d-\d\d/);
    assert.equal(await badge.getAttribute('tabindex'), '0');
    assert.equal(await badge.getAttribute('aria-label'), 'Approximate cost $3.42');
    const describedBy = (await badge.getAttribute('aria-describedby')) ?? '';
    const description = await page.locator(`[id="${describedBy}"]`).textContent();
    assert.equal(description, tooltip);
    await badge.focus();
    assert.equal(
      await page.evaluate("document.activeElement?.classList.contains('chip-usage')"),
      true,
    );

    // Leave the Projects view and come back: the new card shows the figure it knew at once.
    const asked = usageRequests.filter((url) => url.includes('/demo-app/')).length;
    await page.evaluate("location.hash = '#/doctor'");
    await page.locator('.view-doctor').waitFor();
    await page.evaluate("location.hash = '#/'");
    await badge.filter({ hasText: '$3.42' }).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(300);
    assert.equal(usageRequests.filter((url) => url.includes('/demo-app/')).length, asked);
    await page.locator('.card[data-project="notes"]').waitFor();
    assert.equal(await page.locator('.card[data-project="notes"] .chip-usage').isVisible(), false);
    assert.deepEqual(problems.list, []);
  });

  it('logging out does not wait for a badge request that never answers', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems } = await withTranscript(t, chromium.browser, [
      assistantLine(),
    ]);
    let stalled = 0;
    // Held forever: only aborting it lets a logout go on.
    await page.route('**/api/projects/*/usage', () => {
      stalled += 1;
    });
    await logIn(page, fixture.url);
    await page.locator('.card[data-project="demo-app"]').waitFor();
    while (stalled === 0) await page.waitForTimeout(50);

    await page.getByRole('button', { name: /Log out/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Log out everywhere?' });
    await dialog.getByRole('button', { name: 'Log out everywhere' }).click();
    await page.getByLabel('Password').waitFor({ timeout: 10_000 });
    assert.deepEqual(problems.list, []);
  });
});
