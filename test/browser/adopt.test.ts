/**
 * Adopt in headless Chromium against a real clauster (temp HOME, password auth): a fake
 * `claude remote-control` started outside clauster shows on its card with an Adopt… button;
 * the confirmation says what happens, the card then shows the bridge as running and adopted,
 * the bridge page says its output was not captured, and Stop ends the process. Any console
 * error or CSP violation fails it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeProcesses } from '../../src/system/node.js';
import { useChromium } from '../support/browser.js';
import { dashboardInBrowser, logIn, SIZES } from '../support/dashboard-page.js';
import { prepareClaudeHome, waitFor } from '../support/fake-claude.js';
import { useOutsideBridges } from '../support/outside-bridge.js';

const SLOW = 30_000;

describe('adopting a bridge in Chromium', () => {
  const chromium = useChromium();
  const startOutside = useOutsideBridges();

  it('Adopt… takes over the outside bridge and Stop ends it', { timeout: 120_000 }, async (t) => {
    const { fixture, page, problems, projectPath } = await dashboardInBrowser(
      t,
      chromium.browser,
      SIZES[1],
    );
    const app = await projectPath('demo-app');
    await prepareClaudeHome(fixture.home, { trusted: [app] });
    const outside = await startOutside({ home: fixture.home, cwd: app, args: ['remote-control'] });
    await logIn(page, fixture.url);

    const card = page.locator('.card[data-project="demo-app"]');
    await card.getByText(`Bridged outside clauster (pid ${outside.pid})`).waitFor();
    await card.getByRole('button', { name: 'Adopt…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Adopt the bridge of “demo-app”?' });
    assert.match(await dialog.innerText(), /Stop ends it[\s\S]*not captured/);
    await dialog.getByRole('button', { name: 'Adopt bridge' }).click();
    await card.locator('.status[data-status="running"]').waitFor({ timeout: SLOW });
    await card.getByText('Adopted', { exact: true }).waitFor();
    await card.getByRole('link', { name: 'Open in Claude' }).waitFor();

    await card.getByRole('link', { name: 'Details' }).click();
    await page.getByText(/was never captured, so its log below stays empty/).waitFor();
    assert.match(await page.locator('.facts').innerText(), /Started outside clauster, adopted/);
    await page.getByRole('button', { name: 'Stop bridge' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Stop bridge' }).click();
    await page.locator('.view-head .status[data-status="stopped"]').waitFor({ timeout: SLOW });
    await waitFor(async () => (await nodeProcesses.identity(outside.pid)) === null, SLOW);
    assert.deepEqual(problems.list, []);
  });
});
