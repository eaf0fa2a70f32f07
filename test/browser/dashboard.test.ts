/**
 * The dashboard end to end in headless Chromium against a real clauster (temp HOME, password
 * auth, the fake `claude`, a loopback git server): log in → trust → start → running with a
 * link and a QR code → a live, redacted log line → stop → clone with progress → doctor (where
 * Back closes an open dialog) → every theme (light, dark, system under both schemes) → log out,
 * after which every event socket is closed — the page's own and another device's. A throttled
 * login announces its countdown once, not every second. Runs at a phone and a desktop
 * viewport; any console error or CSP violation fails it.
 * UPDATE_SCREENSHOTS=1 also writes docs/screenshots/*.png.
 */
import assert from 'node:assert/strict';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Browser, BrowserContext, Page, WebSocket } from 'playwright-core';
import { type PageProblems, useChromium } from '../support/browser.js';
import {
  DASHBOARD_PASSWORD,
  type DashboardFixture,
  startDashboard,
} from '../support/dashboard-fixture.js';
import {
  eventSocket,
  logIn,
  openDashboard,
  SIZES,
  type Size,
  shoot,
  waitClosed,
} from '../support/dashboard-page.js';
import { cycleThemes } from './theme-steps.js';

const SLOW = 60_000;
// A session id the fake could have printed; the stream must mask it (never `_staging_`/`_local_`).
const FAKE_SESSION_ID = `session_01${'FAKE'.repeat(5)}Zz`;

describe('dashboard in Chromium', () => {
  const chromium = useChromium();

  for (const size of SIZES) {
    it(`dashboard at ${size.name} size runs the operator flow with no console error or CSP violation`, {
      timeout: 300_000,
    }, async (t) => {
      const fixture = await startDashboard();
      const contexts: BrowserContext[] = [];
      t.after(async () => {
        for (const context of contexts) await context.close();
        await fixture.close();
      });
      const { context, page, problems, sockets } = await openDashboard(chromium.browser, size);
      contexts.push(context);

      await page.goto(`${fixture.url}/`);
      await page.getByLabel('Password').waitFor();
      await shoot(page, size, 'login');
      await wrongPasswordThenEnter(page, problems);
      await trustAndStart(page, fixture, size);
      await liveRedactedLog(page, fixture, size);
      await stopBridge(page);
      await cloneWithProgress(page, fixture, size);
      await doctorPage(page);
      await cycleThemes(page, size);
      await logOutEverywhere(chromium.browser, page, fixture, sockets, contexts, problems);
      assert.deepEqual(problems.list, []);
    });
  }
});

async function wrongPasswordThenEnter(page: Page, problems: PageProblems): Promise<void> {
  // Chromium logs every 4xx response as a console error; this one is provoked on purpose.
  problems.expect(/status of 401/);
  const password = page.getByLabel('Password');
  await password.fill('not-the-password');
  await password.press('Enter');
  await page.getByRole('alert').getByText('That password is not right.').waitFor();
  await throttledCountdown(page, problems);
  await password.fill(DASHBOARD_PASSWORD);
  await password.press('Enter');
  await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
}

/** A throttled login: the alert is said once and once more when the wait is over; the
 * countdown beside it changes every second outside the live region. */
async function throttledCountdown(page: Page, problems: PageProblems): Promise<void> {
  problems.expect(/status of 429/);
  const error = { code: 'throttled', message: 'too many requests', retry_after_seconds: 2 };
  await page.route('**/login', (route) => route.fulfill({ status: 429, json: { error } }), {
    times: 1,
  });
  // Every text the alert had, as a screen reader would hear it (page-side, as a string).
  await page.evaluate(`(() => {
    const box = document.getElementById('login-error');
    const said = (window.__said = []);
    new MutationObserver(() => {
      const alerts = [box, ...box.querySelectorAll('*')].filter((n) => n.matches('[role=alert]'));
      const text = alerts.map((n) => n.textContent).join('|');
      if (text && said.at(-1) !== text) said.push(text);
    }).observe(box, { subtree: true, childList: true, characterData: true });
  })()`);
  await page.getByLabel('Password').press('Enter');
  await page.getByText(/^Too many attempts\. You can try again in [12] s\.$/).waitFor();
  await page.getByRole('alert').getByText('You can try again now.').waitFor();
  assert.deepEqual(await page.evaluate('window.__said'), [
    'Too many attempts.',
    'You can try again now.',
  ]);
}

