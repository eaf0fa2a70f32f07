/**
 * An autostart project whose start is refused before it has any record (here: not trusted) in
 * headless Chromium against a real clauster: its card shows the pending retry with Stop
 * retrying, which cancels it through DELETE /api/projects/{name}/autostart-retry (there is no
 * bridge whose stop could). Any console error or CSP violation fails it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useChromium } from '../support/browser.js';
import { dashboardInBrowser, logIn, SIZES } from '../support/dashboard-page.js';

const SLOW = 30_000;

describe('the retry of a refused autostart project in Chromium', () => {
  const chromium = useChromium();

  it('Stop retrying on the card cancels a retry that has no bridge record', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser, SIZES[1], {
      projects: { 'demo-app': { autostart: true } },
    });
    await logIn(page, fixture.url);
    const card = page.locator('.card[data-project="demo-app"]');
    const line = card.locator('.autostart-retry');
    // Attempt 3 and later wait at least 4 s: time enough to press.
    await line
      .getByText(/^Autostart retries (in \d+ s|now) \(attempt ([3-9]|\d\d)\)$/)
      .waitFor({ timeout: SLOW });
    assert.deepEqual(fixture.server.context.supervisor?.list(), [], 'no record to stop');
    await line.getByRole('button', { name: 'Stop retrying, demo-app', exact: true }).click();
    await card
      .locator('.autostart-outcome')
      .getByText(/^Autostart retry cancelled/)
      .waitFor();
    await line.waitFor({ state: 'hidden' });
    assert.deepEqual(fixture.server.context.supervisor?.autostartRetries(), []);
    assert.deepEqual(problems.list, []);
  });
});
