import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isFailedStatus,
  parseWholeNumberFlag,
  waitForOutcome,
} from '../../src/cli/launch-outcome.js';
import type { Fetch } from '../../src/system/ports.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();
const target = { url: 'http://127.0.0.1:1', token: null, answerWithinMs: 60_000 };
const starting = {
  id: 'br-aaaabbbbcccc',
  project: 'app',
  status: 'starting',
  url: null,
  reason: null,
};

// A dashboard whose bridge never leaves `starting`; counts the polls.
function createStartingFetch(): { fetch: Fetch; polls(): number } {
  let polls = 0;
  const fetch: Fetch = async () => {
    polls += 1;
    return new Response(JSON.stringify({ bridge: starting }));
  };
  return { fetch, polls: () => polls };
}

describe('parseWholeNumberFlag()', () => {
  it('parseWholeNumberFlag() takes whole numbers in range and names the flag and range otherwise', () => {
    const flag = { flag: '--wait', min: 0, max: 86_400 };
    assert.deepEqual(parseWholeNumberFlag({ ...flag, raw: undefined }), {
      ok: true,
      value: undefined,
    });
    assert.deepEqual(parseWholeNumberFlag({ ...flag, raw: '0' }), { ok: true, value: 0 });
    assert.deepEqual(parseWholeNumberFlag({ ...flag, raw: '86400' }), { ok: true, value: 86_400 });
    for (const raw of ['86401', '1.5', '', ' 3', '1e3', '99999999999999999999']) {
      const parsed = parseWholeNumberFlag({ ...flag, raw });
      assert.equal(parsed.ok, false, raw);
      if (!parsed.ok) {
        const detail = `--wait ${JSON.stringify(raw)}: expected a whole number from 0 to 86400`;
        assert.equal(parsed.detail, detail);
      }
    }
  });
});

describe('isFailedStatus()', () => {
  it('isFailedStatus() is true for crashed, error and stopped only', () => {
    for (const [status, failed] of [
      ['crashed', true],
      ['error', true],
      ['stopped', true],
      ['starting', false],
      ['running', false],
    ] as const) {
      assert.equal(isFailedStatus(status), failed, status);
    }
  });
});

describe('waitForOutcome()', () => {
  it('waitForOutcome() polls until the wait is over when the bridge stays starting', async () => {
    const dashboard = createStartingFetch();
    const t = createTestIo({ home: home.path, deps: { fetch: dashboard.fetch } });
    const bridge = await waitForOutcome(target, starting, { seconds: 0.6 }, t.io);
    assert.equal(bridge.status, 'starting');
    assert.ok(dashboard.polls() >= 2, `${dashboard.polls()} polls`);
  });

  it('waitForOutcome() stops polling at once when its signal aborts', async () => {
    const dashboard = createStartingFetch();
    const t = createTestIo({ home: home.path, deps: { fetch: dashboard.fetch } });
    const controller = new AbortController();
    const wait = waitForOutcome(target, starting, { seconds: 60, signal: controller.signal }, t.io);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const begun = Date.now();
    controller.abort();
    await assert.rejects(wait);
    assert.ok(Date.now() - begun < 100, 'the pending pause ended with the signal');
    const polls = dashboard.polls();
    assert.ok(polls >= 1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(dashboard.polls(), polls);
  });
});
