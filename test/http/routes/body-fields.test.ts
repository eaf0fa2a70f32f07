/**
 * Write routes refuse body fields they do not know (a misspelt option must not start a less
 * restricted bridge with the default in its place) and `null` options, naming the field and
 * what the route takes; nothing is started, trusted or adopted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod';
import { createApp } from '../../../src/http/app.js';
import { START_BODY_SCHEMA } from '../../../src/http/public-api.js';
import { bodyFieldsOf } from '../../../src/http/routes/bridge-http.js';
import { createHarnessContext } from '../../support/app-context.js';
import { useBridgeHarnesses } from '../../support/bridge-harness.js';
import { readClaudeJson } from '../../support/fake-claude.js';

const ORIGIN = 'http://127.0.0.1:7621';
const createHarness = useBridgeHarnesses();

function post(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify(body),
  };
}

type Refusal = { error: { code: string; message: string } };

async function makeApp(trusted?: string[]) {
  const h = await createHarness(trusted === undefined ? {} : { trusted });
  return { h, app: createApp(createHarnessContext(h)) };
}

describe('write routes and unknown body fields', () => {
  it('start refuses an unknown or misspelt field and null options with 422, starting nothing', async () => {
    const { app, h } = await makeApp();
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      [
        'a misspelt option',
        { permision_mode: 'plan' },
        /^"permision_mode": unknown field \(did you mean permission_mode\?\); expected only permission_mode, spawn_mode, name, capacity and confirm$/,
      ],
      ['an unknown field', { bogus: 1 }, /^"bogus": unknown field; expected only permission_mode/],
      ['an invisible field name', { 'a\u202eb': 1 }, /^"a\\u202eb": unknown field/],
      [
        'a long field name, cut without splitting an escape',
        { [`${'a'.repeat(36)}\u202eb`]: 1 },
        /^"a{36}…": unknown field;/,
      ],
      [
        'a null permission mode',
        { permission_mode: null },
        /^permission_mode: expected a value, got null; leave the field out/,
      ],
      ['a null capacity', { capacity: null }, /^capacity: expected a value, got null/],
      ['a null name', { name: null }, /^name: expected a value, got null/],
    ];
    for (const [label, body, message] of cases) {
      const response = await app.request('/api/projects/app/start', post(body));
      assert.equal(response.status, 422, label);
      const { error } = (await response.json()) as Refusal;
      assert.equal(error.code, 'invalid-option', label);
      assert.match(error.message, message, label);
    }
    assert.deepEqual(h.supervisor.list(), []);
    const plan = await app.request('/api/projects/app/start', post({ permission_mode: 'plan' }));
    assert.equal(plan.status, 201);
    const { bridge } = (await plan.json()) as { bridge: { id: string; permission_mode: string } };
    assert.equal(bridge.permission_mode, 'plan');
    await h.supervisor.stop(bridge.id);
  });

  it('restart and stop refuse an unknown field with 422 and leave the bridge as it was', async () => {
    const { app, h } = await makeApp();
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    const { id } = started.value;
    const stop = await app.request(`/api/bridges/${id}/stop`, post({ force: true }));
    assert.equal(stop.status, 422);
    const stopError = ((await stop.json()) as Refusal).error;
    assert.match(stopError.message, /^"force": unknown field; expected no body \(or \{\}\)$/);
    assert.notEqual(h.supervisor.get(id)?.status, 'stopped');
    await h.supervisor.stop(id);

    const restart = await app.request(`/api/bridges/${id}/restart`, post({ bogus: true }));
    assert.equal(restart.status, 422);
    const { error } = (await restart.json()) as Refusal;
    assert.equal(error.code, 'invalid-option');
    assert.match(error.message, /^"bogus": unknown field; expected optionally confirm$/);
    const typo = await app.request(`/api/bridges/${id}/restart`, post({ confirn: 'x' }));
    assert.match(((await typo.json()) as Refusal).error.message, /did you mean confirm\?/);
    assert.equal(h.supervisor.list().length, 1);
  });

  it('trust, trust-all and adopt refuse an unknown field before changing anything', async () => {
    const { app, h } = await makeApp([]);
    const before = JSON.stringify(await readClaudeJson(h.home));
    const cases: Array<[string, unknown, number, string]> = [
      ['/api/projects/app/trust', { all: true }, 422, 'invalid-option'],
      ['/api/projects/trust-all', { project: ['app'] }, 400, 'bad-request'],
      ['/api/projects/app/adopt', { force: true }, 422, 'invalid-option'],
    ];
    for (const [path, body, status, code] of cases) {
      const response = await app.request(path, post(body));
      assert.equal(response.status, status, path);
      const { error } = (await response.json()) as Refusal;
      assert.equal(error.code, code, path);
      assert.match(error.message, /unknown field/, path);
    }
    assert.equal(JSON.stringify(await readClaudeJson(h.home)), before);
    const empty = await app.request('/api/projects/app/trust', post({}));
    assert.equal(empty.status, 200);
  });

  it('bodyFieldsOf() takes the fields and the expected text from the schema keys', () => {
    const one = bodyFieldsOf(z.strictObject({ confirm: z.string() }), 'optionally');
    assert.deepEqual([...one.fields], ['confirm']);
    assert.equal(one.expected, 'optionally confirm');
    const three = bodyFieldsOf(z.strictObject({ a: z.int(), b: z.int(), c: z.int() }), 'only');
    assert.deepEqual([...three.fields], ['a', 'b', 'c']);
    assert.equal(three.expected, 'only a, b and c');
    const start = bodyFieldsOf(START_BODY_SCHEMA, 'only');
    assert.deepEqual([...start.fields], Object.keys(START_BODY_SCHEMA.shape));
  });
});
