import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkConfig } from '../../src/config/verdict.js';
import { checkWebhookUrls } from '../../src/config/webhook-rules.js';
import { useConfigFile } from '../support/config-file.js';

const { root, deps, load, refusal } = useConfigFile({ lookup: async () => [] });
const TOKEN = 'not-a-real-token-123';

describe('webhooks config', () => {
  it('loadConfig() applies the webhooks defaults', async () => {
    const { config } = await load('port: 7621\n');
    assert.deepEqual(config.webhooks, {
      enabled: false,
      urls: [],
      timeout_seconds: 10,
      block_private_targets: false,
      events: { spawn: true, ready: true, stop: true, crash: true, 'clone-done': false },
    });
  });

  it('loadConfig() accepts http and https webhook URLs with events switched', async () => {
    const { config, warnings } = await load(
      'webhooks:\n  enabled: true\n  urls: ["https://hooks.example.com/a?x=1", "http://10.0.0.5:8080/h"]\n  timeout_seconds: 2.5\n  events:\n    spawn: false\n    clone-done: true\n',
    );
    assert.equal(config.webhooks.urls.length, 2);
    assert.equal(config.webhooks.events.spawn, false);
    assert.equal(config.webhooks.events['clone-done'], true);
    assert.deepEqual(warnings, []);
  });

  it('loadConfig() refuses other schemes and unparsable URLs with secrets masked', async () => {
    const text = await refusal(
      `webhooks:\n  urls:\n    - "ftp://user:${TOKEN}@files.example.com/in?k=${TOKEN}"\n    - "https://hooks.example.com/services/${TOKEN}"\n    - "hooks.example.com/${TOKEN}"\n    - "https://hooks.example.com/x#${TOKEN}"\n`,
    );
    assert.match(
      text,
      /^webhooks\.urls\[0\]: expected an http:\/\/ or https:\/\/ URL, found the URL "ftp:\/\/<redacted>@files\.example\.com\/<redacted>\?<redacted>"$/m,
    );
    assert.doesNotMatch(text, /webhooks\.urls\[1\]/);
    assert.match(
      text,
      /^webhooks\.urls\[2\]: expected an absolute URL .*found the URL "<redacted> \(\d+ characters, no scheme\)"$/m,
    );
    assert.match(
      text,
      /^webhooks\.urls\[3\]: expected a URL without a #fragment, found the URL "https:\/\/hooks\.example\.com\/<redacted>#<redacted>"$/m,
    );
    assert.ok(!text.includes(TOKEN), text);
  });

  it('loadConfig() refuses credentials in a webhook URL (fetch never sends them) without echoing them', async () => {
    const text = await refusal(
      `webhooks:\n  urls:\n    - "https://hook:${TOKEN}@hooks.example.com/in"\n`,
    );
    assert.match(
      text,
      /^webhooks\.urls\[0\]: expected a URL without user:password@ .*found the URL "https:\/\/<redacted>@hooks\.example\.com\/<redacted>"$/m,
    );
    assert.ok(!text.includes(TOKEN), text);
  });

  it('loadConfig() never echoes a URL given where a list belongs', async () => {
    const text = await refusal(`webhooks:\n  urls: "https://hooks.example.com/${TOKEN}"\n`);
    assert.match(text, /^webhooks\.urls: expected a list, found <redacted>$/m);
  });

  it('loadConfig() refuses a timeout over 60 s and an unknown event', async () => {
    const text = await refusal('webhooks:\n  timeout_seconds: 61\n  events:\n    explode: true\n');
    assert.match(text, /^webhooks\.timeout_seconds: expected a value <= 60/m);
    assert.match(text, /^webhooks\.events\.explode: expected a known key/m);
  });

  it('loadConfig() ignores bg-settled and permission-needed with one warning each', async () => {
    const { config, warnings } = await load(
      'webhooks:\n  events:\n    bg-settled: true\n    permission-needed: false\n    crash: false\n',
    );
    assert.equal(config.webhooks.events.crash, false);
    assert.deepEqual(warnings, [
      'webhooks.events.bg-settled: key of the Python Clauster that clauster does not implement; ignored',
      'webhooks.events.permission-needed: key of the Python Clauster that clauster does not implement; ignored',
    ]);
  });

  it('checkConfig() warns when webhooks are enabled without any URL', async () => {
    const path = join(root.path, 'c.yml');
    await writeFile(path, 'webhooks:\n  enabled: true\n');
    const verdict = await checkConfig({ cwd: root.path, configPath: path }, deps());
    assert.equal(verdict.ok, true);
    assert.deepEqual(verdict.warnings, [
      'webhooks.enabled is true but webhooks.urls is empty: no webhook will be sent',
    ]);
  });

  it('checkConfig() warns about an http:// target off this machine, never about loopback', async () => {
    const path = join(root.path, 'c.yml');
    const urls = [
      `http://hooks.example.com:8080/in/${TOKEN}`,
      `https://hooks.example.com/in/${TOKEN}`,
      'http://127.0.0.1:9000/in',
      'http://localhost/in',
    ];
    await writeFile(path, `webhooks:\n  urls: ${JSON.stringify(urls)}\n`);
    const verdict = await checkConfig({ cwd: root.path, configPath: path }, deps());
    assert.equal(verdict.ok, true);
    assert.deepEqual(verdict.warnings, [
      'webhooks.urls[0]: http://hooks.example.com:8080 is http://, so the URL (and any token in it) and the payload travel unencrypted; use https://',
    ]);
  });
});

describe('checkWebhookUrls()', () => {
  it('checkWebhookUrls() names the index of each bad entry', () => {
    const problems = checkWebhookUrls(['https://a.example', 'javascript:alert(1)', 'http://']);
    assert.deepEqual(
      problems.map((p) => p.path),
      ['webhooks.urls[1]', 'webhooks.urls[2]'],
    );
  });
});
