/**
 * Clone jobs end to end: the real service, runner and git against a git smart-HTTPS server on
 * 127.0.0.1. Only the address verdict is injected (git.test → 127.0.0.1): loopback can never
 * be allowed by config. The server's certificate is self-signed for `git.test` and trusted
 * through the runner's test-only `caFile`; git reaches it solely through the
 * `http.curloptResolve` pin, since `git.test` resolves nowhere. Nothing is downgraded to http.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ClausterEvent } from '../../src/events/bus.js';
import type { CheckAddresses } from '../../src/projects/clone-check.js';
import {
  type CloneJob,
  type CloneService,
  type CloneSettings,
  createCloneService,
} from '../../src/projects/clone-jobs.js';
import { createNodeDeps } from '../../src/system/node.js';
import { GIT_TEST_HOST } from '../support/git-https-server.js';
import { useBareRepoServer } from '../support/git-repo-server.js';
import { useTempDir } from '../support/temp.js';

const pinToLoopback: CheckAddresses = async (parsed) =>
  parsed.host === GIT_TEST_HOST
    ? { ok: true, addresses: ['127.0.0.1'] }
    : { ok: false, rule: 'unresolvable', detail: `${parsed.host} is not the test host` };

const REPOS = [{ name: 'repo' }, { name: 'big', randomMb: 4 }];
const git = useBareRepoServer('clauster-clone-srv-', REPOS, {
  throttle: { prefix: '/big.git/', chunkBytes: 32 * 1024, delayMs: 25 },
  stallPrefix: '/stall.git/',
});
const projectsRoot = useTempDir('clauster-clone-root-');

function makeService(overrides: Partial<CloneSettings> = {}) {
  const events: ClausterEvent[] = [];
  const clone: CloneSettings = {
    enabled: true,
    allowed_schemes: ['https'],
    allow_private_hosts: false,
    allowed_private_cidrs: [],
    allowed_ports: [git.server.port],
    timeout_seconds: 120,
    max_mb: 100,
    ...overrides,
  };
  const deps = createNodeDeps({ PATH: process.env.PATH, HOME: projectsRoot.path });
  const service = createCloneService(
    {
      projectsRoot: projectsRoot.path,
      clone,
      publish: (event) => events.push(event),
      checkAddresses: pinToLoopback,
      caFile: git.server.caFile,
    },
    deps,
  );
  return { service, events };
}

function url(repo: string): string {
  return `https://${GIT_TEST_HOST}:${git.server.port}/${repo}.git`;
}

async function startJob(service: CloneService, body: { url: string; name?: string }) {
  const started = await service.start(body);
  assert.ok(started.ok, started.ok ? '' : started.detail);
  return started.value;
}

async function finish(service: CloneService, job: CloneJob): Promise<CloneJob> {
  const done = await service.wait(job.id);
  assert.ok(done);
  assert.notEqual(done.finished_at, null);
  return done;
}

function phasesOf(events: ClausterEvent[]): string[] {
  return events.flatMap((event) =>
    event.type === 'clone' && typeof event.job.phase === 'string' ? [event.job.phase] : [],
  );
}

describe('createCloneService()', () => {
  it('createCloneService() clones over pinned https, streams progress and renames into place', async () => {
    const { service, events } = makeService();
    const job = await startJob(service, { url: url('repo') });
    assert.equal(job.name, 'repo');
    assert.equal(job.url, url('repo'));
    const done = await finish(service, job);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.equal(done.percent, 100);
    assert.equal(await readFile(join(projectsRoot.path, 'repo', 'README.md'), 'utf8'), '# repo\n');
    assert.deepEqual(await readdir(projectsRoot.path), ['repo']);
    const phases = phasesOf(events);
    assert.ok(phases.includes('receiving-objects'), phases.join(','));
    assert.equal(phases.at(-1), 'done');
    assert.ok(git.server.requests.includes('GET /repo.git/info/refs'));
  });

  it('createCloneService() clones under the requested name', async () => {
    const { service } = makeService();
    const done = await finish(service, await startJob(service, { url: url('repo'), name: 'mine' }));
    assert.equal(done.status, 'done', done.error ?? '');
    assert.deepEqual(await readdir(projectsRoot.path), ['mine']);
  });

  it('createCloneService() never overwrites an existing project (project-exists)', async () => {
    const { service } = makeService();
    await mkdir(join(projectsRoot.path, 'repo'));
    const started = await service.start({ url: url('repo') });
    assert.ok(!started.ok);
    assert.equal(started.code, 'project-exists');
    const done = await finish(service, await startJob(service, { url: url('repo'), name: 'r2' }));
    assert.equal(done.status, 'done');
    assert.deepEqual((await readdir(projectsRoot.path)).sort(), ['r2', 'repo']);
    assert.deepEqual(await readdir(join(projectsRoot.path, 'repo')), []);
  });

  it('createCloneService() kills git at clone.timeout_seconds and leaves nothing behind', async () => {
    const { service } = makeService({ timeout_seconds: 2 });
    const done = await finish(service, await startJob(service, { url: url('stall') }));
    assert.equal(done.status, 'failed');
    assert.match(done.error ?? '', /^timeout: /);
    assert.deepEqual(await readdir(projectsRoot.path), []);
  });

  it('createCloneService() kills git past clone.max_mb while it runs and leaves nothing behind', async () => {
    const { service } = makeService({ max_mb: 1 });
    const done = await finish(service, await startJob(service, { url: url('big') }));
    assert.equal(done.status, 'failed');
    assert.match(done.error ?? '', /^too-large: .*clone\.max_mb \(1 MB\) while cloning/);
    assert.deepEqual(await readdir(projectsRoot.path), []);
  });

  it('createCloneService() cancels a running clone and leaves nothing behind', async () => {
    const { service, events } = makeService();
    const job = await startJob(service, { url: url('big') });
    const deadline = Date.now() + 60_000;
    while (!phasesOf(events).includes('receiving-objects') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(service.cancel(job.id));
    const done = await finish(service, job);
    assert.equal(done.status, 'cancelled');
    assert.deepEqual(await readdir(projectsRoot.path), []);
    assert.equal(service.list().find((j) => j.id === job.id)?.status, 'cancelled');
  });

  it('createCloneService() refuses a URL before creating anything', async () => {
    const { service, events } = makeService();
    for (const bad of ['http://git.test/repo.git', 'https://elsewhere.example/repo.git']) {
      const started = await service.start({ url: bad });
      assert.ok(!started.ok);
      assert.equal(started.code, 'clone-refused');
    }
    const started = await service.start({ url: 'file:///etc/passwd' });
    assert.ok(!started.ok);
    assert.match(started.detail, /^scheme: /);
    assert.deepEqual(events, []);
    assert.deepEqual(service.list(), []);
    assert.deepEqual(await readdir(projectsRoot.path), []);
  });

  it('createCloneService() validates the name and depth', async () => {
    const { service } = makeService();
    const badName = await service.start({ url: url('repo'), name: '../escape' });
    assert.ok(!badName.ok);
    assert.equal(badName.code, 'invalid-project-name');
    const badDepth = await service.start({ url: url('repo'), depth: 0 });
    assert.ok(!badDepth.ok);
    assert.equal(badDepth.code, 'invalid-option');
    assert.deepEqual(await readdir(projectsRoot.path), []);
  });
});
