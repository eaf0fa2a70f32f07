/**
 * CLAUDE.md editor in headless Chromium (phone size) against a real clauster: on a trusted
 * project the dialog creates the file (Ctrl+S), shows markup-looking text as text, keeps the
 * operator's text when the disk changed behind its back (409) until Reload loads the disk
 * version, saves a CRLF file with its CRLF line endings, and on an untrusted project explains
 * inline why it cannot save.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useChromium } from '../support/browser.js';
import { dashboardInBrowser, logIn, openClaudeMd, SIZES } from '../support/dashboard-page.js';
import { prepareClaudeHome } from '../support/fake-claude.js';

async function openEditor(page: Page, project: string) {
  const editor = await openClaudeMd(page, project);
  return { ...editor, save: editor.dialog.getByRole('button', { name: 'Save' }) };
}

describe('CLAUDE.md editor in Chromium', () => {
  const chromium = useChromium();

  it('the CLAUDE.md dialog creates, conflicts, reloads and refuses an untrusted project', {
    timeout: 120_000,
  }, async (t) => {
    const size = SIZES[0];
    const { fixture, page, problems, projectPath } = await dashboardInBrowser(
      t,
      chromium.browser,
      size,
    );
    problems.expect(/status of 409/);
    const demo = await projectPath('demo-app');
    const file = join(demo, 'CLAUDE.md');
    await prepareClaudeHome(fixture.home, { trusted: [demo] });
    await logIn(page, fixture.url);

    // Create on a trusted project with the keyboard shortcut.
    await page.locator('.card[data-project="demo-app"] .chip-ok').waitFor();
    let editor = await openEditor(page, 'demo-app');
    await editor.dialog.getByText('has no CLAUDE.md yet').waitFor();
    const box = await editor.text.boundingBox();
    assert.ok(
      box && box.height >= 0.6 * size.viewport.height - 1,
      `textarea ${box?.height}px tall`,
    );
    await editor.text.fill('# Demo\n\tUse tabs.\n');
    await editor.dialog.getByText('18 / 262,144 bytes').waitFor();
    await editor.text.press('Control+s');
    await editor.dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Saved CLAUDE.md of demo-app' }).waitFor();
    assert.equal(await readFile(file, 'utf8'), '# Demo\n\tUse tabs.\n');

    // Changed on disk behind the dialog's back: the 409 keeps the operator's text.
    editor = await openEditor(page, 'demo-app');
    assert.equal(await editor.text.inputValue(), '# Demo\n\tUse tabs.\n');
    await writeFile(file, '<b>from disk</b>\n');
    await editor.text.fill('mine\n');
    await editor.save.click();
    const conflict = editor.dialog.getByText('changed on disk since you opened it');
    await conflict.waitFor();
    assert.equal(await editor.text.inputValue(), 'mine\n');
    assert.equal(await readFile(file, 'utf8'), '<b>from disk</b>\n');
    await editor.dialog.getByRole('button', { name: 'Reload' }).click();
    await conflict.waitFor({ state: 'hidden' });
    assert.equal(await editor.text.inputValue(), '<b>from disk</b>\n');
    assert.equal(await editor.dialog.locator('b').count(), 0);
    await editor.text.fill('merged\n');
    await editor.save.click();
    await editor.dialog.waitFor({ state: 'hidden' });
    assert.equal(await readFile(file, 'utf8'), 'merged\n');

    // A CRLF file saved untouched keeps its line endings, and the counter counts them.
    await writeFile(file, 'one\r\ntwo\r\n');
    editor = await openEditor(page, 'demo-app');
    await editor.dialog.getByText('10 / 262,144 bytes').waitFor();
    await editor.text.press('End');
    await editor.text.press('Control+s');
    await editor.dialog.waitFor({ state: 'hidden' });
    assert.equal(await readFile(file, 'utf8'), 'one\r\ntwo\r\n');

    // An untrusted project: reading works, saving is refused inline.
    editor = await openEditor(page, 'notes');
    await editor.text.fill('nope\n');
    await editor.save.click();
    await editor.dialog
      .getByRole('alert')
      .filter({ hasText: /Trust this project first/ })
      .waitFor();
    await editor.dialog.getByRole('button', { name: 'Cancel' }).click();
    await assert.rejects(readFile(join(fixture.projectsRoot, 'notes', 'CLAUDE.md')));
    assert.deepEqual(problems.list, []);
  });
});
