/**
 * New project in headless Chromium against a real clauster (temp HOME, password auth): the
 * dialog refuses a bad name as you type, creates a git repository whose card appears in the
 * list (pushed by projects-changed), and shows the server's 409 inline for a name that is
 * taken (saying to type another Folder name), keeping the dialog open. Any console error (but
 * the provoked 409) fails it.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { useChromium } from '../support/browser.js';
import { dashboardInBrowser, logIn } from '../support/dashboard-page.js';

describe('new project in Chromium', () => {
  const chromium = useChromium();

  it('New project creates a git repository, shows its card and refuses a taken name inline', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser);
    problems.expect(/status of 409/);
    await logIn(page, fixture.url);

    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    const name = dialog.getByLabel('Folder name');
    const create = dialog.getByRole('button', { name: 'Create' });
    await name.fill('../escape');
    assert.match(await dialog.getByRole('alert').innerText(), /must not contain a slash/);
    assert.equal(await create.isDisabled(), true);
    await name.fill('scratch');
    await dialog.getByLabel(/git init/).check();
    await create.click();
    await dialog.waitFor({ state: 'hidden' });
    const card = page.locator('.card[data-project="scratch"]');
    await card.waitFor();
    await page.getByRole('status').filter({ hasText: 'Created scratch' }).waitFor();
    const head = await readFile(join(fixture.projectsRoot, 'scratch', '.git', 'HEAD'), 'utf8');
    assert.equal(head.trim(), 'ref: refs/heads/main');

    await page.getByRole('button', { name: 'New project' }).click();
    const again = page.getByRole('dialog', { name: 'New project' });
    await again.getByLabel('Folder name').fill('notes');
    await again.getByRole('button', { name: 'Create' }).click();
    const alert = again.getByRole('alert');
    await alert.filter({ hasText: /already exists.*Type a different Folder name/ }).waitFor();
    assert.equal(await again.isVisible(), true);
    assert.deepEqual(await readdir(join(fixture.projectsRoot, 'notes')), ['README.md']);
    await again.getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual(problems.list, []);
  });
});
