/**
 * The project list follows changes made outside clauster, in headless Chromium against a real
 * clauster (temp HOME, password auth, the fake `claude`). Trust withdrawn in ~/.claude.json
 * while a card still shows Start: the start dialog says to press Trust… and the card turns Not
 * trusted. Trust withdrawn shows when the tab becomes visible again; a folder made under
 * projects_root shows after the 20 s timer (the page's clock is driven); another new folder
 * shows when the Projects view is entered again. A re-read that leaves the summary's words
 * alone does not write them again (a live region re-announces every write). Any console error or CSP violation fails it.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { PROJECT_LIST_POLL_MS } from '../../web/src/project-list-watch.js';
import { NOT_TRUSTED_TEXT } from '../../web/src/start-refusal.js';
import { useChromium } from '../support/browser.js';
import type { DashboardFixture } from '../support/dashboard-fixture.js';
import { dashboardInBrowser, logIn, SIZES } from '../support/dashboard-page.js';

describe('project list freshness in Chromium', () => {
  const chromium = useChromium();

  it('the project list re-reads outside changes on a timer, on visibility and on entry', {
    timeout: 180_000,
  }, async (t) => {
    const opened = await dashboardInBrowser(t, chromium.browser, SIZES[0]);
    const { fixture, page, problems } = opened;
    // The refused start below is a 409 on purpose; Chromium logs every 4xx as an error.
    problems.expect(/status of 409/);
    await page.clock.install();
    await logIn(page, fixture.url);
    // From here on the page's timers fire only when the test moves its clock, so each change
    // below can only come from the trigger that step names.
    await page.clock.pauseAt(Date.now() + 1_000);
    await trustBoth(page);
    const withdraw = async (name: string) => withdrawTrust(fixture, await opened.projectPath(name));

    // A start refused because trust went away outside clauster.
    await withdraw('demo-app');
    await card(page, 'demo-app')
      .getByRole('button', { name: /^Start/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Start demo-app' });
    await dialog.getByRole('button', { name: 'Start bridge' }).click();
    await dialog.getByRole('alert').getByText(NOT_TRUSTED_TEXT, { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await card(page, 'demo-app').getByText('Not trusted', { exact: true }).waitFor();
    await card(page, 'demo-app').getByRole('button', { name: 'Trust…' }).waitFor();

    // Trust withdrawn shows when the tab comes back (which also starts the timer over). The
    // summary, a live region, keeps its words ("2 projects · 0 running"), so it is not written
    // again (dom.ts setText): nothing is re-announced.
    await withdraw('notes');
    await page.evaluate(`window.summaryWrites = 0;
      new MutationObserver((changes) => { window.summaryWrites += changes.length; })
        .observe(document.querySelector('.view-projects .view-sub'),
          { childList: true, characterData: true, subtree: true });`);
    await page.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
    await card(page, 'notes').getByText('Not trusted', { exact: true }).waitFor();
    assert.equal(await page.evaluate('window.summaryWrites'), 0);

    // A new folder shows once the timer fires, not before.
    await mkdir(join(fixture.projectsRoot, 'newly-on-disk'));
    await page.clock.fastForward(PROJECT_LIST_POLL_MS - 1_000);
    await page.waitForTimeout(1_000);
    assert.equal(await card(page, 'newly-on-disk').count(), 0);
    await page.clock.fastForward(1_000);
    await card(page, 'newly-on-disk').waitFor();

    // Entering the Projects view again re-reads the list.
    await mkdir(join(fixture.projectsRoot, 'second-new'));
    await page.locator('#nav a[data-route="doctor"]').click();
    await page.getByRole('heading', { name: 'Doctor', level: 1 }).waitFor();
    await page.locator('#nav a[data-route="projects"]').click();
    await card(page, 'second-new').waitFor();
    assert.deepEqual(problems.list, []);
  });
});

function card(page: Page, name: string) {
  return page.locator(`.card[data-project="${name}"]`);
}

async function trustBoth(page: Page): Promise<void> {
  await page.locator('.trust-all').getByRole('button', { name: 'Trust all (2)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Trust all 2 projects?' });
  await dialog.getByRole('button', { name: 'Trust 2 projects' }).click();
  for (const name of ['demo-app', 'notes'])
    await card(page, name).getByText('Trusted', { exact: true }).waitFor();
}

/** Sets `hasTrustDialogAccepted: false` for `path` in ~/.claude.json, as a terminal might. */
async function withdrawTrust(fixture: DashboardFixture, path: string): Promise<void> {
  const file = join(fixture.home, '.claude.json');
  const config = JSON.parse(await readFile(file, 'utf8'));
  config.projects[path] = { ...config.projects[path], hasTrustDialogAccepted: false };
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
}
