// The `notifications:` section: its defaults, strict types, and the Python original's Apprise
// keys, which still load with one "not implemented; ignored" warning each.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema } from '../../src/config/schema.js';
import { useConfigFile } from '../support/config-file.js';

const { load, refusal } = useConfigFile();

describe('configSchema notifications', () => {
  it('configSchema gives notifications the Python defaults (browser off, crash on)', () => {
    assert.deepEqual(configSchema.parse({}).notifications, {
      browser_enabled: false,
      notify_on_crash: true,
      notify_on_ready: false,
      notify_on_stop: false,
    });
  });

  it('configSchema keeps explicit notification switches', () => {
    const config = configSchema.parse({
      notifications: { browser_enabled: true, notify_on_crash: false, notify_on_ready: true },
    });
    assert.equal(config.notifications.browser_enabled, true);
    assert.equal(config.notifications.notify_on_crash, false);
    assert.equal(config.notifications.notify_on_ready, true);
    assert.equal(config.notifications.notify_on_stop, false);
  });
});

describe('loadConfig() notifications', () => {
  it('loadConfig() warns once for each Apprise-only key and keeps the browser switches', async () => {
    const loaded = await load(
      [
        'notifications:',
        '  enabled: true',
        '  urls: ["json://127.0.0.1/hook"]',
        '  browser_enabled: true',
        '  notify_on_stop: true',
        '  notify_on_permission: true',
        '  notify_on_session_end: false',
        '  notify_on_reconnect_failed: true',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      loaded.warnings.map((w) => w.split(':')[0]),
      [
        'notifications.enabled',
        'notifications.urls',
        'notifications.notify_on_permission',
        'notifications.notify_on_session_end',
        'notifications.notify_on_reconnect_failed',
      ],
    );
    for (const warning of loaded.warnings) assert.match(warning, /does not implement; ignored$/);
    assert.equal(loaded.config.notifications.browser_enabled, true);
    assert.equal(loaded.config.notifications.notify_on_stop, true);
    assert.equal(loaded.config.notifications.notify_on_crash, true);
  });

  it('loadConfig() refuses a quoted boolean and an unknown notifications key', async () => {
    const message = await refusal(
      'notifications:\n  browser_enabled: "yes"\n  notify_on_crsh: true\n',
    );
    assert.match(
      message,
      /^notifications\.browser_enabled: expected a boolean, found the string "yes"$/m,
    );
    assert.match(message, /^notifications\.notify_on_crsh: .*did you mean `notify_on_crash`/m);
  });
});
