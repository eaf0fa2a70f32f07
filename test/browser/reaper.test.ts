/**
 * The reaper page end to end in headless Chromium against a real clauster (temp HOME, password
 * auth, reaper.ui_enabled) pointed at a loopback fake environments API: log in → the dry run
 * lists the ghost with its reason, and neither a live project's environment nor a `cloud` one →
 * archive it through the confirmation → the outcome shows and the API saw exactly that archive
 * → force-delete is refused until DELETE is typed exactly, then deletes → a fresh look finds
 * nothing. Runs at a phone and a desktop viewport; any console error or CSP violation fails it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { readAuditEntries } from '../support/audit-log.js';
import { useChromium } from '../support/browser.js';
import { logIn, openDashboard, SIZES } from '../support/dashboard-page.js';
import {
  assertActions,
  ENV_IDS,
  ghostRow,
  listedGhosts,
  openReaperPage,
  type ReaperDashboard,
  reaperSummary,
  startReaperDashboard,
} from '../support/reaper-dashboard.js';

const ARCHIVE = `POST /v1/environments/${ENV_IDS.ghost}/archive`;
const DELETE = `DELETE /v1/environments/${ENV_IDS.ghost}?force=true`;
const REASON =
  'bridge environment for demo-app under projects_root; no live bridge or bridge pointer uses it';

describe('reaper page in Chromium', () => {
  const chromium = useChromium();

  for (const size of SIZES) {
    it(`reaper page at ${size.name} size lists, archives and force-deletes a ghost with no console error or CSP violation`, {
      timeout: 120_000,
    }, async (t) => {
      const world = await startReaperDashboard();
      const { context, page, problems } = await openDashboard(chromium.browser, size);
      t.after(async () => {
        await context.close();
        await world.close();
      });
      await logIn(page, world.fixture.url);
      await openReaperPage(page);
      await dryRunListsOnlyTheGhost(page, world);
      await archiveTheGhost(page, world);
      await deleteOnlyAfterTypedWord(page, world);
      assert.deepEqual(problems.list, []);
    });
  }
});

async function dryRunListsOnlyTheGhost(page: Page, world: ReaperDashboard): Promise<void> {
  await reaperSummary(page).getByText('1 leftover environment found.').waitFor();
  assert.deepEqual(await listedGhosts(page), [ENV_IDS.ghost]);
  const row = ghostRow(page, ENV_IDS.ghost);
  const text = await row.innerText();
  assert.match(text, /demo-app/);
  assert.ok(text.includes(world.dir('demo-app')), text);
  assert.ok(text.includes(`Last active 3 h ago · ${REASON}`), text);
  assert.equal(await row.getByText('Archived', { exact: true }).count(), 0);
  // The live project's and the cloud environment are not offered, by id, name or folder.
  const list = await page.locator('.ghosts').innerText();
  for (const hidden of [ENV_IDS.live, ENV_IDS.cloud, 'cloud-sandbox', world.dir('notes')]) {
    assert.equal(list.includes(hidden), false, hidden);
  }
  await assertActions(page, false);
  assert.deepEqual(world.mutating(), []);
  assert.ok(
    world.api.requests.some((r) => r.method === 'GET'),
    'the page listed environments',
  );
}

async function archiveTheGhost(page: Page, world: ReaperDashboard): Promise<void> {
  const row = ghostRow(page, ENV_IDS.ghost);
  await row.getByRole('checkbox').check();
  await assertActions(page, true);
  await page.getByRole('button', { name: 'Archive selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Archive 1 environment?' });
  assert.match(await dialog.innerText(), /can be undone/);
  // Cancelling sends nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(world.mutating(), []);

  await page.getByRole('button', { name: 'Archive selected' }).click();
  await dialog.getByRole('button', { name: 'Archive', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator(`.ghost[data-ghost="${ENV_IDS.ghost}"][data-outcome="archived"]`).waitFor();
  assert.equal(await row.locator('.ghost-result').innerText(), 'Archived.');
  assert.equal(await reaperSummary(page).innerText(), '1 archived');
  assert.equal(await row.getByRole('checkbox').isDisabled(), true);
  // Nothing is selected any more, and "Select all" skips a row already acted on.
  await assertActions(page, false);
  await page.getByLabel('Select all').click();
  assert.equal(await row.getByRole('checkbox').isChecked(), false);
  await assertActions(page, false);
  assert.deepEqual(world.mutating(), [ARCHIVE]);
  const request = world.api.requests.find((r) => r.method === 'POST');
  assert.match(String(request?.headers.authorization), /^Bearer fake-access-token-/);
  assert.equal(request?.headers['x-organization-uuid'], '00000000-0000-4000-8000-0000000000f0');
  const audit = await readAuditEntries(world.fixture.stateDir);
  const reaped = audit.filter((entry) => String(entry.action).startsWith('reaper.'));
  assert.deepEqual(
    reaped.map((entry) => [entry.action, entry.environment_id, entry.outcome]),
    [['reaper.archive', ENV_IDS.ghost, 'archived']],
  );
}

async function deleteOnlyAfterTypedWord(page: Page, world: ReaperDashboard): Promise<void> {
  // A fresh look lists the ghost again, now archived (archiving does not make it live).
  await page.getByRole('button', { name: 'Look again' }).click();
  const row = ghostRow(page, ENV_IDS.ghost);
  await row.getByText('Archived', { exact: true }).waitFor();
  assert.deepEqual(await listedGhosts(page), [ENV_IDS.ghost]);
  await page.getByLabel('Select all').check();
  assert.equal(await row.getByRole('checkbox').isChecked(), true);

  const remove = page.getByRole('button', { name: 'Delete selected…' });
  const dialog = page.getByRole('dialog', { name: 'Delete 1 environment permanently?' });
  const confirm = dialog.getByRole('button', { name: 'Delete permanently' });
  const word = dialog.getByLabel('Type DELETE to confirm');
  await remove.click();
  assert.match(await dialog.innerText(), /cannot be undone/);
  assert.equal(await confirm.isDisabled(), true);
  for (const wrong of ['delete', 'DELETE ', 'DELET']) {
    await word.fill(wrong);
    assert.equal(await confirm.isDisabled(), true, `confirm enabled after typing "${wrong}"`);
    await word.press('Enter'); // submitting the form must not confirm either
    assert.equal(await dialog.isVisible(), true);
  }
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(world.mutating(), [ARCHIVE]);
  assert.equal(await row.getAttribute('data-outcome'), null);

  await remove.click();
  await word.fill('DELETE');
  await confirm.click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator(`.ghost[data-ghost="${ENV_IDS.ghost}"][data-outcome="deleted"]`).waitFor();
  assert.equal(await row.locator('.ghost-result').innerText(), 'Deleted.');
  assert.equal(await reaperSummary(page).innerText(), '1 deleted');
  await assertActions(page, false);
  assert.deepEqual(world.mutating(), [ARCHIVE, DELETE]);

  await page.getByRole('button', { name: 'Look again' }).click();
  await reaperSummary(page).getByText('No leftover environments. Nothing to clean up.').waitFor();
  assert.deepEqual(await listedGhosts(page), []);
  assert.equal(await page.locator('.ghost-toolbar').isVisible(), false);
  assert.deepEqual(world.mutating(), [ARCHIVE, DELETE]);
}
