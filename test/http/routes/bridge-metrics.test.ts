import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Bridge } from '../../../src/bridges/record.js';
import { createResourceSampler } from '../../../src/bridges/resource-sampler.js';
import type { Supervisor } from '../../../src/bridges/supervisor.js';
import { createApp } from '../../../src/http/app.js';
import type { ProcStats } from '../../../src/system/ports.js';
import { createTestContext } from '../../support/app-context.js';
import { useTempDir } from '../../support/temp.js';

const home = useTempDir();

function bridge(id: string, project: string, status: Bridge['status'], pid: number | null): Bridge {
  return { id, project, status, pid, url: null, reason: null, name: null } as Bridge;
}

const BRIDGES = [
  bridge('br-aaaaaaaaaaaa', 'app', 'running', 101),
  bridge('br-bbbbbbbbbbbb', 'app', 'stopped', null),
  bridge('br-cccccccccccc', 'web', 'starting', 202),
];

/** /proc stand-in: each pid is one process of 50 MB whose ticks grow by 40 per read. */
function fakeProcStats(): ProcStats {
  let reads = 0;
  const readOne = async (pid: number) => {
    reads += 1;
    const cpuTicks = reads * 40;
    return [{ pid, startTicks: 1, cpuTicks, rssBytes: 50e6, readBytes: 10, writeBytes: 20 }];
  };
  return {
    ticksPerSecond: async () => 100,
    cpuCount: () => 2,
    readTrees: (roots) => Promise.all(roots.map((r) => readOne(r.pid))),
  };
}

async function openApp(metrics: Record<string, unknown> = {}) {
  const projectsRoot = join(home.path, 'projects');
  await mkdir(join(projectsRoot, 'app'), { recursive: true });
  const ctx = createTestContext({ home: home.path, raw: { projects_root: projectsRoot, metrics } });
  ctx.supervisor = { list: () => BRIDGES } as unknown as Supervisor;
  const clock = { t: 0, now: () => clock.t };
  if (ctx.config.metrics.enabled) {
    ctx.resources = createResourceSampler(
      { pollMs: 4000, normalizeCpu: ctx.config.metrics.normalize_cpu },
      {
        clock,
        procStats: fakeProcStats(),
        liveBridges: () => [
          { id: 'br-aaaaaaaaaaaa', pid: 101, startTicks: 1 },
          { id: 'br-cccccccccccc', pid: 202, startTicks: 1 },
        ],
      },
    );
  }
  return { app: createApp(ctx), clock, close: () => ctx.resources?.close() };
}

type Resources = { cpu_percent: number | null; rss_bytes: number; [field: string]: unknown };
type Body = {
  normalize_cpu: boolean;
  project: string;
  bridges: Record<string, { project: string; status: string; resources: Resources }> & string[];
  resources: Resources;
  error: { code: string; message: string };
};

describe('GET /api/metrics', () => {
  it('GET /api/metrics lists the live bridges with project and resources', async () => {
    const { app, close } = await openApp();
    const response = await app.request('/api/metrics');
    assert.equal(response.status, 200);
    const body = (await response.json()) as Body;
    assert.deepEqual(Object.keys(body.bridges).sort(), ['br-aaaaaaaaaaaa', 'br-cccccccccccc']);
    const app1 = body.bridges['br-aaaaaaaaaaaa'];
    assert.equal(app1?.project, 'app');
    assert.equal(app1?.status, 'running');
    assert.equal(app1?.resources.rss_bytes, 50e6);
    assert.equal(app1?.resources.cpu_percent, null, 'no CPU % before the second poll');
    assert.equal(app1?.resources.disk_read_bytes, 10);
    assert.equal(body.normalize_cpu, false);
    close();
  });

  it('GET /api/metrics shows a CPU % once the previous poll is an interval old', async () => {
    const { app, clock, close } = await openApp();
    await app.request('/api/metrics');
    clock.t += 4000;
    const body = (await (await app.request('/api/metrics')).json()) as Body;
    // 80 ticks (two reads later) in 4 s at 100 ticks/s = 20 % of one core.
    assert.equal(body.bridges['br-aaaaaaaaaaaa']?.resources.cpu_percent, 20);
    close();
  });

  it('GET /api/metrics answers 404 feature-disabled with metrics.enabled false', async () => {
    const { app } = await openApp({ enabled: false });
    for (const path of ['/api/metrics', '/api/projects/app/metrics']) {
      const response = await app.request(path);
      assert.equal(response.status, 404, path);
      const body = (await response.json()) as Body;
      assert.equal(body.error.code, 'feature-disabled');
      assert.match(body.error.message, /metrics\.enabled: false/);
    }
  });
});

describe('GET /api/projects/{name}/metrics', () => {
  it("GET /api/projects/{name}/metrics totals the project's live bridges", async () => {
    const { app, close } = await openApp();
    const response = await app.request('/api/projects/app/metrics');
    assert.equal(response.status, 200);
    const body = (await response.json()) as Body;
    assert.equal(body.project, 'app');
    assert.deepEqual(body.bridges, ['br-aaaaaaaaaaaa']);
    assert.equal(body.resources.rss_bytes, 50e6);
    assert.equal(body.resources.processes, 1);
    close();
  });

  it('GET /api/projects/{name}/metrics answers 404 for an unknown or invalid project', async () => {
    const { app, close } = await openApp();
    for (const name of ['nope', '.hidden', 'a b']) {
      const response = await app.request(`/api/projects/${encodeURIComponent(name)}/metrics`);
      assert.equal(response.status, 404, name);
      assert.equal(((await response.json()) as Body).error.code, 'unknown-project');
    }
    close();
  });
});
