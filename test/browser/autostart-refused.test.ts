/**
 * An autostart project whose start is refused before it has any record (here: not trusted) in
 * headless Chromium against a real clauster: its card shows the pending retry with Stop
 * retrying and, below it, why the last start was refused (also on a phone's width); Stop
 * retrying cancels it through DELETE /api/projects/{name}/autostart-retry (there is no bridge
 * whose stop could). Any console error or CSP violation fails it.
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
    const why = line.locator('.autostart-refused');
    // The card names the project already: the reason starts with what is wrong.
    await why
      .getByText(/^Last start refused: the claude CLI does not trust .*trust first/)
      .waitFor();
    // On a phone: a line of its own under the countdown, inside the card.
    await page.setViewportSize(SIZES[0].viewport);
    const [cardBox, whenBox, whyBox] = await Promise.all(
      [card, line.locator('.autostart-when'), why].map((l) => l.boundingBox()),
    );
    assert.ok(cardBox && whenBox && whyBox);
    assert.ok(whyBox.y >= whenBox.y + whenBox.height, 'the reason goes below the countdown');
    assert.ok(whyBox.x + whyBox.width <= cardBox.x + cardBox.width, 'the reason fits the card');
    assert.equal(await card.evaluate((el) => el.scrollWidth <= el.clientWidth), true);
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
