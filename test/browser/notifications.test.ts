/**
 * Browser notifications in headless Chromium against a real clauster (temp HOME, password auth,
 * the fake `claude` in crash mode c). With `notifications.browser_enabled` the header shows a
 * bell; nothing asks for the permission on load, the bell's click does (with user activation),
 * and a live crash while the tab is hidden gives exactly one notification naming the project
 * with no raw session or environment id; "ready" while the tab is in view and the snapshot
 * after a reload give none. Without a
 * secure context the bell is disabled and says why; with the switch off there is no bell.
 * `window.Notification` is replaced by a recording stub that asks the real API for permission
 * (granted to the browser context). Any console error or CSP violation fails it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useChromium } from '../support/browser.js';
import { dashboardInBrowser, logIn, SIZES } from '../support/dashboard-page.js';
import { prepareClaudeHome } from '../support/fake-claude.js';

const SLOW = 60_000;

interface Recorded {
  shown: Array<{ title: string; body: string; tag: string }>;
  requests: number;
  requestsWithActivation: number;
}

// Runs before the page's scripts: a hidden tab (window.__visible shows it), and a Notification that records instead of
// showing. Its permission starts at `default` (kept per tab in sessionStorage across reloads)
// and requestPermission() asks the real API, which the context has granted.
const STUB = `(() => {
  const Real = window.Notification;
  const record = { shown: [], requests: 0, requestsWithActivation: 0 };
  class RecordingNotification {
    constructor(title, options = {}) {
      record.shown.push({ title, body: options.body ?? '', tag: options.tag ?? '' });
      this.onclick = null;
    }
    close() {}
    static get permission() {
      return sessionStorage.getItem('stub-permission') ?? 'default';
    }
    static async requestPermission() {
      record.requests += 1;
      if (navigator.userActivation.isActive) record.requestsWithActivation += 1;
      // A moment of "prompt open", so a second click lands while the first request is pending.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const answer = await Real.requestPermission();
      sessionStorage.setItem('stub-permission', answer);
      return answer;
    }
  }
  window.Notification = RecordingNotification;
  window.__notices = record;
  window.__visible = false;
  Object.defineProperty(document, 'visibilityState', {
    get: () => (window.__visible ? 'visible' : 'hidden'),
    configurable: true,
  });
  Object.defineProperty(document, 'hidden', { get: () => !window.__visible, configurable: true });
})();`;

function readRecord(page: Page): Promise<Recorded> {
  return page.evaluate('window.__notices') as Promise<Recorded>;
}

async function startAndCrash(page: Page): Promise<string> {
  await page
    .locator('.card[data-project="demo-app"]')
    .getByRole('button', { name: /^Start/ })
    .click();
  await page
    .getByRole('dialog', { name: 'Start demo-app' })
    .getByRole('button', { name: 'Start bridge' })
    .click();
  await page.waitForURL(/#\/bridges\/br-[a-z2-7]{12}$/);
  await page.locator('.view-head .status[data-status="running"]').waitFor({ timeout: SLOW });
  // Ready was announced while the tab was in view (no notice); the crash comes while hidden.
  await page.evaluate('window.__visible = false');
  await page.locator('.view-head .status[data-status="crashed"]').waitFor({ timeout: SLOW });
  return /br-[a-z2-7]{12}$/.exec(page.url())?.[0] ?? '';
}

describe('browser notifications in Chromium', () => {
  const chromium = useChromium();

  it('a hidden tab gets one notification for a live crash, only after the bell asked', {
    timeout: 240_000,
  }, async (t) => {
    const { fixture, context, page, problems } = await dashboardInBrowser(
      t,
      chromium.browser,
      SIZES[1],
      {
        notifications: { browser_enabled: true, notify_on_ready: true },
        claudeEnv: { FAKE_CLAUDE_CRASH: 'c', FAKE_CLAUDE_CRASH_AFTER_MS: '3000' },
      },
    );
    await prepareClaudeHome(fixture.home, { trusted: [join(fixture.projectsRoot, 'demo-app')] });
    await context.grantPermissions(['notifications'], { origin: fixture.url });
    await page.addInitScript({ content: STUB });
    await logIn(page, fixture.url);

    const bell = page.locator('#notify-toggle');
    assert.equal(await bell.getAttribute('aria-label'), 'Browser notifications: off. Turn on');
    assert.equal((await readRecord(page)).requests, 0, 'no permission prompt on load');
    // A double click while the request is pending starts one request, not two.
    await bell.dblclick();
    await page.locator('#notify-toggle[aria-pressed="true"]').waitFor();
    assert.equal(await bell.getAttribute('title'), 'Browser notifications: on. Turn off');
    const asked = await readRecord(page);
    assert.equal(asked.requests, 1);
    assert.equal(asked.requestsWithActivation, 1, 'asked from the click');
    // Revoked in the browser's settings: the bell says off once the tab is looked at again.
    const setPermission = (value: string) =>
      page.evaluate(`sessionStorage.setItem('stub-permission', '${value}');
        document.dispatchEvent(new Event('visibilitychange'))`);
    await setPermission('denied');
    await page.locator('#notify-toggle[aria-pressed="false"]').waitFor();
    await setPermission('granted');
    await page.locator('#notify-toggle[aria-pressed="true"]').waitFor();

    await page.evaluate('window.__visible = true');
    await startAndCrash(page);
    await page.waitForFunction('window.__notices.shown.length > 0', undefined, { timeout: SLOW });
    // Give a second notice (e.g. a "ready" shown while in view) the chance to show up.
    await page.waitForTimeout(500);
    const { shown } = await readRecord(page);
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.equal(shown[0]?.title, 'demo-app: crashed');
    assert.equal(shown[0]?.tag, 'project:demo-app');
    assert.match(shown[0]?.body ?? '', /Environment .* not found/);
    // The server's redacted reason: the id's prefix may stay, its characters never do.
    assert.doesNotMatch(JSON.stringify(shown), /(session|env)_[A-Za-z0-9]/);

    // A reload replays the crashed bridge in the snapshot: remembered choice, no new notice.
    await page.reload();
    await page.locator('#conn[data-state="live"]').waitFor({ timeout: SLOW });
    await page.locator('#notify-toggle[aria-pressed="true"]').waitFor();
    await page.waitForTimeout(500);
    assert.deepEqual((await readRecord(page)).shown, []);
    assert.deepEqual(problems.list, []);
  });

  it('without a secure context the bell is disabled and explains why', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser, SIZES[0], {
      notifications: { browser_enabled: true },
    });
    await page.addInitScript({
      content: `Object.defineProperty(window, 'isSecureContext', { get: () => false });`,
    });
    await logIn(page, fixture.url);
    const bell = page.locator('#notify-toggle');
    assert.equal(await bell.isDisabled(), true);
    assert.match((await bell.getAttribute('title')) ?? '', /need a secure page.*HTTPS.*localhost/);
    assert.deepEqual(problems.list, []);
  });

  it('with browser_enabled false there is no bell', { timeout: 120_000 }, async (t) => {
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser, SIZES[1]);
    await logIn(page, fixture.url);
    await page.locator('#theme-toggle').waitFor();
    assert.equal(await page.locator('#notify-toggle').count(), 0);
    assert.deepEqual(problems.list, []);
  });
});
