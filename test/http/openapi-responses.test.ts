// The success bodies /openapi.json documents are the ones the handlers really send: every
// public route is driven for real (the fake claude, a temp HOME, a bridge started, one
// adopted) and each body is parsed with the route's response schema in strict form, so a
// field sent but not documented fails, and so does a documented field no longer sent.
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { issueToken } from '../../src/auth/api-tokens.js';
import { createBridgeResourceSampler } from '../../src/bridges/bridge-resources.js';
import { BRIDGE_ID_RE } from '../../src/bridges/record.js';
import { PROJECT_NAME_RE } from '../../src/config/schema.js';
import { createApp } from '../../src/http/app.js';
import { buildOpenApiDocument, toOpenApiPath } from '../../src/http/openapi-document.js';
import { PUBLIC_ROUTES, type PublicRoute } from '../../src/http/public-api.js';
import { RESPONSE_COMPONENTS } from '../../src/http/public-responses.js';
import { createHarnessContext } from '../support/app-context.js';
import { createTestClock, passwordAuthConfig } from '../support/auth-app.js';
import { type BridgeHarness, useBridgeHarnesses } from '../support/bridge-harness.js';
import { writeBridgePointer } from '../support/bridge-pointer.js';
import { useOutsideBridges } from '../support/outside-bridge.js';
import { toStrictSchema } from '../support/strict-schema.js';
import { assistantLine, userLine, writeTranscript } from '../support/transcript-lines.js';

const createHarness = useBridgeHarnesses();
const startOutside = useOutsideBridges();

type Body = Record<string, unknown>;
type Operation = {
  parameters?: Array<{ name: string; schema: { pattern?: string } }>;
  responses: Record<string, { content?: { 'application/json': { schema: Body } } }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Body> };
};

/** Every object inside `value` (itself included). */
function listObjects(value: unknown, out: Body[] = []): Body[] {
  if (typeof value !== 'object' || value === null) return out;
  if (!Array.isArray(value)) out.push(value as Body);
  for (const item of Object.values(value)) listObjects(item, out);
  return out;
}

function findRoute(operationId: string): PublicRoute {
  const route = PUBLIC_ROUTES.find((r) => r.operationId === operationId);
  assert.ok(route, operationId);
  return route;
}

/** The world: `app` served by an outside bridge, `other` by an unconfirmed one, `repo` used. */
async function makeWorld(h: BridgeHarness): Promise<void> {
  await startOutside({ home: h.home, cwd: h.app, args: ['remote-control'] });
  const other = join(h.projectsRoot, 'other');
  await fsp.mkdir(other);
  await writeBridgePointer(h.home, other, { pid: process.pid });
  await writeTranscript(h.home, h.repo, 'sess-fake-1.jsonl', [
    userLine(),
    assistantLine({ id: 'msg_fake0001' }),
    assistantLine({ id: 'msg_fake0002', model: 'fake-model-unpriced' }),
    'garbled',
  ]);
}

async function makeApp() {
  const h = await createHarness();
  const ctx = createHarnessContext(h, { auth: await passwordAuthConfig() });
  const procStats = h.deps.procStats;
  assert.ok(procStats, 'the node deps read /proc');
  // Wired as src/server.ts wires it.
  ctx.resources = createBridgeResourceSampler(ctx.config.metrics, {
    clock: h.deps.clock,
    procStats,
    bus: ctx.bus,
    listRecords: () => h.supervisor.listRecords(),
  });
  const clock = createTestClock();
  const issued = await issueToken(h.stateDir, { label: 'ci' }, { fs: fsp, clock });
  assert.ok(issued.ok);
  const authorization = `Bearer ${issued.value.token}`;
  const app = createApp(ctx);
  const checked = new Set<string>();
  /** Sends `operationId` under /api/v1, expects its success status, checks the body strictly. */
  const call = async (operationId: string, values: { id?: string; name?: string } = {}) => {
    const route = findRoute(operationId);
    const path = route.path.replace(':id', values.id ?? '').replace(':name', values.name ?? '');
    const response = await app.request(`/api/v1${path}`, {
      method: route.method,
      headers: { authorization },
    });
    const text = await response.text();
    assert.equal(
      response.status,
      Number(Object.keys(route.statuses)[0]),
      `${operationId}: ${text}`,
    );
    checked.add(operationId);
    if (response.status === 204) {
      assert.equal(route.response, undefined, operationId);
      assert.equal(text, '', operationId);
      return {};
    }
    assert.ok(route.response, `${operationId} has a response schema`);
    const parsed = toStrictSchema(route.response).safeParse(JSON.parse(text));
    assert.ok(parsed.success, `${operationId}: ${parsed.error?.message}\n${text}`);
    return JSON.parse(text) as Body;
  };
  return { h, call, checked, close: () => ctx.resources?.close() };
}

