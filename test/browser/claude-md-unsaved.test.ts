/**
 * Unsaved CLAUDE.md edits in headless Chromium against a real clauster: without edits the
 * editor closes at once; with edits, Escape, a tap outside and Cancel ask first (inside the
 * dialog, focus on "Keep editing"), and only "Discard changes" throws the text away; any other
 * close (a second back gesture) keeps it, offered back on the next opening. When the session
 * ends under an open dialog, every dialog closes so the login form is usable, the login page
 * says the edits are kept, and the editor offers them back after logging in.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useChromium } from '../support/browser.js';
import { DASHBOARD_PASSWORD } from '../support/dashboard-fixture.js';
import { dashboardInBrowser, logIn, openClaudeMd, SIZES } from '../support/dashboard-page.js';
import { prepareClaudeHome } from '../support/fake-claude.js';

const QUESTION = 'Discard your unsaved changes to CLAUDE.md?';
const RESTORED = 'Your unsaved text from the last time this editor was open is back below.';

async function openEditor(page: Page, project: string) {
  const editor = await openClaudeMd(page, project);
  return { ...editor, question: editor.dialog.getByRole('group', { name: QUESTION }) };
}

async function focusedText(page: Page): Promise<string> {
  // A string: this file is type-checked without the DOM library.
  return page.evaluate<string>("document.activeElement?.textContent ?? ''");
}

describe('unsaved CLAUDE.md edits in Chromium', () => {
  const chromium = useChromium();

  it('closing the CLAUDE.md editor with edits asks first; without edits it closes at once', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser, SIZES[0]);
    await logIn(page, fixture.url);

    let editor = await openEditor(page, 'notes');
    await page.keyboard.press('Escape');
    await editor.dialog.waitFor({ state: 'hidden' });

    editor = await openEditor(page, 'notes');
    await editor.text.fill('# typed on the phone\n');
    await page.keyboard.press('Escape');
    await editor.question.waitFor();
    assert.equal(await focusedText(page), 'Keep editing');
    assert.equal(await editor.dialog.getByRole('button', { name: 'Cancel' }).isVisible(), false);
    // A second Escape takes the question away (keep editing), never the dialog.
    await page.keyboard.press('Escape');
    await editor.question.waitFor({ state: 'hidden' });
    assert.equal(await editor.text.inputValue(), '# typed on the phone\n');

    // A tap on the backdrop above the bottom sheet asks too.
    await page.touchscreen.tap(195, 20);
    await editor.question.waitFor();
    await editor.question.getByRole('button', { name: 'Keep editing' }).click();
    await editor.question.waitFor({ state: 'hidden' });
    assert.equal(await editor.dialog.isVisible(), true);

    await editor.dialog.getByRole('button', { name: 'Cancel' }).click();
    await editor.question.getByRole('button', { name: 'Discard changes' }).click();
    await editor.dialog.waitFor({ state: 'hidden' });
    editor = await openEditor(page, 'notes');
    assert.equal(await editor.text.inputValue(), '');
    await editor.dialog.getByRole('button', { name: 'Cancel' }).click();
    await editor.dialog.waitFor({ state: 'hidden' });

    // Android's second back gesture closes the dialog without asking: the text is kept, and
    // the note says where it comes from without blaming a session end.
    editor = await openEditor(page, 'notes');
    await editor.text.fill('# typed, then the back gesture\n');
    await page.evaluate("document.querySelector('dialog[open]')?.close()");
    await editor.dialog.waitFor({ state: 'hidden' });
    editor = await openEditor(page, 'notes');
    assert.equal(await editor.text.inputValue(), '# typed, then the back gesture\n');
    await editor.dialog.getByRole('status').getByText(RESTORED).waitFor();
    assert.deepEqual(problems.list, []);
  });

  it('a session end closes every dialog and the CLAUDE.md edits come back after login', {
    timeout: 120_000,
  }, async (t) => {
    const { context, fixture, page, problems, projectPath } = await dashboardInBrowser(
      t,
      chromium.browser,
      SIZES[1],
    );
    problems.expect(/status of 401/);
    const demo = await projectPath('demo-app');
    await prepareClaudeHome(fixture.home, { trusted: [demo] });
    await logIn(page, fixture.url);
    const password = page.getByLabel('Password');

    // The Start dialog: its 401 leads to the login form, which is usable at once.
    await page.locator('.card[data-project="demo-app"] .chip-ok').waitFor();
    await page
      .locator('.card[data-project="demo-app"]')
      .getByRole('button', { name: /^Start/ })
      .click();
    await page.getByRole('dialog', { name: 'Start demo-app' }).waitFor();
    await context.clearCookies();
    await page.getByRole('button', { name: 'Start bridge' }).click();
    await password.waitFor();
    assert.equal(await page.locator('dialog[open]').count(), 0);
    assert.equal(await page.locator('.login .banner-note').count(), 0);
    await password.fill(DASHBOARD_PASSWORD);
    await password.press('Enter');

    // The CLAUDE.md editor: the edits survive the session end and the new login.
    let editor = await openEditor(page, 'demo-app');
    await editor.text.fill('# typed before the session ended\n');
    await context.clearCookies();
    await editor.dialog.getByRole('button', { name: 'Save' }).click();
    await password.waitFor();
    assert.equal(await page.locator('dialog[open]').count(), 0);
    await page
      .getByRole('status')
      .filter({ hasText: 'Your unsaved CLAUDE.md changes (demo-app) are kept in this tab' })
      .waitFor();
    assert.equal(await page.getByText('authentication required').count(), 0);
    await password.fill(DASHBOARD_PASSWORD);
    await password.press('Enter');
    editor = await openEditor(page, 'demo-app');
    assert.equal(await editor.text.inputValue(), '# typed before the session ended\n');
    await editor.dialog.getByText(RESTORED).waitFor();
    await editor.dialog.getByRole('button', { name: 'Save' }).click();
    await editor.dialog.waitFor({ state: 'hidden' });
    const file = await readFile(join(demo, 'CLAUDE.md'), 'utf8');
    assert.equal(file, '# typed before the session ended\n');
    // Saved: nothing is offered again.
    editor = await openEditor(page, 'demo-app');
    assert.equal(await editor.dialog.getByText(RESTORED).isVisible(), false);
    assert.deepEqual(problems.list, []);
  });
});
