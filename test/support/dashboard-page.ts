// Page-level helpers of the browser tests: the two viewports, opening a recorded page (alone
// or with its own dashboard), logging in, finding the events socket, and README screenshots
// (UPDATE_SCREENSHOTS=1).
import assert from 'node:assert/strict';
import { mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { Browser, Page, WebSocket } from 'playwright-core';
import { recordPageProblems } from './browser.js';
import { DASHBOARD_PASSWORD, type DashboardOptions, startDashboard } from './dashboard-fixture.js';

const SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? join(process.cwd(), 'docs', 'screenshots') : null;
/** A phone (the main use) and a desktop. */
export const SIZES = [
  {
    name: 'phone',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  },
  {
    name: 'desktop',
    viewport: { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    isMobile: false,
    hasTouch: false,
  },
] as const;
export type Size = (typeof SIZES)[number];
// The screens the README shows (docs/screenshots/<name>-<size>.png).
const WANTED_SHOTS = new Set([
  'login-phone',
  'projects-phone',
  'start-dialog-phone',
  'bridge-phone',
  'clone-progress-phone',
  'projects-dark-phone',
  'projects-desktop',
  'bridge-desktop',
  'clone-dialog-desktop',
]);

/** Saves `docs/screenshots/<name>-<size>.png` when asked to and the README uses it. */
export async function shoot(page: Page, size: Size, name: string, fullPage = false): Promise<void> {
  if (!SHOTS || !WANTED_SHOTS.has(`${name}-${size.name}`)) return;
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({
    path: join(SHOTS, `${name}-${size.name}.png`),
    fullPage,
    animations: 'disabled',
  });
}

/** A fresh browser context and page that records problems and WebSockets. */
export async function openDashboard(
  browser: Browser,
  size: Size,
  colorScheme: 'light' | 'dark' = 'light',
) {
  const context = await browser.newContext({ ...size, colorScheme, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems = await recordPageProblems(page);
  const sockets: WebSocket[] = [];
  page.on('websocket', (socket) => sockets.push(socket));
  return { context, page, problems, sockets };
}

/**
 * A dashboard of its own (startDashboard(options)) and a fresh recorded page on it, both
 * closed after test `t`, the page first. `projectPath(name)` is the real path of a project
 * under projects_root (as `claude` and the trust file spell it); `trustAndStartOnServer(name)`
 * trusts a project and starts its bridge behind the page's back.
 */
export async function dashboardInBrowser(
  t: TestContext,
  browser: Browser,
  size: Size = SIZES[0],
  options: DashboardOptions = {},
) {
  const fixture = await startDashboard(options);
  const opened = await openDashboard(browser, size);
  t.after(async () => {
    await opened.context.close();
    await fixture.close();
  });
  const projectPath = (name: string) => realpath(join(fixture.projectsRoot, name));
  /** Trusts project `name` and starts its bridge through the server, not the page. */
  const trustAndStartOnServer = async (name: string) => {
    const { trustWriter, supervisor } = fixture.server.context;
    assert.ok(trustWriter && supervisor);
    await trustWriter.setTrusted(await projectPath(name));
    const started = await supervisor.start(name, {});
    assert.ok(started.ok, started.ok ? '' : started.detail);
    return { supervisor, bridge: started.value };
  };
  return { ...opened, fixture, projectPath, trustAndStartOnServer };
}

/** Logs in through the form and waits for the projects view. */
export async function logIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Password').fill(DASHBOARD_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
}

/** The page's latest /ws/events socket. */
export function eventSocket(sockets: WebSocket[]): WebSocket {
  const socket = sockets.filter((s) => s.url().endsWith('/ws/events')).at(-1);
  assert.ok(socket, 'the page opened /ws/events');
  return socket;
}

/** Resolves once the socket is closed (by either side). */
export async function waitClosed(socket: WebSocket): Promise<void> {
  if (socket.isClosed()) return;
  await socket.waitForEvent('close', { timeout: 15_000 });
}

/** Opens the CLAUDE.md dialog from `project`'s card and waits until its text can be edited. */
export async function openClaudeMd(page: Page, project: string) {
  const card = page.locator(`.card[data-project="${project}"]`);
  await card.getByRole('button', { name: 'CLAUDE.md' }).click();
  const dialog = page.getByRole('dialog', { name: `CLAUDE.md of ${project}` });
  const text = dialog.getByLabel(/CLAUDE\.md text/);
  await text.and(page.locator(':enabled')).waitFor();
  return { dialog, text };
}
