/**
 * Trust all and Start again in headless Chromium against a real clauster (temp HOME, password
 * auth, the fake `claude`): "Trust all (2)" lists both projects in its confirmation and trusts
 * them; a bridge started with Claude's own permission setting, shared folder, capacity 4 and a
 * name is stopped, and "Start again…" opens the dialog pre-filled with exactly those options.
 * Any console error or CSP violation fails it.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useChromium } from '../support/browser.js';
import type { DashboardFixture } from '../support/dashboard-fixture.js';
import { dashboardInBrowser, logIn, SIZES } from '../support/dashboard-page.js';

const SLOW = 60_000;
const BRIDGE_URL = /#\/bridges\/(br-[a-z2-7]{12})$/;

describe('trust all and start again in Chromium', () => {
  const chromium = useChromium();

  it('Trust all trusts the listed projects and Start again re-uses the last options', {
    timeout: 240_000,
  }, async (t) => {
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser, SIZES[1]);
    await logIn(page, fixture.url);
    await trustAll(page, fixture);
    const first = await startWithOptions(page);
    await stopBridge(page);
    await startAgain(page, first);
    assert.deepEqual(problems.list, []);
  });
});

async function trustAll(page: Page, fixture: DashboardFixture): Promise<void> {
  const banner = page.locator('.trust-all');
  await banner.getByRole('button', { name: 'Trust all (2)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Trust all 2 projects?' });
  const listed = await dialog.getByRole('list', { name: 'Projects to trust' }).innerText();
  for (const name of ['demo-app', 'notes']) {
    assert.ok(listed.includes(join(fixture.projectsRoot, name)), listed);
  }
  await dialog.getByRole('button', { name: 'Trust 2 projects' }).click();
  for (const name of ['demo-app', 'notes']) {
    await page
      .locator(`.card[data-project="${name}"]`)
      .getByText('Trusted', { exact: true })
      .waitFor();
  }
  await banner.waitFor({ state: 'hidden' });
  const claudeJson = JSON.parse(await readFile(join(fixture.home, '.claude.json'), 'utf8'));
  for (const name of ['demo-app', 'notes']) {
    assert.equal(
      claudeJson.projects?.[join(fixture.projectsRoot, name)]?.hasTrustDialogAccepted,
      true,
    );
  }
}

async function startWithOptions(page: Page): Promise<string> {
  await page
    .locator('.card[data-project="demo-app"]')
    .getByRole('button', { name: /^Start/ })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Start demo-app' });
  await dialog.getByLabel(/Claude’s own setting/).check();
  await dialog.getByLabel('Sessions', { exact: true }).selectOption('same-dir');
  await dialog.getByLabel('Sessions at once (optional)').fill('4');
  await dialog.getByLabel('Name shown in Claude (optional)').fill('Phone');
  await dialog.getByRole('button', { name: 'Start bridge' }).click();
  await page.waitForURL(BRIDGE_URL);
  await page.locator('.view-head .status[data-status="running"]').waitFor({ timeout: SLOW });
  assert.match(await page.locator('.facts').innerText(), /Claude’s own setting \(inherit\)/);
  return BRIDGE_URL.exec(page.url())?.[1] ?? '';
}

async function stopBridge(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Stop bridge' }).click();
  await page
    .getByRole('dialog', { name: /Stop demo-app/ })
    .getByRole('button', { name: 'Stop bridge' })
    .click();
  await page.locator('.view-head .status[data-status="stopped"]').waitFor({ timeout: SLOW });
}

async function startAgain(page: Page, firstId: string): Promise<void> {
  await page.getByRole('button', { name: 'Start again…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start demo-app' });
  await dialog.getByText('Filled in with the options of its last run.').waitFor();
  assert.equal(await dialog.getByLabel(/Claude’s own setting/).isChecked(), true);
  assert.equal(await dialog.getByLabel('Sessions', { exact: true }).inputValue(), 'same-dir');
  assert.equal(await dialog.getByLabel('Sessions at once (optional)').inputValue(), '4');
  assert.equal(await dialog.getByLabel('Name shown in Claude (optional)').inputValue(), 'Phone');
  // Still editable: the name is changed, the rest is kept.
  await dialog.getByLabel('Name shown in Claude (optional)').fill('Phone 2');
  await dialog.getByRole('button', { name: 'Start bridge' }).click();
  await page.waitForURL((url) => BRIDGE_URL.test(url.hash) && !url.hash.endsWith(firstId));
  await page.locator('.view-head .status[data-status="running"]').waitFor({ timeout: SLOW });
  const facts = await page.locator('.facts').innerText();
  assert.match(facts, /Claude’s own setting \(inherit\)/);
  assert.match(facts, /Shared folder \(same-dir\)/);
  assert.match(facts, /Sessions at once\s+4/);
  assert.match(facts, /Phone 2/);
}
