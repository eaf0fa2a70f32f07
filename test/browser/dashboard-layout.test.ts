/**
 * Dashboard layout in headless Chromium against a real clauster: at 360 and 390 px with every
 * top-bar button shown (password auth, browser notifications, the Reaper tab and a long
 * instance name; fewer buttons only take less room) nothing scrolls sideways and every nav
 * item is fully on screen, live and offline (a visible "Offline" beside the red dot); on a
 * touch screen the small controls and the logo and back links are at least 44 px tall, under a
 * mouse they stay small; on a desktop every card puts its chips beside the name (running or
 * not) and no chip breaks inside; the CLAUDE.md editor wraps a long line on a phone without
 * changing the text, and its conflict note uses the UI font. Any console error fails it.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page, WebSocketRoute } from 'playwright-core';
import { recordPageProblems, useChromium } from '../support/browser.js';
import {
  dashboardInBrowser,
  logIn,
  openClaudeMd,
  openDashboard,
  SIZES,
} from '../support/dashboard-page.js';
import { startFakeEnvironmentsApi } from '../support/fake-environments-api.js';

const LONG_PROJECT = `long-${'name'.repeat(14)}`;

/** What sticks out at the right of a `width` px page (page-side, as a string). */
function overflowAt(width: number): string {
  return `(() => {
    const out = [];
    if (innerWidth !== ${width}) out.push('innerWidth ' + innerWidth);
    if (document.documentElement.scrollWidth > ${width})
      out.push('scrollWidth ' + document.documentElement.scrollWidth);
    for (const el of document.querySelectorAll('#topbar *')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > ${width} + 0.5) out.push(el.id || el.className || el.tagName);
    }
    const nav = document.querySelector('#nav');
    if (nav.scrollWidth > nav.clientWidth) out.push('nav scrolls ' + nav.scrollWidth);
    for (const link of nav.querySelectorAll('a:not([hidden])')) {
      if (link.scrollWidth > link.clientWidth) out.push('clipped ' + link.textContent);
    }
    return out;
  })()`;
}

/** The small controls (34 px under a mouse, the filter 40): the top bar's, the projects page's
 * and a bridge's. */
const SMALL = [
  '#logout',
  '#project-sort',
  '.panel-connect .btn-small',
  '.log-toolbar .btn-small',
  '.log-toolbar select',
  '.log-toolbar .filter-small .input',
];
/** Links whose hit area is their box: the logo (home) and a page's back link. */
const LINKS = ['.brand', '.back'];

/** Per selector, the smallest height of what it finds, -1 for nothing (page-side, a string). */
function heights(selectors: string[]): string {
  return `Object.fromEntries(${JSON.stringify(selectors)}.map((selector) => {
    const found = [...document.querySelectorAll(selector)];
    const sizes = found.map((node) => Math.round(node.getBoundingClientRect().height));
    return [selector, sizes.length ? Math.min(...sizes) : -1];
  }))`;
}

/** Evaluates `expression` in the page until it is truthy (CDP evaluation: the page's CSP
 * forbids the eval that waitForFunction would poll a string with). */
async function whenTrue(page: Page, expression: string): Promise<unknown> {
  const end = Date.now() + 15_000;
  for (;;) {
    const value = await page.evaluate(expression);
    if (value) return value;
    if (Date.now() > end) throw new Error(`still false after 15 s: ${expression}`);
    await page.waitForTimeout(25);
  }
}

/** Per card: the gap from the end of the name's text to the first chip, and split chips. */
async function chipPlacement(
  page: Page,
): Promise<Record<string, { gap: number; split: string[] }>> {
  return page.evaluate(`(() => {
    const out = {};
    for (const card of document.querySelectorAll('.cards > .card')) {
      const range = document.createRange();
      range.selectNodeContents(card.querySelector('.card-title'));
      const lines = [...range.getClientRects()];
      const last = lines[lines.length - 1];
      const chip = card.querySelector('.chips > .chip').getBoundingClientRect();
      const onLine = chip.top < last.bottom && chip.bottom > last.top;
      const split = [...card.querySelectorAll('.chip')].filter((node) => {
        const text = document.createRange();
        text.selectNodeContents(node.lastChild);
        const tops = new Set([...text.getClientRects()].map((rect) => Math.round(rect.top)));
        // Why: nowrap keeps a squeezed chip whole; the row of chips wraps instead.
        return tops.size > 1 || getComputedStyle(node).whiteSpace !== 'nowrap';
      }).map((node) => node.textContent);
      out[card.dataset.project] = { gap: onLine ? Math.round(chip.left - last.right) : -1, split };
    }
    return out;
  })()`);
}

