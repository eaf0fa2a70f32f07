/**
 * The Settings page in headless Chromium against a real clauster (temp HOME, password auth)
 * whose config file is a temp clauster.yml: log in → Settings lists the Tier-A keys by
 * section, an env-free key is editable → change one number and Save → the banner says to
 * restart, and the file on disk holds the new value with its comment kept. On a phone every
 * Save result shows next to the Save button, in view; a refused value marks its field (aria-
 * invalid, its rule under it; never a field its text merely names) and moves the focus there.
 * Any console error or CSP violation fails it.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { useChromium } from '../support/browser.js';
import { dashboardInBrowser, logIn } from '../support/dashboard-page.js';

/** Whether `node` is wholly inside the phone's 844 px tall viewport. */
async function inView(node: Locator): Promise<boolean> {
  const box = await node.boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= 844;
}

describe('settings page in Chromium', () => {
  const chromium = useChromium();

  it('changes one setting, saves, shows the restart banner and writes the file', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser);
    const path = join(fixture.home, 'clauster.yml');
    const text = `state_dir: ${fixture.stateDir}\ninstance_defaults:\n  capacity: 32 # per bridge\n`;
    await writeFile(path, text);
    fixture.server.context.configSource = { path, cwd: fixture.home };

    await logIn(page, fixture.url);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.locator('fieldset[data-section="logs"]').waitFor();
    const capacity = page.locator('[data-key="instance_defaults.capacity"]');
    assert.equal(await capacity.inputValue(), '32');
    assert.equal(await page.locator('[data-key="host"]').count(), 0);
    await capacity.fill('12');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved — restart clauster to apply.').waitFor();
    assert.equal(await readFile(path, 'utf8'), text.replace('capacity: 32', 'capacity: 12'));
    assert.equal(await capacity.inputValue(), '12');
    assert.deepEqual(problems.list, []);
  });

  it('on a phone shows each Save result by the button and marks a refused field', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser);
    problems.expect(/status of 422/);
    const path = join(fixture.home, 'clauster.yml');
    const text = `state_dir: ${fixture.stateDir}\ninstance_defaults:\n  capacity: 32\n`;
    await writeFile(path, text);
    fixture.server.context.configSource = { path, cwd: fixture.home };

    await logIn(page, fixture.url);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.locator('fieldset[data-section="usage"]').waitFor();
    const capacity = page.locator('[data-key="instance_defaults.capacity"]');
    const name = page.locator('[data-key="instance_name"]');
    const save = page.getByRole('button', { name: 'Save' });
    const status = page.locator('.settings-status');
    const focusedKey = () => page.evaluate("document.activeElement?.getAttribute('data-key')");

    await capacity.fill('0');
    await save.click();
    await status
      .getByText('Not saved. Fix the marked setting: instance_defaults.capacity.')
      .waitFor();
    assert.equal(await capacity.getAttribute('aria-invalid'), 'true');
    assert.equal(await focusedKey(), 'instance_defaults.capacity');
    assert.ok(await inView(capacity), 'the refused field is scrolled into view');
    const line = page.locator(
      `#${(await capacity.getAttribute('aria-describedby'))?.split(' ').at(-1)}`,
    );
    assert.equal(await line.innerText(), 'Expected an integer from 1 to 1000, found number 0');
    assert.equal(await readFile(path, 'utf8'), text);

    await capacity.fill('12');
    // The operator's own text looks like another key's problem line: only instance_name is marked.
    await name.fill('x; instance_defaults.capacity: expected nothing');
    await save.click();
    await status.getByText('Not saved. Fix the marked setting: instance_name.').waitFor();
    assert.equal(await focusedKey(), 'instance_name');
    assert.equal(await capacity.getAttribute('aria-invalid'), null);
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    await name
      .locator('..')
      .getByText(/^Expected 1 to 32 characters from A-Z a-z 0-9 \. _ -/)
      .waitFor();

    await name.fill('nas-01');
    await save.click();
    await status.getByText('Saved — restart clauster to apply.').waitFor();
    assert.ok(await inView(status), 'the Saved line is in view');
    assert.equal(await page.evaluate('document.activeElement?.textContent'), 'Save');
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
    assert.match(await readFile(path, 'utf8'), /instance_name: nas-01/);

    await save.click();
    await status.getByText('Nothing changed.').waitFor();
    assert.ok(await inView(status), 'the Nothing changed line is in view');
    assert.deepEqual(problems.list, []);
  });
});
