/**
 * The bridge page when there is nothing to show, in headless Chromium against a real clauster
 * (temp HOME, password auth, the fake `claude`). A link to a bridge that never existed shows
 * one sentence and the way back: no Details or Log panel and no log socket. An empty log
 * stream says so inside the box ("No lines yet." while running, "No output was captured."
 * once stopped). A bridge forgotten in another tab turns that tab's page into the same
 * message, and its log socket is closed and never opened again. A stop that takes the whole
 * stop grace (a bridge ignoring SIGTERM) shows "Stopping…" on a disabled button meanwhile, and
 * a card's action error goes once its bridge changes; card actions carry the project's name.
 * The bridge page's own action error goes too once the bridge changes. A crash whose CLI line
 * names a known cause shows what to do under the reason. A crash-looping autostart project
 * shows its pending retry on its card and its newest bridge's page, and Stop retrying ends it;
 * pressed from the keyboard, focus moves to its answer rather than falling to the page.
 * Any console error or CSP violation fails it.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { BrowserContext, Page, Route, WebSocket } from 'playwright-core';
import { type PageProblems, recordPageProblems, useChromium } from '../support/browser.js';
import { dashboardInBrowser, logIn, SIZES, waitClosed } from '../support/dashboard-page.js';
import { waitFor } from '../support/fake-claude.js';

const SLOW = 60_000;
const GONE = 'This bridge no longer exists: it was forgotten, or the link is out of date.';
const BRIDGE_URL = /#\/bridges\/(br-[a-z2-7]{12})$/;
// EMPTY_LOG_TEXT of web/src/log-panel.ts (a DOM module, so not imported here).
const EMPTY_LOG_TEXT = { live: 'No lines yet.', stopped: 'No output was captured.' };

describe('bridge page in Chromium', () => {
  const chromium = useChromium();

  it('a missing bridge shows only a message, and an empty log stream says it is empty', {
    timeout: 180_000,
  }, async (t) => {
    const { fixture, page, problems, sockets } = await dashboardInBrowser(
      t,
      chromium.browser,
      SIZES[1],
    );
    // Asking for a bridge that does not exist is a 404 on purpose.
    problems.expect(/status of 404/);
    await logIn(page, fixture.url);

    await page.goto(`${fixture.url}/#/bridges/br-aaaaaaaaaaaa`);
    await assertGone(page);
    await page.waitForTimeout(3_500);
    assert.deepEqual(logSockets(sockets), [], 'no log socket for a bridge that does not exist');
    await page.getByRole('link', { name: 'Back to Projects' }).click();
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();

    const bridgeUrl = await trustAndStart(page);
    await page.getByLabel('Which log').selectOption('stderr');
    await page.locator('.log').getByText(EMPTY_LOG_TEXT.live, { exact: true }).waitFor();
    await stop(page);
    await page.locator('.log').getByText(EMPTY_LOG_TEXT.stopped, { exact: true }).waitFor();
    // The note is not a line: Copy and the filter leave it alone.
    await page.getByPlaceholder('Filter lines').fill('zzz');
    assert.equal(await page.locator('.log-empty').isVisible(), true);
    await page.getByPlaceholder('Filter lines').fill('');

    const other = await openSecondTab(page.context(), bridgeUrl, t);
    await page.getByRole('button', { name: 'Forget' }).click();
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    await assertGone(other.page);
    const opened = logSockets(other.sockets);
    assert.equal(opened.length, 1, 'the other tab had one log socket');
    await other.page.waitForTimeout(3_500);
    // Its log socket closes (waitClosed() throws otherwise).
    if (opened[0]) await waitClosed(opened[0]);
    assert.equal(logSockets(other.sockets).length, 1, 'and no new one was opened');
    assert.deepEqual(other.problems.list, []);
    assert.deepEqual(problems.list, []);
  });

  it('a slow stop disables the actions and says Stopping…; a card error goes when its bridge changes', {
    timeout: 180_000,
  }, async (t) => {
    // Mode f never registers and ignores SIGTERM: each stop waits stop_grace_seconds (5 s).
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser, SIZES[0], {
      claudeEnv: { FAKE_CLAUDE_CRASH: 'f' },
    });
    // The stop request aborted on purpose below.
    problems.expect(/ERR_FAILED/);
    await logIn(page, fixture.url);
    const card = page.locator('.card[data-project="demo-app"]');
    // Every card's actions are named after their project, and the card after its heading.
    await page.getByRole('listitem', { name: 'demo-app' }).waitFor();
    await card.getByRole('button', { name: 'Trust…, demo-app', exact: true }).waitFor();
    await card.getByRole('button', { name: 'CLAUDE.md, demo-app', exact: true }).waitFor();
    await card.getByRole('link', { name: 'Conversations, demo-app', exact: true }).waitFor();

    await trustAndStart(page, 'starting');
    const actions = page.locator('.view-head .card-actions');
    await page.getByRole('button', { name: 'Stop bridge' }).click();
    await page
      .getByRole('dialog', { name: /Stop demo-app/ })
      .getByRole('button', { name: 'Stop bridge' })
      .click();
    const stopping = actions.getByRole('button', { name: 'Stopping…' });
    // One DOM match for all three (the 5 s stop may end before a second query on a loaded
    // machine): a disabled "Stopping…" button in busy actions, so it cannot be pressed again.
    await page
      .locator('.view-head .card-actions[aria-busy="true"] button:disabled', {
        hasText: 'Stopping…',
      })
      .waitFor();
    // A forced press while it is still there (on a loaded machine the 5 s stop may have ended).
    await stopping.click({ force: true, timeout: 2_000 }).catch(() => undefined);
    assert.equal(await page.getByRole('dialog').count(), 0, 'no second question');
    await page.locator('.view-head .status[data-status="stopped"]').waitFor({ timeout: SLOW });
    // The status comes by /ws/events and may show before the stop request has answered; the
    // actions come back once it has.
    const again = actions.getByRole('button', { name: 'Start again…' });
    await waitFor(() => again.isEnabled(), 10_000);
    assert.equal(await actions.getAttribute('aria-busy'), 'false');

    // A card's "Could not reach clauster" goes once its bridge changes (stopped elsewhere).
    await again.click();
    await page
      .getByRole('dialog', { name: 'Start demo-app' })
      .getByRole('button', { name: 'Start bridge' })
      .click();
    await page.locator('.view-head .status[data-status="starting"]').waitFor({ timeout: SLOW });
    const id = BRIDGE_URL.exec(page.url())?.[1] ?? '';
    await page.getByRole('link', { name: 'Projects' }).first().click();
    // The card's stop is held while its buttons are checked, then fails.
    const held: Route[] = [];
    await page.route('**/api/bridges/*/stop', (route) => {
      held.push(route);
    });
    const cardStop = card.getByRole('button', { name: 'Stop, demo-app', exact: true });
    await cardStop.click();
    await page
      .getByRole('dialog', { name: /Stop demo-app/ })
      .getByRole('button', { name: 'Stop bridge' })
      .click();
    await waitFor(() => held.length > 0, 10_000);
    assert.equal(await cardStop.isDisabled(), true, 'the card cannot be stopped twice meanwhile');
    assert.equal(await card.locator('.card-actions').getAttribute('aria-busy'), 'true');
    await held[0]?.abort();
    const error = card.locator('.card-error');
    await error.getByText(/Could not reach clauster/).waitFor();
    await page.unroute('**/api/bridges/*/stop');
    await fixture.server.context.supervisor?.stop(id);
    await page.locator('.card[data-project="demo-app"][data-status="stopped"]').waitFor({
      timeout: SLOW,
    });
    assert.equal(await error.textContent(), '');
    assert.deepEqual(problems.list, []);
  });

  it('an action error on the bridge page goes once the bridge changes', {
    timeout: 180_000,
  }, async (t) => {
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser, SIZES[1]);
    // The stop request aborted on purpose below.
    problems.expect(/ERR_FAILED/);
    await logIn(page, fixture.url);
    await trustAndStart(page);
    const id = BRIDGE_URL.exec(page.url())?.[1] ?? '';
    await page.route('**/api/bridges/*/stop', (route) => route.abort());
    await page.getByRole('button', { name: 'Stop bridge' }).click();
    await page
      .getByRole('dialog', { name: /Stop demo-app/ })
      .getByRole('button', { name: 'Stop bridge' })
      .click();
    const error = page.locator('.view-bridge > .card-error');
    await error.getByText(/Could not reach clauster/).waitFor();
    await page.unroute('**/api/bridges/*/stop');
    // Stopped elsewhere (another tab, the CLI): the error no longer holds.
    await fixture.server.context.supervisor?.stop(id);
    await page.locator('.view-head .status[data-status="stopped"]').waitFor({ timeout: SLOW });
    await waitFor(async () => (await error.textContent()) === '', 10_000);
    assert.deepEqual(problems.list, []);
  });

  it('a crash the CLI explains shows its line and what to do, with the command as code', {
    timeout: 180_000,
  }, async (t) => {
    // The not-logged-in gate: the CLI says to use `/login`, which means nothing to a service.
    const { fixture, page, problems } = await dashboardInBrowser(t, chromium.browser, SIZES[0], {
      claudeEnv: { FAKE_CLAUDE_GATE: 'not-logged-in' },
    });
    await logIn(page, fixture.url);
    await trustAndStart(page, 'crashed');
    const reason = page.locator('.view-bridge .banner-warn');
    await reason.getByText('Error: You must be logged in to use Remote Control.').waitFor();
    const advice = page.locator('.view-bridge .advice');
    await advice.getByText(/^What to do: claude on this server has no claude\.ai login/).waitFor();
    assert.equal(await advice.isVisible(), true);
    assert.deepEqual(await advice.locator('code').allTextContents(), ['claude auth login']);
    assert.deepEqual(problems.list, []);
  });

  it('a crash-looping autostart project shows its retry countdown, and Stop retrying ends it', {
    timeout: 180_000,
  }, async (t) => {
    const { fixture, page, problems, projectPath } = await dashboardInBrowser(
      t,
      chromium.browser,
      SIZES[0],
      { claudeEnv: { FAKE_CLAUDE_CRASH: 'a' }, projects: { 'demo-app': { autostart: true } } },
    );
    await fixture.server.context.trustWriter?.setTrusted(await projectPath('demo-app'));
    await logIn(page, fixture.url);
    const card = page.locator('.card[data-project="demo-app"]');
    const cardLine = card.locator('.autostart-retry');
    // Attempt 4 and later wait at least 8 s: time enough to open the bridge page and press.
    await cardLine
      .getByText(/^Autostart retries (in \d+ s|now) \(attempt ([4-9]|\d\d)\)$/)
      .waitFor({ timeout: SLOW });
    const cardButton = card.getByRole('button', { name: 'Stop retrying, demo-app', exact: true });
    assert.ok(((await cardButton.boundingBox())?.height ?? 0) >= 44, 'a touch target');

    await card.getByRole('link', { name: /^Logs/ }).click();
    await page.waitForURL(BRIDGE_URL);
    const line = page.locator('.view-bridge .autostart-retry');
    await line.getByText(/^Autostart retries/).waitFor();
    await line.getByRole('button', { name: 'Stop retrying, demo-app', exact: true }).focus();
    await page.keyboard.press('Enter');
    const outcome = page.locator('.view-bridge .autostart-outcome');
    await outcome.getByText(/^Autostart retry cancelled/).waitFor({ timeout: SLOW });
    await line.waitFor({ state: 'hidden' });
    // The focused button went with the line: focus is on the answer, not on the page.
    const focused = "document.activeElement?.classList.contains('autostart-outcome') === true";
    await page.waitForFunction(focused, undefined, { timeout: 5_000 }).catch(() => undefined);
    const active = await page.evaluate<string>(
      "(document.activeElement?.tagName ?? '') + '.' + (document.activeElement?.className ?? '')",
    );
    assert.equal(active, 'P.autostart-outcome');
    assert.deepEqual(fixture.server.context.supervisor?.autostartRetries(), []);
    await page.locator('.view-bridge a.back').click();
    await cardLine.waitFor({ state: 'hidden' });
    assert.deepEqual(problems.list, []);
  });
});

function logSockets(sockets: WebSocket[]): WebSocket[] {
  return sockets.filter((socket) => socket.url().includes('/ws/logs/'));
}

async function assertGone(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Bridge not found', level: 1 }).waitFor();
  await page.getByRole('alert').getByText(GONE, { exact: true }).waitFor();
  await page.getByRole('link', { name: 'Back to Projects' }).waitFor();
  assert.equal(await page.locator('.panel-log, .panel-details, .panel-connect').count(), 0);
  assert.equal(await page.title(), 'Bridge not found · clauster');
}

async function trustAndStart(page: Page, status = 'running'): Promise<string> {
  const card = page.locator('.card[data-project="demo-app"]');
  await card.getByRole('button', { name: 'Trust…' }).click();
  await page
    .getByRole('dialog', { name: /Trust “demo-app”/ })
    .getByRole('button', { name: 'Trust project' })
    .click();
  await card.getByRole('button', { name: /^Start/ }).click();
  await page
    .getByRole('dialog', { name: 'Start demo-app' })
    .getByRole('button', { name: 'Start bridge' })
    .click();
  await page.waitForURL(BRIDGE_URL);
  await page.locator(`.view-head .status[data-status="${status}"]`).waitFor({ timeout: SLOW });
  return page.url();
}

async function stop(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Stop bridge' }).click();
  await page
    .getByRole('dialog', { name: /Stop demo-app/ })
    .getByRole('button', { name: 'Stop bridge' })
    .click();
  await page.locator('.view-head .status[data-status="stopped"]').waitFor({ timeout: SLOW });
}

/** A second tab of the same login on the bridge page, with its log socket open. */
async function openSecondTab(
  context: BrowserContext,
  url: string,
  t: TestContext,
): Promise<{ page: Page; sockets: WebSocket[]; problems: PageProblems }> {
  const page = await context.newPage();
  t.after(() => page.close());
  const problems = await recordPageProblems(page);
  const sockets: WebSocket[] = [];
  page.on('websocket', (socket) => sockets.push(socket));
  await page.goto(url);
  await page.locator('.view-head .status[data-status="stopped"]').waitFor({ timeout: SLOW });
  // Its debug log has lines: the log socket is open and streaming.
  await page.locator('.log .line').first().waitFor({ timeout: SLOW });
  return { page, sockets, problems };
}
