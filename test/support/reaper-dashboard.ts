// The reaper page's world for browser tests: a dashboard (dashboard-fixture.ts) with
// reaper.ui_enabled, pointed at a loopback fake environments API that lists three
// environments — a ghost in projects_root/demo-app, a live bridge's in projects_root/notes
// (its bridge pointer names this test process's pid, which is alive) and a `cloud` one whose
// directory is inside projects_root too — plus page helpers for the reaper view.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { type DashboardFixture, startDashboard } from './dashboard-fixture.js';
import { resolvePointerPath } from './fake-claude.js';
import { type FakeEnvironmentsApi, startFakeEnvironmentsApi } from './fake-environments-api.js';
import { makeEnvId } from './reaper-fixture.js';
import { bridgeEnvironment } from './reaper-scenario.js';

/** The ids the fake API lists (CLI-shaped, never `_staging_` or `_local_`). */
export const ENV_IDS = { ghost: makeEnvId(1), live: makeEnvId(2), cloud: makeEnvId(3) };

export interface ReaperDashboard {
  fixture: DashboardFixture;
  api: FakeEnvironmentsApi;
  /** projects_root/<name>. */
  dir(name: string): string;
  /** `METHOD url` of every request to the API that could change something (all but GET). */
  mutating(): string[];
  /** Stops the dashboard, then the API. */
  close(): Promise<void>;
}

/** Starts the API, then the dashboard, then writes the environments and the live pointer. */
export async function startReaperDashboard(): Promise<ReaperDashboard> {
  const api = await startFakeEnvironmentsApi([]);
  let fixture: DashboardFixture;
  try {
    fixture = await startDashboard({ reaper: { ui_enabled: true, api_base_url: api.url } });
  } catch (error) {
    await api.close();
    throw error;
  }
  const dir = (name: string) => join(fixture.projectsRoot, name);
  const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
  api.environments.push(
    bridgeEnvironment(ENV_IDS.ghost, 'demo-app', dir('demo-app'), { updated_at: threeHoursAgo }),
    bridgeEnvironment(ENV_IDS.live, 'notes', dir('notes')),
    {
      id: ENV_IDS.cloud,
      name: 'cloud-sandbox',
      config: { type: 'cloud', directory: dir('demo-app') },
    },
  );
  const pointer = resolvePointerPath(fixture.home, dir('notes'));
  await mkdir(dirname(pointer), { recursive: true });
  await writeFile(
    pointer,
    JSON.stringify({
      sessionId: null,
      environmentId: ENV_IDS.live,
      source: 'standalone',
      pid: process.pid,
    }),
  );
  return {
    fixture,
    api,
    dir,
    mutating: () =>
      api.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`),
    async close() {
      await fixture.close();
      await api.close();
    },
  };
}

/** Opens the Reaper page from the main navigation and waits for the dry run to finish. */
export async function openReaperPage(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Reaper' })
    .click();
  await page.getByRole('heading', { name: 'Leftover environments', level: 1 }).waitFor();
  await page.waitForURL(/#\/reaper$/);
  await page.getByRole('button', { name: 'Look again' }).and(page.locator(':enabled')).waitFor();
}

/** The row of one listed environment. */
export function ghostRow(page: Page, id: string): Locator {
  return page.locator(`.ghosts .ghost[data-ghost="${id}"]`);
}

/** The ids the page lists, in order. */
export async function listedGhosts(page: Page): Promise<string[]> {
  const rows = await page.locator('.ghosts .ghost').all();
  return Promise.all(rows.map(async (row) => (await row.getAttribute('data-ghost')) ?? ''));
}

/** The reaper view's summary line (the one under its heading). */
export function reaperSummary(page: Page): Locator {
  return page.locator('.view-reaper .view-sub');
}

/** Asserts the toolbar's action buttons are both enabled or both disabled. */
export async function assertActions(page: Page, enabled: boolean): Promise<void> {
  const archive = page.getByRole('button', { name: 'Archive selected' });
  const remove = page.getByRole('button', { name: 'Delete selected…' });
  assert.equal(await archive.isEnabled(), enabled, 'Archive selected enabled');
  assert.equal(await remove.isEnabled(), enabled, 'Delete selected… enabled');
}
