// POST /api/projects/{name}/adopt: the status codes of each outcome, under /api and /api/v1,
// and the origin gate. The fake claude started "in a terminal" is the bridge to adopt; this
// test process plays a pointer writer that is no bridge.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bridge } from '../../../src/bridges/record.js';
import type { ClausterEvent } from '../../../src/events/bus.js';
import { createApp } from '../../../src/http/app.js';
import type { ProjectView } from '../../../src/projects/project-view.js';
import { createHarnessContext } from '../../support/app-context.js';
import { useBridgeHarnesses } from '../../support/bridge-harness.js';
import { readOwnProcStart, writeBridgePointer } from '../../support/bridge-pointer.js';
import { useOutsideBridges } from '../../support/outside-bridge.js';

const ORIGIN = 'http://127.0.0.1:7621';

type AdoptAnswer = { bridge?: Bridge; error?: { code: string; message: string } };
const createHarness = useBridgeHarnesses();
const startOutside = useOutsideBridges();

async function makeApp(raw: Record<string, unknown> = {}, trusted?: string[]) {
  const h = await createHarness(trusted === undefined ? {} : { trusted });
  const ctx = createHarnessContext(h, raw);
  const events: ClausterEvent[] = [];
  ctx.bus.subscribe((event) => events.push(event));
  const app = createApp(ctx);
  const changes = () => events.filter((e) => e.type === 'projects-changed').length;
  const adopt = async (path: string, origin = ORIGIN) => {
    const res = await app.request(path, { method: 'POST', headers: { origin } });
    return { status: res.status, body: (await res.json()) as AdoptAnswer };
  };
  return { h, app, adopt, changes };
}

describe('POST /api/projects/{name}/adopt', () => {
  it('projectsRoutes() adopts the outside bridge (201) and lists it as the project bridge', async () => {
    const { h, app, adopt, changes } = await makeApp();
    const outside = await startOutside({ home: h.home, cwd: h.app, args: ['remote-control'] });
    const listed = (await (await app.request('/api/projects')).json()) as {
      projects: ProjectView[];
    };
    assert.deepEqual(listed.projects[0]?.external_bridge, { pid: outside.pid, adoptable: true });
    const answer = await adopt('/api/v1/projects/app/adopt');
    assert.equal(answer.status, 201);
    const bridge = answer.body.bridge as Bridge;
    assert.deepEqual([bridge.status, bridge.adopted, bridge.pid], ['running', true, outside.pid]);
    assert.equal(changes(), 1, 'other tabs are told to re-read the project list');
    const after = (await (await app.request('/api/projects')).json()) as {
      projects: ProjectView[];
    };
    assert.equal(after.projects[0]?.external_bridge, null);
    assert.equal(after.projects[0]?.bridge?.id, bridge.id);
    const again = await adopt('/api/projects/app/adopt');
    assert.deepEqual([again.status, again.body.error?.code], [409, 'already-running']);
    assert.equal(changes(), 1, 'a refused adopt changes nothing');
    await h.supervisor.stop(bridge.id);
  });

  it('projectsRoutes() answers 403 bypass-refused for a bypassPermissions bridge over the ceiling', async () => {
    const { h, adopt } = await makeApp();
    const args = ['remote-control', '--permission-mode', 'bypassPermissions'];
    await startOutside({ home: h.home, cwd: h.app, args });
    const answer = await adopt('/api/projects/app/adopt');
    assert.deepEqual([answer.status, answer.body.error?.code], [403, 'bypass-refused']);
    assert.deepEqual(h.supervisor.list(), []);
  });

  it('projectsRoutes() refuses a cross-site POST before adopting anything', async () => {
    const { h, adopt } = await makeApp();
    await startOutside({ home: h.home, cwd: h.app, args: ['remote-control'] });
    const answer = await adopt('/api/projects/app/adopt', 'https://evil.example');
    assert.deepEqual([answer.status, answer.body.error?.code], [403, 'bad-origin']);
    assert.deepEqual(h.supervisor.list(), []);
  });

  it('projectsRoutes() answers 404 for an unknown project and 409 for each refusal', async () => {
    const { h, app, adopt, changes } = await makeApp();
    const unknown = await adopt('/api/projects/nope/adopt');
    assert.deepEqual([unknown.status, unknown.body.error?.code], [404, 'unknown-project']);
    const nothing = await adopt('/api/projects/app/adopt');
    assert.deepEqual([nothing.status, nothing.body.error?.code], [409, 'nothing-to-adopt']);

    await writeBridgePointer(h.home, h.app, { pid: process.pid });
    const listed = (await (await app.request('/api/projects')).json()) as {
      projects: ProjectView[];
    };
    assert.equal(listed.projects[0]?.external_bridge?.adoptable, false);
    assert.match(listed.projects[0]?.external_bridge?.reason ?? '', /ps -o pid,lstart,args/);
    const unverified = await adopt('/api/projects/app/adopt');
    assert.deepEqual([unverified.status, unverified.body.error?.code], [409, 'unverified-bridge']);

    await writeBridgePointer(h.home, h.app, {
      pid: process.pid,
      procStart: await readOwnProcStart(),
    });
    const notBridge = await adopt('/api/projects/app/adopt');
    assert.deepEqual([notBridge.status, notBridge.body.error?.code], [409, 'not-adoptable']);
    assert.deepEqual(h.supervisor.list(), []);
    assert.equal(changes(), 0, 'no refusal tells the tabs anything changed');
  });

  it('projectsRoutes() answers 409 untrusted for an untrusted project, as a start does', async () => {
    const { h, adopt } = await makeApp({}, ['repo']);
    const procStart = await readOwnProcStart();
    await writeBridgePointer(h.home, h.app, { pid: process.pid, procStart });
    const answer = await adopt('/api/projects/app/adopt');
    assert.deepEqual([answer.status, answer.body.error?.code], [409, 'untrusted']);
    assert.match(answer.body.error?.message ?? '', /trust first .*`clauster trust app`/);
    assert.deepEqual(h.supervisor.list(), []);
  });
});
