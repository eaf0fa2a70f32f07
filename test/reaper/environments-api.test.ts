import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { EnvironmentsApiError } from '../../src/reaper/api-error.js';
import { createEnvironmentsApi, parseApiBaseUrl } from '../../src/reaper/environments-api.js';
import {
  type FakeEnvironment,
  type FakeEnvironmentsApi,
  startFakeEnvironmentsApi,
} from '../support/fake-environments-api.js';
import { makeEnvId, makeFakeToken } from '../support/reaper-fixture.js';

const CREDENTIALS = { token: makeFakeToken(), expiresAt: null, organizationUuid: 'org-fake-1' };

function bridgeEnvs(count: number): FakeEnvironment[] {
  return Array.from({ length: count }, (_, i) => ({
    id: makeEnvId(i),
    name: `env ${i}`,
    config: { type: 'bridge', directory: `/srv/p/${i}` },
  }));
}

let fake: FakeEnvironmentsApi;
beforeEach(async () => {
  fake = await startFakeEnvironmentsApi(bridgeEnvs(5));
});
afterEach(async () => {
  await fake.close();
});

function client(options: { pageCap?: number; baseUrl?: string } = {}) {
  return createEnvironmentsApi(CREDENTIALS, { baseUrl: fake.url, ...options }, { fetch });
}

async function expectFailure(
  promise: Promise<unknown>,
  failure: string,
): Promise<EnvironmentsApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EnvironmentsApiError, `expected EnvironmentsApiError, got ${error}`);
    assert.equal(error.failure, failure);
    assert.equal(error.code, 'environments-api-failed');
    assert.ok(!error.message.includes(CREDENTIALS.token.slice(0, 7)), 'token leaked');
    return error;
  }
  assert.fail(`expected a ${failure} failure`);
}

describe('parseApiBaseUrl()', () => {
  const cases: [string, boolean][] = [
    ['https://api.anthropic.com', true],
    ['https://api.example.test:8443', true],
    ['http://127.0.0.1:9999', true],
    ['http://127.200.0.1', true],
    ['http://[::1]:80', true],
    ['http://api.anthropic.com', false],
    ['http://localhost:9999', false],
    ['http://10.0.0.1', false],
    ['http://0.0.0.0', false],
    ['http://127.0.0.1.evil.test', false],
    ['ftp://api.anthropic.com', false],
    ['https://user:pw@api.anthropic.com', false],
    ['https://api.anthropic.com?x=1', false],
    ['not a url', false],
  ];
  for (const [url, accepted] of cases) {
    it(`parseApiBaseUrl() ${accepted ? 'accepts' : 'refuses'} ${url}`, () => {
      if (accepted) assert.ok(parseApiBaseUrl(url));
      else
        assert.throws(
          () => parseApiBaseUrl(url),
          (e: unknown) => e instanceof EnvironmentsApiError && e.failure === 'insecure-base-url',
        );
    });
  }
});

describe('createEnvironmentsApi()', () => {
  it('createEnvironmentsApi() refuses http to a non-loopback host before any request', () => {
    assert.throws(
      () => createEnvironmentsApi(CREDENTIALS, { baseUrl: 'http://api.anthropic.com' }, { fetch }),
      /expected https/,
    );
  });

  it('listEnvironments() sends the documented headers', async () => {
    await client().listEnvironments();
    const request = fake.requests[0];
    assert.ok(request);
    assert.equal(request.url, '/v1/environments?limit=100');
    assert.equal(request.headers.authorization, `Bearer ${CREDENTIALS.token}`);
    assert.equal(request.headers['anthropic-version'], '2023-06-01');
    assert.equal(request.headers['anthropic-beta'], 'managed-agents-2026-04-01');
    assert.equal(request.headers['x-organization-uuid'], 'org-fake-1');
    assert.equal(request.headers['content-type'], 'application/json');
  });

  it('listEnvironments() follows next_page across pages', async () => {
    fake.pageSize = 2;
    const envs = await client().listEnvironments();
    assert.deepEqual(
      envs.map((env) => env.id),
      fake.environments.map((env) => env.id),
    );
    assert.equal(fake.requests.length, 3);
    assert.equal(fake.requests[1]?.url, `/v1/environments?limit=100&after_id=${makeEnvId(1)}`);
  });

  it('listEnvironments() stops on a repeated cursor', async () => {
    fake.loopCursor = makeEnvId(0);
    const error = await expectFailure(client().listEnvironments(), 'cursor-loop');
    assert.match(error.message, /repeated a page cursor/);
    assert.equal(fake.requests.length, 2);
  });

  it('listEnvironments() stops at the page cap', async () => {
    fake.pageSize = 1;
    await expectFailure(client({ pageCap: 3 }).listEnvironments(), 'page-cap');
    assert.equal(fake.requests.length, 3);
  });

  const statusCases: [number, string, RegExp][] = [
    [401, 'unauthorized', /401.*fakeTK…/],
    [403, 'forbidden', /403 Forbidden/],
    [429, 'rate-limited', /429 rate limited \(retry after 7 s\)/],
    [500, 'server-error', /server error 500/],
    [503, 'server-error', /server error 503/],
    [400, 'unexpected-status', /unexpected status 400/],
  ];
  for (const [status, failure, message] of statusCases) {
    it(`listEnvironments() reports ${status} as ${failure}`, async () => {
      fake.list = { status };
      const error = await expectFailure(client().listEnvironments(), failure);
      assert.match(error.message, message);
      assert.equal(error.status, status);
    });
  }

  it('listEnvironments() reports malformed JSON', async () => {
    fake.list = 'malformed';
    await expectFailure(client().listEnvironments(), 'malformed-response');
  });

  it('listEnvironments() reports a well-formed answer of the wrong shape', async () => {
    fake.list = { status: 200, body: '{"environments": []}' };
    const error = await expectFailure(client().listEnvironments(), 'malformed-response');
    assert.match(error.message, /data/);
  });

  it('listEnvironments() reports a dropped connection as a network error', async () => {
    fake.list = 'destroy';
    await expectFailure(client().listEnvironments(), 'network');
  });

  it('listEnvironments() reports connection refused as a network error', async () => {
    const dead = await startFakeEnvironmentsApi([]);
    const url = dead.url;
    await dead.close();
    const error = await expectFailure(client({ baseUrl: url }).listEnvironments(), 'network');
    assert.match(error.message, /cannot reach 127\.0\.0\.1/);
  });

  it('archiveEnvironment() posts to /archive and reports done', async () => {
    const id = makeEnvId(1);
    assert.equal(await client().archiveEnvironment(id), 'done');
    assert.equal(fake.requests[0]?.method, 'POST');
    assert.equal(fake.requests[0]?.url, `/v1/environments/${id}/archive`);
  });

  it('deleteEnvironment() sends force=true and reports gone on 404', async () => {
    const id = makeEnvId(2);
    assert.equal(await client().deleteEnvironment(id), 'done');
    assert.equal(fake.requests[0]?.url, `/v1/environments/${id}?force=true`);
    assert.equal(await client().deleteEnvironment(id), 'gone');
  });

  it('deleteEnvironment() throws on 500', async () => {
    fake.remove = { status: 500 };
    await expectFailure(client().deleteEnvironment(makeEnvId(1)), 'server-error');
  });
});
