/**
 * The projects view's "Sort by" control in headless Chromium against a real clauster (temp
 * HOME, the fake `claude`): with a bridge started on `notes`, "Recently used" and "Running
 * first" put it before `demo-app`, "Name" restores the server's order, the choice survives
 * a reload, and a re-order keeps keyboard focus. Any console error or CSP violation fails it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useChromium } from '../support/browser.js';
import { dashboardInBrowser, logIn } from '../support/dashboard-page.js';

async function cardOrder(page: Page): Promise<string[]> {
  return page
    .locator('.cards > .card')
    .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-project') ?? ''));
}

async function waitForOrder(page: Page, expected: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (JSON.stringify(await cardOrder(page)) === JSON.stringify(expected)) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(await cardOrder(page), expected);
}

describe('project sort in Chromium', () => {
  const chromium = useChromium();

  it('Sort by reorders the cards and is remembered across a reload', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems, trustAndStartOnServer } = await dashboardInBrowser(
      t,
      chromium.browser,
    );
    const { supervisor, bridge: started } = await trustAndStartOnServer('notes');
    await logIn(page, fixture.url);

    const select = page.getByLabel('Sort by');
    await select.waitFor();
    assert.equal(await select.inputValue(), 'name');
    await waitForOrder(page, ['demo-app', 'notes']);
    await select.selectOption({ label: 'Recently used' });
    await waitForOrder(page, ['notes', 'demo-app']);

    await page.reload();
    await page.locator('.card[data-project="notes"]').waitFor();
    assert.equal(await page.getByLabel('Sort by').inputValue(), 'recent');
    await waitForOrder(page, ['notes', 'demo-app']);

    await page.getByLabel('Sort by').selectOption({ label: 'Name' });
    await waitForOrder(page, ['demo-app', 'notes']);
    await page.getByLabel('Sort by').selectOption({ label: 'Running first' });
    await waitForOrder(page, ['notes', 'demo-app']);

    // A re-order moves the focused card (insertBefore), and the focus stays where it was.
    const button = page.locator('.card[data-project="demo-app"] .card-actions button').first();
    await button.focus();
    assert.ok((await supervisor.stop(started.id)).ok);
    await waitForOrder(page, ['demo-app', 'notes']);
    const focusedIn = await page.evaluate(
      "document.activeElement?.closest('.card')?.getAttribute('data-project') ?? null",
    );
    assert.equal(focusedIn, 'demo-app');
    assert.deepEqual(problems.list, []);
  });
});
