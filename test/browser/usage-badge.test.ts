/**
 * The usage badge in headless Chromium against a real clauster (temp HOME): a project with a
 * transcript shows its approximate cost with the per-model breakdown as tooltip; a project
 * without one shows no badge. Any console error fails it.
 */
import assert from 'node:assert/strict';
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { useChromium } from '../support/browser.js';
import { startDashboard } from '../support/dashboard-fixture.js';
import { logIn, openDashboard, SIZES } from '../support/dashboard-page.js';
import { assistantLine, writeTranscript } from '../support/transcript-lines.js';

describe('usage badge in Chromium', () => {
  const chromium = useChromium();

  it('a project card shows its approximate cost once visible, with the breakdown as tooltip', {
    timeout: 120_000,
  }, async (t) => {
    const fixture = await startDashboard();
    const { context, page, problems } = await openDashboard(chromium.browser, SIZES[0]);
    t.after(async () => {
      await context.close();
      await fixture.close();
    });
    const project = await realpath(join(fixture.projectsRoot, 'demo-app'));
    await writeTranscript(fixture.home, project, 'sess-fake-1.jsonl', [
      assistantLine({ id: 'msg_fake0001', usage: { input_tokens: 1_000_000 } }),
      assistantLine({ id: 'msg_fake0001', usage: { input_tokens: 1_000_000 } }),
      assistantLine({
        id: 'msg_fake0002',
        model: 'claude-haiku-4-5',
        usage: { output_tokens: 84_000 },
      }),
    ]);
    await logIn(page, fixture.url);

    const badge = page.locator('.card[data-project="demo-app"] .chip-usage');
    await badge.filter({ hasText: '$3.42' }).waitFor();
    const tooltip = (await badge.getAttribute('title')) ?? '';
    assert.match(tooltip, /claude-sonnet-4-5-20250929: 1 msg, 1M tok, \$3\.00/);
    assert.match(tooltip, /claude-haiku-4-5: 1 msg, 84k tok, \$0\.42/);
    assert.match(tooltip, /Approximate; prices last checked \d{4}-\d\d-\d\d/);
    await page.locator('.card[data-project="notes"]').waitFor();
    assert.equal(await page.locator('.card[data-project="notes"] .chip-usage').isVisible(), false);
    assert.deepEqual(problems.list, []);
  });
});
