/**
 * The session ending under the dashboard, in headless Chromium against a real clauster (temp
 * HOME, password auth). A project-list read that got the 401 leaves nothing behind: after the
 * next login the Projects view shows no "session has ended" alert, and the list is read once
 * by the shell, then once more after the events snapshot, never two reads at once. Where no
 * login form can follow (behind a sign-in proxy; the session cannot be read), an open CLAUDE.md
 * editor stays open with its text, so nothing typed is lost. Any console error or CSP
 * violation fails it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useChromium } from '../support/browser.js';
import { DASHBOARD_PASSWORD } from '../support/dashboard-fixture.js';
import { dashboardInBrowser, logIn, openClaudeMd, SIZES } from '../support/dashboard-page.js';
import { waitFor } from '../support/fake-claude.js';

/** GET /api/session as a dashboard behind a sign-in proxy answers a request without identity. */
const PROXY_SESSION = {
  authenticated: false,
  user: null,
  auth: { mode: 'proxy', password_login: false },
  features: { clone: false, reaper: false },
};

describe('session end in Chromium', () => {
  const chromium = useChromium();

  it('a 401 on a list read leaves no alert, and the next login reads the list one at a time', {
    timeout: 120_000,
  }, async (t) => {
    const { context, fixture, page, problems } = await dashboardInBrowser(
      t,
      chromium.browser,
      SIZES[1],
    );
    problems.expect(/status of 401/);
    await logIn(page, fixture.url);
    await page.locator('.card[data-project="notes"]').waitFor();

    // The view's re-read on becoming visible gets the 401: the login form follows.
    await context.clearCookies();
    await page.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
    const password = page.getByLabel('Password');
    await password.waitFor();

    // From here every list read is counted, and the first is held until the test lets it go.
    let sent = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/projects', async (route) => {
      sent += 1;
      if (sent === 1) await held;
      await route.continue();
    });
    await password.fill(DASHBOARD_PASSWORD);
    await password.press('Enter');
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    // The events socket's snapshot arrives while the first read is held: it may queue a read,
    // never send one beside it.
    await page.locator('#conn[data-state="live"]').waitFor();
    await page.getByText('Loading…').waitFor();
    assert.equal(await page.getByText('Your session has ended').count(), 0);
    assert.equal(await page.locator('.view-projects > .banner-error').isVisible(), false);
    assert.equal(sent, 1, 'one read while the first is under way');
    assert.equal(await page.locator('.card').count(), 0, 'no list before the first answer');

    release();
    await page.locator('.card[data-project="notes"]').waitFor();
    // The queued read goes once the first has answered; then room for a third that must not.
    await waitFor(() => sent >= 2, 10_000);
    await page.waitForTimeout(1_500);
    assert.equal(sent, 2, 'the shell read, then one read after the snapshot');
    assert.equal(await page.locator('.view-projects > .banner-error').isVisible(), false);
    assert.deepEqual(problems.list, []);
  });

  it('with no login form to show, an open CLAUDE.md editor keeps its text on screen', {
    timeout: 120_000,
  }, async (t) => {
    const { context, fixture, page, problems } = await dashboardInBrowser(
      t,
      chromium.browser,
      SIZES[0],
    );
    problems.expect(/status of 401/);
    problems.expect(/net::ERR_FAILED/);
    await logIn(page, fixture.url);
    const editor = await openClaudeMd(page, 'notes');
    await editor.text.fill('# typed behind the proxy\n');
    const save = editor.dialog.getByRole('button', { name: 'Save' });

    // Behind a sign-in proxy a 401 means the identity is missing: the page says to sign in
    // through the proxy, and the editor stays open over it.
    await page.route('**/api/session', (route) => route.fulfill({ json: PROXY_SESSION }));
    await context.clearCookies();
    await save.click();
    await page.getByText('Open clauster through your sign-in proxy').waitFor();
    assert.equal(await editor.dialog.isVisible(), true);
    assert.equal(await editor.text.inputValue(), '# typed behind the proxy\n');

    // The session cannot be read at all: the same.
    await page.unroute('**/api/session');
    await page.route('**/api/session', (route) => route.abort());
    await save.click();
    await page.getByText('clauster did not answer').waitFor();
    assert.equal(await editor.dialog.isVisible(), true);
    assert.equal(await editor.text.inputValue(), '# typed behind the proxy\n');
    assert.equal(await page.getByLabel('Password').count(), 0);
    assert.deepEqual(problems.list, []);
  });
});
