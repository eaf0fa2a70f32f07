/**
 * GET /api/projects/{name}/usage under load and behind login: requests for one project share
 * one computation, at most two projects are computed at once, and no report without a login.
 */
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createApp } from '../../../src/http/app.js';
import { createNodeDeps } from '../../../src/system/node.js';
import type { Fs } from '../../../src/system/ports.js';
import { createTestContext } from '../../support/app-context.js';
import { createAuthApp, passwordAuthConfig } from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';
import { assistantLine, writeTranscript } from '../../support/transcript-lines.js';

const tmp = useTempDir('clauster-usage-load-');

/** The real fs, with each listing of a transcripts folder slowed down and watched. */
function watchListings(claudeProjects: string, delayMs: number) {
  const listed: string[] = [];
  let active = 0;
  let most = 0;
  const fs: Fs = {
    ...fsp,
    readdir: (async (...args: Parameters<Fs['readdir']>) => {
      const path = String(args[0]);
      if (!path.startsWith(`${claudeProjects}/`)) return fsp.readdir(...args);
      listed.push(path);
      active += 1;
      most = Math.max(most, active);
      try {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return await fsp.readdir(...args);
      } finally {
        active -= 1;
      }
    }) as Fs['readdir'],
  };
  return { fs, listed, most: () => most };
}

async function makeApp(names: readonly string[], delayMs: number) {
  const home = await realpath(tmp.path);
  const root = join(home, 'projects');
  for (const name of names) {
    await mkdir(join(root, name), { recursive: true });
    await writeTranscript(home, join(root, name), 's.jsonl', [assistantLine()]);
  }
  const watched = watchListings(join(home, '.claude', 'projects'), delayMs);
  const deps = { ...createNodeDeps({ HOME: home }), fs: watched.fs };
  const ctx = createTestContext({ home, raw: { projects_root: root }, overrides: { deps } });
  return { app: createApp(ctx), ...watched };
}

describe('usageRoutes() under concurrent requests', () => {
  it('usageRoutes() answers concurrent requests for one project from one computation', async () => {
    const { app, listed } = await makeApp(['app'], 30);
    const replies = await Promise.all([1, 2, 3].map(() => app.request('/api/projects/app/usage')));
    for (const reply of replies) assert.equal(reply.status, 200);
    const bodies = (await Promise.all(replies.map((reply) => reply.json()))) as {
      usage: { totals: { messages: number } };
    }[];
    for (const body of bodies) assert.equal(body.usage.totals.messages, 1);
    assert.equal(listed.length, 1, listed.join('\n'));

    // Once it is done, the next request computes again.
    await app.request('/api/projects/app/usage');
    assert.equal(listed.length, 2);
  });

  it('usageRoutes() computes at most two projects at once', async () => {
    const names = ['p1', 'p2', 'p3', 'p4'];
    const { app, listed, most } = await makeApp(names, 40);
    const replies = await Promise.all(names.map((n) => app.request(`/api/projects/${n}/usage`)));
    for (const reply of replies) assert.equal(reply.status, 200);
    assert.equal(listed.length, 4);
    assert.equal(most(), 2);
  });
});

describe('usageRoutes() behind a password', () => {
  it('usageRoutes() answers 401 without credentials when a password is set', async () => {
    const home = await realpath(tmp.path);
    const root = join(home, 'projects');
    await mkdir(join(root, 'app'), { recursive: true });
    await writeTranscript(home, join(root, 'app'), 's.jsonl', [assistantLine()]);
    const auth = await passwordAuthConfig();
    const { app } = createAuthApp({ stateDir: home, config: { auth, projects_root: root } });
    const response = await app.request('/api/projects/app/usage');
    assert.equal(response.status, 401);
    const body = (await response.json()) as { error: { code: string }; usage?: unknown };
    assert.equal(body.error.code, 'unauthenticated');
    assert.equal(body.usage, undefined);
  });
});
