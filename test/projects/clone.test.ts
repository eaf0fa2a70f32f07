/**
 * The clone runner against a loopback git smart-HTTPS server (see
 * test/support/git-https-server.ts): git reaches `git.test` only through the address pin.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type ClonePlan, runClone } from '../../src/projects/clone.js';
import { checkCloneUrl } from '../../src/security/clone-url.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { ChildHandle, Spawn } from '../../src/system/ports.js';
import { GIT_TEST_HOST } from '../support/git-https-server.js';
import { useBareRepoServer } from '../support/git-repo-server.js';
import { useTempDir } from '../support/temp.js';

const git = useBareRepoServer('clauster-runner-srv-', [{ name: 'repo' }], {
  stallPrefix: '/stall.git/',
});
const root = useTempDir('clauster-runner-root-');

function planFor(repo: string, extra: Partial<ClonePlan> = {}): ClonePlan {
  const verdict = checkCloneUrl(`https://${GIT_TEST_HOST}:${git.server.port}/${repo}.git`, {
    allowedSchemes: ['https'],
    allowedPorts: [git.server.port],
  });
  assert.ok(verdict.ok, verdict.detail);
  return {
    projectsRoot: root.path,
    name: repo,
    parsed: verdict.parsed,
    addresses: ['127.0.0.1'],
    allowedSchemes: ['https'],
    timeoutMs: 120_000,
    maxBytes: 100 << 20,
    caFile: git.server.caFile,
    ...extra,
  };
}

/** Pids of non-zombie processes whose process group is `pgid` (zombies wait for a reaper). */
async function listLiveGroupMembers(pgid: number): Promise<number[]> {
  const live: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X')
        live.push(Number(entry));
    } catch {
      // The process exited while we looked.
    }
  }
  return live;
}

function testDeps(path = process.env.PATH) {
  return createNodeDeps({ PATH: path, HOME: root.path });
}

describe('runClone()', () => {
  it("runClone() reports git-failed with git's own message and leaves nothing", async () => {
    const result = await runClone(planFor('missing'), testDeps());
    assert.ok(!result.ok);
    assert.equal(result.code, 'git-failed');
    assert.match(result.detail, /not found|fatal/);
    assert.deepEqual(await readdir(root.path), []);
  });

  it('runClone() reports spawn-failed when git cannot be started', async () => {
    const result = await runClone(planFor('repo'), testDeps('/nonexistent-dir'));
    assert.ok(!result.ok);
    assert.equal(result.code, 'spawn-failed');
    assert.deepEqual(await readdir(root.path), []);
  });

  it('runClone() keeps a project that appeared while it cloned', async () => {
    const plan = planFor('repo', {
      onProgress: () => {
        void mkdir(join(root.path, 'repo')).catch(() => {});
      },
    });
    const result = await runClone(plan, testDeps());
    assert.ok(!result.ok);
    assert.equal(result.code, 'project-exists');
    assert.deepEqual(await readdir(root.path), ['repo']);
    assert.deepEqual(await readdir(join(root.path, 'repo')), []);
  });

  it("runClone() kills git's whole process group on cancel", async () => {
    const deps = testDeps();
    const children: ChildHandle[] = [];
    const spawn: Spawn = (file, args, options) => {
      const child = deps.spawn(file, args, options);
      children.push(child);
      return child;
    };
    const controller = new AbortController();
    const pending = runClone(planFor('stall', { signal: controller.signal }), { ...deps, spawn });
    const deadline = Date.now() + 60_000;
    while (!git.server.requests.includes('GET /stall.git/info/refs') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    controller.abort();
    const result = await pending;
    assert.ok(!result.ok);
    assert.equal(result.code, 'cancelled');
    const pid = children[0]?.pid;
    assert.ok(pid !== undefined);
    assert.deepEqual(await listLiveGroupMembers(pid), [], 'no live process is left in the group');
    assert.deepEqual(await readdir(root.path), []);
  });

  it('runClone() refuses at once when the project exists, spawning nothing', async () => {
    await mkdir(join(root.path, 'repo'));
    let spawned = 0;
    const deps = testDeps();
    const spawn: Spawn = (file, args, options) => {
      spawned += 1;
      return deps.spawn(file, args, options);
    };
    const result = await runClone(planFor('repo'), { ...deps, spawn });
    assert.ok(!result.ok);
    assert.equal(result.code, 'project-exists');
    assert.equal(spawned, 0);
  });
});
