// The `metrics:` section: defaults, bounds, and the Python sampling window, which still loads
// with one "not implemented; ignored" warning.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema } from '../../src/config/schema.js';
import { useConfigFile } from '../support/config-file.js';

const { load, refusal } = useConfigFile();

describe('configSchema metrics', () => {
  it('configSchema gives metrics the Python defaults', () => {
    assert.deepEqual(configSchema.parse({}).metrics, {
      enabled: true,
      normalize_cpu: false,
      show_disk: true,
      poll_seconds: 4,
    });
  });

  it('configSchema bounds metrics.poll_seconds to 1-300 and accepts fractions', () => {
    const cases: Array<[unknown, boolean]> = [
      [1, true],
      [2.5, true],
      [300, true],
      [0.5, false],
      [301, false],
      ['4', false],
    ];
    for (const [value, accepted] of cases) {
      const parsed = configSchema.safeParse({ metrics: { poll_seconds: value } });
      assert.equal(parsed.success, accepted, String(value));
    }
  });
});

describe('loadConfig() metrics', () => {
  it('loadConfig() warns once for sample_interval_seconds and keeps the other keys', async () => {
    const loaded = await load(
      'metrics:\n  sample_interval_seconds: 0.15\n  poll_seconds: 8\n  show_disk: false\n',
    );
    assert.deepEqual(loaded.warnings, [
      'metrics.sample_interval_seconds: key of the Python Clauster that clauster does not implement; ignored',
    ]);
    assert.equal(loaded.config.metrics.poll_seconds, 8);
    assert.equal(loaded.config.metrics.show_disk, false);
  });

  it('loadConfig() refuses an unknown metrics key, naming it', async () => {
    const message = await refusal('metrics:\n  enabld: false\n');
    assert.match(message, /metrics/);
    assert.match(message, /enabld/);
  });
});
