import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';
import { useWebhookReceiver } from '../support/webhook-receiver.js';

const home = useTempDir();
const TOKEN = 'not-a-real-token-456';

async function writeConfig(urls: string[], extra = ''): Promise<string> {
  const path = join(home.path, 'c.yml');
  const list = urls.map((u) => `    - "${u}"\n`).join('');
  const body = urls.length === 0 ? '  urls: []\n' : `  urls:\n${list}`;
  await writeFile(path, `instance_name: lab\nwebhooks:\n  enabled: true\n${body}${extra}`);
  return path;
}

describe('runWebhookTest()', () => {
  const receiver = useWebhookReceiver();

  it('runWebhookTest() sends one test payload per URL and exits 0 when all answer 2xx', async () => {
    const path = await writeConfig([`${receiver.origin}/ok/a?token=${TOKEN}`]);
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['webhook-test', '-c', path], t.io), 0, t.stderr());
    assert.equal(t.stdout(), `ok      ${receiver.origin}  HTTP 204\n`);
    assert.equal(receiver.requests.length, 1);
    const body = JSON.parse(receiver.requests[0]?.body ?? '{}');
    assert.equal(body.event, 'test');
    assert.equal(body.instance, 'lab');
    assert.match(receiver.requests[0]?.headers['user-agent'] ?? '', /^clauster\/\d+\.\d+\.\d+/);
  });

  it('runWebhookTest() exits 1 when any target fails and never prints path or query', async () => {
    const path = await writeConfig([
      `${receiver.origin}/ok/b?token=${TOKEN}`,
      `${receiver.origin}/fail/${TOKEN}`,
    ]);
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['webhook-test', '-c', path, '--json'], t.io), 1);
    const out = JSON.parse(t.stdout());
    assert.deepEqual(out, {
      ok: false,
      results: [
        { target: receiver.origin, outcome: 'ok', detail: 'HTTP 204' },
        { target: receiver.origin, outcome: 'failed', detail: 'HTTP 500' },
      ],
    });
    assert.ok(!`${t.stdout()}${t.stderr()}`.includes(TOKEN));
  });

  it('runWebhookTest() applies block_private_targets (refused, exit 1, nothing sent)', async () => {
    const path = await writeConfig([`${receiver.origin}/ok`], '  block_private_targets: true\n');
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['webhook-test', '-c', path], t.io), 1);
    assert.match(t.stdout(), /^refused +http:\/\/127\.0\.0\.1:\d+ +refused-private: loopback/);
    assert.equal(receiver.requests.length, 0);
  });

  it('runWebhookTest() exits 2 when there is no URL to send to', async () => {
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['webhook-test', '-c', await writeConfig([])], t.io), 2);
    assert.match(t.stderr(), /webhooks\.urls is empty/);
  });

  it('runWebhookTest() exits 2 for a refused config and masks the URL', async () => {
    const path = await writeConfig([`gopher://user:${TOKEN}@h.example/x`]);
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['webhook-test', '-c', path], t.io), 2);
    assert.match(
      t.stderr(),
      /refused: webhooks\.urls\[0\]: expected an http:\/\/ or https:\/\/ URL/,
    );
    assert.ok(!t.stderr().includes(TOKEN));
  });

  it('runWebhookTest() exits 2 for an unknown option', async () => {
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['webhook-test', '--bogus'], t.io), 2);
  });
});