describe('dashboard layout in Chromium', () => {
  const chromium = useChromium();

  it('phone top bar has no sideways scroll and shows every nav item at 360 and 390 px', {
    timeout: 120_000,
  }, async (t) => {
    const api = await startFakeEnvironmentsApi([]);
    t.after(() => api.close());
    const { fixture, context } = await dashboardInBrowser(t, chromium.browser, SIZES[0], {
      notifications: { browser_enabled: true },
      reaper: { ui_enabled: true, api_base_url: api.url },
      instanceName: 'homeserver-clauster-main-01',
    });
    await context.close();
    for (const width of [360, 390]) {
      const opened = await chromium.browser.newContext({
        ...SIZES[0],
        viewport: { width, height: 740 },
        reducedMotion: 'reduce',
      });
      t.after(() => opened.close());
      const page = await opened.newPage();
      const problems = await recordPageProblems(page);
      // The events socket goes through until `drop` closes it; after that every reconnect is
      // answered here and closed at once, so the dashboard is offline (between short retries).
      const routes: WebSocketRoute[] = [];
      let dropped = false;
      await page.routeWebSocket(/\/ws\/events$/, (route) => {
        if (dropped) return route.close();
        route.connectToServer();
        routes.push(route);
      });
      await logIn(page, fixture.url);
      for (const id of [
        '#logout',
        '#notify-toggle',
        '#help-toggle',
        '#theme-toggle',
        '#nav-reaper',
      ])
        await page.locator(id).waitFor();
      await page.locator('#conn[data-state="live"]').waitFor();
      assert.deepEqual(await page.evaluate(overflowAt(width)), [], `at ${width} px`);
      // Offline: a visible word says so beside the red dot, and the bar still fits.
      dropped = true;
      for (const route of routes) await route.close();
      const offline = await whenTrue(
        page,
        `(() => {
        const conn = document.getElementById('conn');
        if (conn.dataset.state !== 'offline') return false;
        const word = conn.querySelector('.conn-short');
        const shown = word && word.getBoundingClientRect().width > 0 ? word.textContent : '';
        return { shown, overflow: ${overflowAt(width)} };
      })()`,
      );
      assert.deepEqual(offline, { shown: 'Offline', overflow: [] });
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      assert.deepEqual(problems.list, []);
    }
  });

  it('small controls and the logo and back links are 44 px tall on a touch screen, not under a mouse', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems, trustAndStartOnServer } = await dashboardInBrowser(
      t,
      chromium.browser,
    );
    await trustAndStartOnServer('notes');
    const desktop = await openDashboard(chromium.browser, SIZES[1]);
    t.after(() => desktop.context.close());
    for (const [size, opened] of [
      [SIZES[0], { page, problems }],
      [SIZES[1], desktop],
    ] as const) {
      await logIn(opened.page, fixture.url);
      await opened.page.locator('#project-sort').waitFor();
      const onList = (await opened.page.evaluate(heights(SMALL.slice(0, 2)))) as object;
      const card = opened.page.locator('.card[data-project="notes"]');
      await card.getByRole('link', { name: 'Details' }).click();
      await opened.page.locator('.panel-connect .btn-small').waitFor({ timeout: 60_000 });
      await opened.page.locator('.log-toolbar select').waitFor();
      const onBridge = (await opened.page.evaluate(
        heights([...SMALL.slice(2), ...LINKS]),
      )) as object;
      const tall: Record<string, number> = { ...onList, ...onBridge };
      const want = size.hasTouch ? 'at least 44' : 'at most 40, as before';
      for (const selector of [...SMALL, ...(size.hasTouch ? LINKS : [])]) {
        const height = tall[selector] ?? -1;
        const ok = size.hasTouch ? height >= 44 : height > 0 && height <= 40;
        assert.ok(ok, `${size.name}: ${selector} is ${height} px, want ${want}`);
      }
      assert.deepEqual(opened.problems.list, []);
    }
  });

  it('desktop cards put chips beside the name, running or not, and never split a chip', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems, projectPath } = await dashboardInBrowser(
      t,
      chromium.browser,
      SIZES[1],
    );
    await mkdir(join(fixture.projectsRoot, LONG_PROJECT));
    const { trustWriter, supervisor } = fixture.server.context;
    assert.ok(trustWriter && supervisor);
    await trustWriter.setTrusted(await projectPath('notes'));
    await trustWriter.setTrusted(await projectPath('demo-app'));
    const started = await supervisor.start('notes', {});
    assert.ok(started.ok, started.ok ? '' : started.detail);
    await logIn(page, fixture.url);
    await page.locator('.card[data-project="notes"] .resource-line:not([hidden])').waitFor();
    await page.locator(`.card[data-project="${LONG_PROJECT}"]`).waitFor();

    const placed = await chipPlacement(page);
    for (const name of ['demo-app', 'notes']) {
      const { gap } = placed[name] ?? { gap: -1 };
      assert.ok(gap >= 0 && gap <= 16, `${name}: first chip ${gap} px after the name`);
    }
    for (const [name, { split }] of Object.entries(placed))
      assert.deepEqual(split, [], `${name}: chips broken over two lines`);
    assert.deepEqual(problems.list, []);
  });

  it('the CLAUDE.md editor wraps long lines on a phone and its conflict note is not monospace', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems, projectPath } = await dashboardInBrowser(t, chromium.browser);
    await fixture.server.context.trustWriter?.setTrusted(await projectPath('demo-app'));
    await logIn(page, fixture.url);
    await page.locator('.card[data-project="demo-app"] .chip-ok').waitFor();
    const { text } = await openClaudeMd(page, 'demo-app');
    const long = `# Notes\n${'Run the whole test suite before every push please. '.repeat(6)}\n`;
    await text.fill(long);
    assert.equal(await text.inputValue(), long);
    const widths = await text.evaluate((node) => [node.scrollWidth, node.clientWidth]);
    assert.ok((widths[0] ?? 0) <= (widths[1] ?? 0), `textarea scrolls sideways: ${widths}`);
    const fonts = (await page.evaluate(`[...document.querySelectorAll(
      '.claude-md-conflict, .claude-md-conflict button')].map((node) => getComputedStyle(node).fontFamily)`)) as string[];
    assert.ok(fonts.length >= 2, 'the conflict note and its Reload button');
    for (const font of fonts) assert.doesNotMatch(font, /mono/i);
    assert.deepEqual(problems.list, []);
  });
});
