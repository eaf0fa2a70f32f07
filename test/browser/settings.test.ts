/**
 * The Settings page in headless Chromium against a real clauster (temp HOME, password auth)
 * whose config file is a temp clauster.yml: log in → Settings lists the Tier-A keys by
 * section, an env-free key is editable → change one number and Save → the banner says to
 * restart, and the file on disk holds the new value with its comment kept. Any console error
 * or CSP violation fails it.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { useChromium } from '../support/browser.js';
import { dashboardInBrowser, logIn } from '../support/dashboard-page.js';

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
});
