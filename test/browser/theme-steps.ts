// The theme toggle step of the dashboard flow: system → light → dark → system, the page
// colours each choice paints, and a dark system preference followed when no choice is made.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { type Size, shoot } from '../support/dashboard-page.js';

// The page background of each theme (--bg in web/static/css/base.css).
const BACKGROUND = { light: 'rgb(246, 245, 241)', dark: 'rgb(22, 21, 19)' };

/** Cycles the toggle through every choice, checking the colours, under both system schemes. */
export async function cycleThemes(page: Page, size: Size): Promise<void> {
  const toggle = page.locator('#theme-toggle');
  const background = async () =>
    String(await page.evaluate('getComputedStyle(document.body).backgroundColor'));
  // The context prefers light, so `system` is light.
  assert.equal(await background(), BACKGROUND.light);
  await toggle.click(); // system → light
  assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'light');
  const light = await background();
  await toggle.click(); // light → dark
  assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark');
  assert.equal(await page.evaluate("localStorage.getItem('clauster.theme')"), 'dark');
  const dark = await background();
  assert.notEqual(dark, light);
  assert.deepEqual({ light, dark }, BACKGROUND);
  await shoot(page, size, 'projects-dark', true);
  await toggle.click(); // dark → system
  assert.equal(await page.evaluate('document.documentElement.dataset.theme'), undefined);
  assert.equal(await background(), BACKGROUND.light);

  // With no choice made, a dark system gets the dark colours; picking light still wins.
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await background(), BACKGROUND.dark);
  await toggle.click(); // system → light
  assert.equal(await background(), BACKGROUND.light);
  await toggle.click(); // light → dark
  await toggle.click(); // dark → system
  assert.equal(await background(), BACKGROUND.dark);
  await page.emulateMedia({ colorScheme: 'light' });
  // The theme is the only thing the dashboard keeps in localStorage.
  assert.equal(await page.evaluate('localStorage.length'), 0);
}