async function trustAndStart(page: Page, fixture: DashboardFixture, size: Size): Promise<void> {
  const card = page.locator('.card[data-project="demo-app"]');
  await card.getByText('Not trusted').waitFor();
  await card.getByRole('button', { name: /Trust/ }).click();
  const trustDialog = page.getByRole('dialog', { name: /Trust “demo-app”/ });
  assert.match(await trustDialog.innerText(), /without asking first/);
  await trustDialog.getByRole('button', { name: 'Trust project' }).click();
  await card.getByText('Trusted', { exact: true }).waitFor();
  const claudeJson = JSON.parse(await readFile(join(fixture.home, '.claude.json'), 'utf8'));
  const path = join(fixture.projectsRoot, 'demo-app');
  assert.equal(claudeJson.projects?.[path]?.hasTrustDialogAccepted, true);

  // Keyboard: Escape closes the dialog and gives focus back to the button that opened it.
  const start = card.getByRole('button', { name: /^Start/ });
  await start.focus();
  await page.keyboard.press('Enter');
  const startDialog = page.getByRole('dialog', { name: 'Start demo-app' });
  await startDialog.waitFor();
  await page.keyboard.press('Escape');
  await startDialog.waitFor({ state: 'detached' });
  assert.match(String(await page.evaluate("document.activeElement?.textContent ?? ''")), /^Start/);
  await start.click();
  // The project does not allow bypassPermissions, so it is not even offered.
  assert.equal(await startDialog.getByText('Skip all permission checks').count(), 0);
  await startDialog.getByLabel(/Ask before changes/).check();
  await shoot(page, size, 'start-dialog');
  await startDialog.getByRole('button', { name: 'Start bridge' }).click();
  await page.waitForURL(/#\/bridges\/br-[a-z2-7]{12}$/);
  await page.locator('.view-head .status[data-status="running"]').waitFor({ timeout: SLOW });
  const open = page.locator('.panel-connect').getByRole('link', { name: 'Open in Claude' });
  assert.match(
    (await open.getAttribute('href')) ?? '',
    /^https:\/\/claude\.ai\/code\?environment=env_01[1-9A-HJ-NP-Za-km-z]{22}$/,
  );
  // Page-side expressions are strings: this file is type-checked without the DOM library.
  await page.waitForFunction(`(() => {
    const image = document.querySelector('img.qr');
    return image instanceof HTMLImageElement && image.complete && image.naturalWidth > 0;
  })()`);
}

async function liveRedactedLog(page: Page, fixture: DashboardFixture, size: Size): Promise<void> {
  const bridgeId = /#\/bridges\/(br-[a-z2-7]{12})$/.exec(page.url())?.[1] ?? '';
  await page.locator('.log .line').first().waitFor({ timeout: SLOW });
  const marker = `e2e-marker-${size.name}-${Date.now()}`;
  const line = `${new Date().toISOString()} [DEBUG] ${marker} attached ${FAKE_SESSION_ID}\n`;
  await appendFile(join(fixture.stateDir, 'logs', bridgeId, 'debug.log'), line);
  const shown = page.locator('.log .line', { hasText: marker });
  await shown.waitFor({ timeout: SLOW });
  const text = await shown.innerText();
  assert.ok(text.includes('session_<redacted>'), text);
  assert.ok(!text.includes(FAKE_SESSION_ID), text);
  await shoot(page, size, 'bridge', size.name === 'desktop');
  await logControls(page, join(fixture.stateDir, 'logs', bridgeId, 'debug.log'), marker);

  // The bridge's stdout carries the connect URL; the stream shows it with the id masked.
  const href = (await page.locator('.panel-connect a.btn').getAttribute('href')) ?? '';
  const envId = /env_01\w+/.exec(href)?.[0] ?? 'missing';
  await page.getByLabel('Which log').selectOption('stdout');
  await page
    .locator('.log .line', { hasText: 'env_<redacted>' })
    .first()
    .waitFor({ timeout: SLOW });
  assert.ok(!(await page.locator('.log').innerText()).includes(envId));

  // Back to the list, where the running bridge shows with its link, then back via Details.
  await page.getByRole('link', { name: 'Projects' }).first().click();
  const card = page.locator('.card[data-project="demo-app"][data-status="running"]');
  await card.getByRole('link', { name: 'Open in Claude' }).waitFor();
  await shoot(page, size, 'projects', size.name === 'desktop');
  await card.getByRole('link', { name: 'Details' }).click();
  await page.waitForURL(new RegExp(`#/bridges/${bridgeId}$`));
}

/** Filter, pause and the 1000-line cap of the log panel. */
async function logControls(page: Page, debugLog: string, marker: string): Promise<void> {
  const lines = page.locator('.log .line');
  await page.getByPlaceholder('Filter lines').fill(marker);
  assert.equal(await lines.filter({ visible: true }).count(), 1);
  await page.getByPlaceholder('Filter lines').fill('');

  await page.getByRole('button', { name: 'Pause' }).click();
  await appendFile(debugLog, `${new Date().toISOString()} [DEBUG] held-while-paused\n`);
  // At least our line is held (the fake bridge may log one of its own meanwhile).
  await page.getByText(/^Paused · (1 new line|\d+ new lines) waiting$/).waitFor({ timeout: SLOW });
  assert.equal(await lines.filter({ hasText: 'held-while-paused' }).count(), 0);
  await page.getByRole('button', { name: 'Pause' }).click();
  await lines.filter({ hasText: 'held-while-paused' }).waitFor();

  // 1200 more lines: the page keeps the newest 1000 and drops the oldest.
  const bulk = Array.from(
    { length: 1200 },
    (_, i) => `${new Date().toISOString()} [DEBUG] bulk-${i}-end\n`,
  );
  await appendFile(debugLog, bulk.join(''));
  await lines.filter({ hasText: 'bulk-1199-end' }).waitFor({ timeout: SLOW });
  assert.ok((await lines.count()) <= 1000, `${await lines.count()} lines in the DOM`);
  assert.equal(await lines.filter({ hasText: 'bulk-0-end' }).count(), 0);
}

async function stopBridge(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Stop bridge' }).click();
  await page
    .getByRole('dialog', { name: /Stop demo-app/ })
    .getByRole('button', { name: 'Stop bridge' })
    .click();
  await page.locator('.view-head .status[data-status="stopped"]').waitFor({ timeout: SLOW });
  await page.getByText('This bridge is not running.').waitFor();
}

async function cloneWithProgress(page: Page, fixture: DashboardFixture, size: Size): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Projects' })
    .click();
  await page.locator('.card[data-project="demo-app"][data-status="stopped"]').waitFor();
  await page.getByRole('button', { name: 'Clone a repository' }).click();
  const dialog = page.getByRole('dialog', { name: 'Clone a repository' });
  await dialog.getByLabel('Repository URL').fill(fixture.repoUrl('widgets'));
  await dialog.locator('.verdict-ok').waitFor({ timeout: SLOW });
  await shoot(page, size, 'clone-dialog');
  await dialog.getByRole('button', { name: 'Clone', exact: true }).click();
  // At least one live progress frame with a phase arrives before the job settles.
  await dialog
    .locator('[data-job-status="running"]', { hasText: /^Receiving objects — \d+ %$/ })
    .waitFor({ timeout: SLOW });
  await shoot(page, size, 'clone-progress');
  await dialog.locator('[data-job-status="done"]').waitFor({ timeout: 120_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page
    .locator('.card[data-project="widgets"]')
    .getByText('Not trusted')
    .waitFor({ timeout: SLOW });
}

async function doctorPage(page: Page): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  // reaper.ui_enabled is off in the fixture, so its page is not offered.
  assert.equal(await nav.getByRole('link', { name: 'Reaper' }).isVisible(), false);
  await nav.getByRole('link', { name: 'Doctor' }).click();
  await page.locator('.check-row').first().waitFor({ timeout: SLOW });
  assert.match(await page.locator('.view-sub').innerText(), /checks/);
  // The phone's Back button with a dialog open: the dialog closes as Cancel, not left over
  // the page that comes back (confirming it would still log out).
  await page.getByRole('button', { name: /Log out/ }).click();
  const logout = page.getByRole('dialog', { name: 'Log out everywhere?' });
  await logout.waitFor();
  await page.goBack();
  await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
  await logout.waitFor({ state: 'detached' });
  assert.equal(await page.locator('dialog[open]').count(), 0);
  await nav.getByRole('link', { name: 'Projects' }).click();
  await page.locator('.card[data-project="widgets"]').waitFor();
}

async function logOutEverywhere(
  browser: Browser,
  page: Page,
  fixture: DashboardFixture,
  sockets: WebSocket[],
  contexts: BrowserContext[],
  problems: PageProblems,
): Promise<void> {
  // A second device, logged in too: the server must close its socket when we log out.
  const other = await openDashboard(browser, SIZES[1]);
  contexts.push(other.context);
  await logIn(other.page, fixture.url);
  const otherSocket = eventSocket(other.sockets);
  const mine = eventSocket(sockets);

  await page.getByRole('button', { name: /Log out/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Log out everywhere?' });
  assert.match(await dialog.innerText(), /every signed-in session/);
  await dialog.getByRole('button', { name: 'Log out everywhere' }).click();
  await page.getByLabel('Password').waitFor();
  await waitClosed(mine);
  await waitClosed(otherSocket);
  await other.page.getByLabel('Password').waitFor({ timeout: 15_000 });
  assert.deepEqual(other.problems.list, []);
  assert.deepEqual(problems.list, []);
}
