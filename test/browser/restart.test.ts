/**
 * "Restart clauster" on the Settings page in headless Chromium against a real clauster (temp
 * HOME, password auth). Without a supervisor (`restart_available` false) there is no button.
 * With one: click → the confirmation says bridges keep running → the real POST /api/restart
 * (its exit recorded, not taken, and nothing closed) → "Restarting…" while the old server
 * answers → /healthz failing, then answering again (stubbed for two polls) → the page reloads.
 * Any other console error or CSP violation fails it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createRestartControl } from '../../src/ops/dashboard-restart.js';
import { createSilentLogger } from '../../src/system/logger.js';
import { useChromium } from '../support/browser.js';
import { dashboardInBrowser, logIn } from '../support/dashboard-page.js';
import { waitFor } from '../support/fake-claude.js';

const RESTART_BUTTON = { name: 'Restart clauster' } as const;

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  // The page has read GET /api/config once its summary names where the settings come from.
  await page.getByText(/runs on defaults|Safe settings from/).waitFor();
}

describe('restart button in Chromium', () => {
  const chromium = useChromium();

  it('hides "Restart clauster" when no supervisor would start clauster again', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser);
    await logIn(page, fixture.url);
    await openSettings(page);
    assert.equal(await page.getByRole('button', RESTART_BUTTON).count(), 0);
    assert.equal(await page.locator('.settings-restart').isHidden(), true);
    assert.deepEqual(problems.list, []);
  });

  it('confirms, posts, shows "Restarting…", waits for /healthz to come back and reloads', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser);
    const exits: number[] = [];
    fixture.server.context.restart = createRestartControl(
      {
        available: true,
        activeCloneJobs: () => 0,
        shutdown: async () => {},
        exit: (code) => exits.push(code),
      },
      { logger: createSilentLogger() },
    );
    await logIn(page, fixture.url);
    await openSettings(page);

    await page.getByRole('button', RESTART_BUTTON).click();
    const dialog = page.getByRole('dialog', { name: 'Restart clauster?' });
    await dialog.getByText(/Running bridges keep running/).waitFor();
    const posted = page.waitForRequest(
      (request) => request.method() === 'POST' && request.url().endsWith('/api/restart'),
    );
    await dialog.getByRole('button', { name: 'Restart', exact: true }).click();
    assert.equal((await (await posted).response())?.status(), 202);
    await page.getByText('Restarting…').waitFor();
    assert.equal(await page.getByRole('button', RESTART_BUTTON).isDisabled(), true);
    await waitFor(() => exits.length > 0, 5000);
    assert.deepEqual(exits, [75]);

    // The old server still answers with its started_at: the page keeps waiting. Then two
    // failed polls (clauster down), then the real answer again: clauster is back.
    await page.waitForRequest((request) => request.url().endsWith('/healthz'));
    assert.equal(await page.getByText('Restarting…').count(), 1);
    problems.expect(/Failed to load resource/);
    let failures = 2;
    await page.route('**/healthz', (route) => {
      if (failures <= 0) return route.continue();
      failures -= 1;
      return route.abort('connectionrefused');
    });
    await page.waitForEvent('load', { timeout: 30_000 });
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    assert.equal(failures, 0);
    assert.deepEqual(problems.list, []);
  });
});
