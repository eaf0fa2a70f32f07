import assert from 'node:assert/strict';
import { appendFile, mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createApp } from '../../../src/http/app.js';
import type { UsageReport } from '../../../src/projects/usage-report.js';
import { createTestContext } from '../../support/app-context.js';
import { useTempDir } from '../../support/temp.js';
import { assistantLine, userLine, writeTranscript } from '../../support/transcript-lines.js';

const tmp = useTempDir('clauster-usage-route-');

type Reply = { project: string; mode: string; usage: UsageReport };

async function makeApp(usage: Record<string, unknown> = {}) {
  const home = await realpath(tmp.path);
  const root = join(home, 'projects');
  await mkdir(join(root, 'app'), { recursive: true });
  await mkdir(join(root, 'empty'), { recursive: true });
  const ctx = createTestContext({ home, raw: { projects_root: root, usage } });
  return { app: createApp(ctx), home, project: join(root, 'app') };
}

describe('usageRoutes()', () => {
  it('usageRoutes() answers the tokens and cost of a project from its transcripts', async () => {
    const { app, home, project } = await makeApp();
    const path = await writeTranscript(home, project, 'sess-fake-1.jsonl', [
      userLine(),
      assistantLine({ id: 'msg_fake0001', usage: { input_tokens: 1_000_000 } }),
      assistantLine({ id: 'msg_fake0001', usage: { input_tokens: 1_000_000 } }),
      'garbled',
    ]);
    const res = await app.request('/api/projects/app/usage');
    assert.equal(res.status, 200);
    const body = (await res.json()) as Reply;
    assert.equal(body.project, 'app');
    assert.equal(body.mode, 'cost');
    assert.equal(body.usage.totals.messages, 1);
    assert.equal(body.usage.totals.input, 1_000_000);
    assert.equal(body.usage.cost.amount, 3);
    assert.equal(body.usage.skipped_lines, 1);
    assert.equal(body.usage.sessions, 1);

    // The next request sees what was appended since (the cache is keyed by size and mtime).
    await appendFile(path, `${assistantLine({ id: 'msg_fake0002' })}\n`);
    const again = (await (await app.request('/api/projects/app/usage')).json()) as Reply;
    assert.equal(again.usage.totals.messages, 2);
  });

  it('usageRoutes() answers zero usage for a project without transcripts', async () => {
    const { app } = await makeApp();
    const res = await app.request('/api/projects/empty/usage');
    assert.equal(res.status, 200);
    const body = (await res.json()) as Reply;
    assert.equal(body.usage.totals.messages, 0);
    assert.equal(body.usage.cost.amount, 0);
    assert.deepEqual(body.usage.models, []);
  });

  it('usageRoutes() shows the configured mode, currency and symbol', async () => {
    const { app, home, project } = await makeApp({
      mode: 'tokens',
      currency: 'EUR',
      fx_rate: 0.5,
      token_total_includes_cache: false,
    });
    await writeTranscript(home, project, 'x.jsonl', [
      assistantLine({
        usage: { input_tokens: 2_000_000, cache_read_input_tokens: 1_000_000 },
      }),
    ]);
    const body = (await (await app.request('/api/projects/app/usage')).json()) as Reply;
    assert.equal(body.mode, 'tokens');
    assert.equal(body.usage.totals.total, 2_000_000);
    assert.deepEqual(
      [body.usage.cost.currency, body.usage.cost.symbol, body.usage.cost.amount],
      ['EUR', '€', 3.15],
    );
  });

  it('usageRoutes() answers 404 feature-disabled when usage.mode is off', async () => {
    const { app } = await makeApp({ mode: 'off' });
    const res = await app.request('/api/projects/app/usage');
    assert.equal(res.status, 404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'feature-disabled');
    assert.match(body.error.message, /usage\.mode: off/);
  });

  const refused = ['..', '.hidden', '..%2F..%2Fetc', 'app%2F..%2F..', 'nope', '%2Fetc'];
  for (const name of refused) {
    it(`usageRoutes() refuses the project name ${JSON.stringify(name)} with 404`, async () => {
      const { app } = await makeApp();
      const res = await app.request(`/api/projects/${name}/usage`);
      assert.equal(res.status, 404);
      const body = (await res.json()) as { error: { code: string } };
      assert.ok(['unknown-project', 'not-found'].includes(body.error.code), body.error.code);
    });
  }
});