describe('the success bodies /openapi.json documents', () => {
  it('every public route answers a body its response schema describes, field for field', async () => {
    const { h, call, checked, close } = await makeApp();
    await makeWorld(h);
    const started = (await call('startBridge', { name: 'repo' })).bridge as Body;
    const id = String(started.id);
    await h.waitForStatus(id, 'running');

    const { projects } = (await call('listProjects')) as { projects: Body[] };
    const byName = new Map(projects.map((p) => [p.name, p]));
    // Nested objects are there to be checked, not null.
    assert.equal((byName.get('repo')?.bridge as Body | null)?.id, id);
    assert.equal((byName.get('app')?.external_bridge as Body | null)?.adoptable, true);
    assert.equal(typeof (byName.get('other')?.external_bridge as Body | null)?.reason, 'string');

    await call('listBridges');
    await call('getBridge', { id });
    const usage = (await call('getProjectUsage', { name: 'repo' })).usage as Body;
    assert.deepEqual(usage.unpriced_models, ['fake-model-unpriced']);
    const metrics = (await call('listBridgeMetrics')).bridges as Record<string, Body>;
    assert.notEqual(metrics[id]?.resources, null, 'the bridge was sampled');
    assert.notEqual((await call('getProjectMetrics', { name: 'repo' })).resources, null);
    await call('getWidget');

    const adopted = (await call('adoptBridge', { name: 'app' })).bridge as Body;
    assert.equal(adopted.adopted, true);
    await call('stopBridge', { id });
    const byProject = (await call('stopProject', { name: 'app' })).bridge as Body;
    assert.equal(byProject.id, adopted.id, "app's live bridge is the adopted one");
    const retry = await call('cancelAutostartRetry', { name: 'app' });
    assert.equal(retry.autostart_cancelled, false, 'no retry was pending');
    const restarted = (await call('restartBridge', { id })).bridge as Body;
    await call('forgetBridge', { id });
    for (const bridge of [restarted, adopted]) await h.supervisor.stop(String(bridge.id));
    close();
    assert.deepEqual([...checked].sort(), PUBLIC_ROUTES.map((r) => r.operationId).sort());
  });

  it('PUBLIC_ROUTES each have a response schema, except the routes that answer 204', () => {
    for (const route of PUBLIC_ROUTES) {
      const success = Number(Object.keys(route.statuses)[0]);
      assert.ok(success >= 200 && success < 300, route.operationId);
      assert.equal(route.response === undefined, success === 204, route.operationId);
    }
  });

  it('buildOpenApiDocument() describes each success body, $refs the shared parts and shapes the ids', () => {
    const doc = buildOpenApiDocument({
      version: '0.0.0-test',
      rootPath: '',
      cookieName: 'c',
    }) as unknown as Document;
    const successes: Body[] = [];
    for (const route of PUBLIC_ROUTES) {
      const op = doc.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()];
      assert.ok(op, route.operationId);
      const success = Object.keys(route.statuses)[0] as string;
      const schema = op.responses[success]?.content?.['application/json'].schema;
      assert.equal(schema === undefined, route.response === undefined, route.operationId);
      if (schema !== undefined) {
        assert.notDeepEqual(schema, { type: 'object' }, route.operationId);
        successes.push(schema);
      }
      for (const parameter of op.parameters ?? []) {
        const rule = { id: BRIDGE_ID_RE, name: PROJECT_NAME_RE }[parameter.name];
        assert.equal(
          parameter.schema.pattern,
          rule?.source,
          `${route.operationId} ${parameter.name}`,
        );
      }
    }
    const { Error: _error, ...components } = doc.components.schemas;
    assert.deepEqual(Object.keys(components), Object.keys(RESPONSE_COMPONENTS));
    const objects = listObjects([components, successes]);
    // Within v1 an answer may gain fields: no response object may forbid them.
    assert.ok(objects.every((o) => o.additionalProperties !== false));
    const refs = new Set(objects.flatMap((o) => (typeof o.$ref === 'string' ? [o.$ref] : [])));
    const named = Object.keys(components).map((id) => `#/components/schemas/${id}`);
    // Each shared part is referred to (not copied inline), and every reference resolves.
    assert.deepEqual([...refs].sort(), named.sort());
  });
});
