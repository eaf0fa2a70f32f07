/**
 * The conversation viewer in headless Chromium against a real clauster (temp HOME): the
 * project card's "Conversations" link opens the list (search and sort), a conversation shows
 * its turns with role badges and a monospace tool input, markup in a turn stays text, and
 * with Live on a turn appended to the transcript shows up without a reload; Live switched on
 * before the first load finished adds no duplicates and polling stops when the view is left;
 * a malformed hash shows the projects. Any console error fails it.
 */
import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { useChromium } from '../support/browser.js';
import { dashboardInBrowser, logIn } from '../support/dashboard-page.js';
import { writeTranscript } from '../support/transcript-lines.js';

const ID_A = '00000000-0000-4000-8000-0000000000a1';
const ID_B = '00000000-0000-4000-8000-0000000000b2';

function turn(type: string, content: unknown, timestamp = '2026-03-01T10:00:00.000Z'): string {
  return JSON.stringify({ type, timestamp, message: { role: type, content } });
}

describe('conversations in Chromium', () => {
  const chromium = useChromium();

  it('lists conversations, opens one and shows an appended turn with Live on', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems, projectPath } = await dashboardInBrowser(t, chromium.browser);
    const project = await projectPath('demo-app');
    const path = await writeTranscript(fixture.home, project, `${ID_A}.jsonl`, [
      turn('user', 'Fix the <b>flaky</b> build'),
      turn('assistant', [
        { type: 'text', text: 'Looking.' },
        { type: 'tool_use', name: 'Bash', input: { command: 'npm test' } },
      ]),
    ]);
    await writeTranscript(fixture.home, project, `${ID_B}.jsonl`, [turn('user', 'Write docs')]);
    await logIn(page, fixture.url);

    const card = page.locator('.card[data-project="demo-app"]');
    await card.getByRole('link', { name: 'Conversations' }).click();
    await page.locator('.view-conversations').waitFor();
    const items = page.locator('.conversation');
    await items.nth(1).waitFor();
    assert.equal(await items.count(), 2);
    await page.getByLabel('Search conversation titles').fill('flaky');
    await page.locator(`.conversation[data-session="${ID_B}"]`).waitFor({ state: 'detached' });
    assert.equal(await items.count(), 1);
    const link = page.locator(`.conversation[data-session="${ID_A}"] a`);
    assert.match(await link.innerText(), /Fix the <b>flaky<\/b> build/);
    await page.getByLabel('Sort').selectOption('started');
    await link.click();

    await page.locator('.view-conversation').waitFor();
    const turns = page.locator('.turn');
    await turns.nth(2).waitFor();
    assert.equal(await turns.count(), 3);
    assert.equal(await page.locator('.turn b').count(), 0);
    assert.equal(await turns.nth(0).locator('.role-badge').innerText(), 'You');
    assert.equal(await turns.nth(2).locator('.turn-input').innerText(), '{"command":"npm test"}');
    const font = await page.evaluate(
      "getComputedStyle(document.querySelector('.turn-input')).fontFamily",
    );
    assert.match(String(font), /mono/i);

    await page.getByRole('button', { name: 'Live' }).click();
    await page.locator('.live-indicator[data-state="on"]').waitFor();
    await appendFile(path, `${turn('assistant', 'All green now.')}\n`);
    await page.locator('.turn').filter({ hasText: 'All green now.' }).waitFor({ timeout: 10_000 });
    assert.equal(await turns.count(), 4);
    assert.deepEqual(problems.list, []);
  });

  it('Live before the first load adds no duplicate, stops after leaving; a bad hash shows projects', {
    timeout: 120_000,
  }, async (t) => {
    const { fixture, page, problems, projectPath } = await dashboardInBrowser(t, chromium.browser);
    const project = await projectPath('demo-app');
    await writeTranscript(fixture.home, project, `${ID_A}.jsonl`, [
      turn('user', 'one'),
      turn('assistant', 'two'),
      turn('user', 'three'),
    ]);
    await logIn(page, fixture.url);
    await page.locator('.card[data-project="demo-app"]').waitFor();

    // Hold the first load until Live is on, and any tail until the loaded turns are shown:
    // a tail sent before the load finished (after=-1) would then append them a second time.
    const hold = () => {
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      return { held, release };
    };
    const load = hold();
    const tail = hold();
    const isTail = (url: URL) => url.pathname.endsWith(`/transcripts/${ID_A}/tail`);
    await page.route(
      (url) => url.pathname.endsWith(`/transcripts/${ID_A}`),
      async (route) => {
        await load.held;
        await route.continue();
      },
    );
    await page.route(isTail, async (route) => {
      await tail.held;
      await route.continue();
    });
    await page.evaluate(`location.hash = '#/project/demo-app/conversations/${ID_A}'`);
    await page.getByRole('button', { name: 'Live' }).click();
    await page.waitForTimeout(300);
    load.release();
    const turns = page.locator('.turn');
    await turns.nth(2).waitFor();
    const answered = page.waitForResponse((res) => isTail(new URL(res.url())));
    tail.release();
    await answered;
    await page.waitForTimeout(200);
    assert.equal(await turns.count(), 3);

    // Leaving the view stops the polling. Counted from once the list shows: a poll may fire
    // (every 3 s) while the click is still on its way, before the view was left.
    await page.getByRole('link', { name: 'Conversations' }).click();
    await page.locator('.view-conversations').waitFor();
    const tails: string[] = [];
    page.on('request', (request) => {
      if (isTail(new URL(request.url()))) tails.push(request.url());
    });
    await page.waitForTimeout(3500);
    assert.deepEqual(tails, []);

    // A malformed escape in the hash falls back to the projects view instead of a dead page.
    await page.evaluate(`location.hash = '#/project/%E0%A4%A/conversations/x'`);
    await page.locator('.card[data-project="demo-app"]').waitFor();
    await page.evaluate(`location.hash = '#/bridges/%'`);
    await page.locator('.card[data-project="demo-app"]').waitFor();
    assert.deepEqual(problems.list, []);
  });
});
