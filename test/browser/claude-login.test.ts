/**
 * The header's claude-login pill in headless Chromium against a real clauster whose fake
 * `claude` is logged out: a phone in dark mode and a desktop in light mode both show the
 * warning (inside the viewport, in the theme's warning colours), and once the server learns
 * the login works, the change is pushed over /ws/events and the pill goes away on both —
 * with no console error and no CSP violation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { useChromium } from '../support/browser.js';
import { startDashboard } from '../support/dashboard-fixture.js';
import { logIn, openDashboard, SIZES } from '../support/dashboard-page.js';
import { prepareClaudeHome } from '../support/fake-claude.js';

// --warn-soft of web/static/css/base.css in each theme.
const WARN_SOFT = { light: 'rgb(251, 240, 217)', dark: 'rgb(58, 48, 32)' };

async function pillBox(page: Page) {
  return page.evaluate(`(() => {
    const pill = document.getElementById('claude-login');
    const box = pill.getBoundingClientRect();
    return {
      left: box.left,
      right: box.right,
      background: getComputedStyle(pill).backgroundColor,
      overflow: document.documentElement.scrollWidth > innerWidth,
    };
  })()`) as Promise<{ left: number; right: number; background: string; overflow: boolean }>;
}

describe('claude login pill in Chromium', () => {
  const chromium = useChromium();

  it('the header shows instance_name and warns that claude is logged out, then clears once it is logged in', {
    timeout: 120_000,
  }, async (t) => {
    const fixture = await startDashboard({ claudeLoggedIn: false, instanceName: 'attic-nas' });
    const contexts: BrowserContext[] = [];
    t.after(async () => {
      for (const context of contexts) await context.close();
      await fixture.close();
    });
    const phone = await openDashboard(chromium.browser, SIZES[0], 'dark');
    const desktop = await openDashboard(chromium.browser, SIZES[1], 'light');
    contexts.push(phone.context, desktop.context);

    for (const [opened, theme] of [
      [phone, 'dark'],
      [desktop, 'light'],
    ] as const) {
      const { page } = opened;
      await logIn(page, fixture.url);
      const pill = page.getByRole('status').filter({ hasText: 'claude: logged out' });
      await pill.waitFor({ timeout: 30_000 });
      assert.match(await pill.innerText(), /run claude on the server and \/login/);
      const width = opened === phone ? SIZES[0].viewport.width : SIZES[1].viewport.width;
      const box = await pillBox(page);
      assert.ok(box.left >= 0 && box.right <= width, JSON.stringify(box));
      assert.equal(box.overflow, false, 'no horizontal scrolling');
      assert.equal(box.background, WARN_SOFT[theme]);
      // instance_name labels the header and the tab.
      assert.equal(await page.locator('#brand-name').innerText(), 'attic-nas');
      assert.match(await page.title(), / · attic-nas$/);
    }

    // The operator logs in on the server; the next probe (here forced, as a bridge that
    // reaches running would) is pushed to every open dashboard.
    await prepareClaudeHome(fixture.home);
    fixture.server.context.claudeLogin?.invalidate();
    for (const { page } of [phone, desktop]) {
      await page.locator('#claude-login').waitFor({ state: 'hidden', timeout: 30_000 });
    }
    assert.deepEqual(phone.problems.list, []);
    assert.deepEqual(desktop.problems.list, []);
  });
});
