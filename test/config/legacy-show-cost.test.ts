import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripLegacyKeys } from '../../src/config/legacy-keys.js';

describe('stripLegacyKeys() and usage.show_cost', () => {
  it('stripLegacyKeys() reads usage.show_cost: false as usage.mode: tokens, and says so', () => {
    const { raw, warnings } = stripLegacyKeys({ usage: { show_cost: false, currency: 'EUR' } });
    assert.deepEqual(raw, { usage: { currency: 'EUR', mode: 'tokens' } });
    assert.deepEqual(warnings, [
      'usage.show_cost: deprecated key of the Python Clauster: read as usage.mode: tokens; write usage.mode instead (clauster config reconcile does it)',
    ]);
  });

  it('stripLegacyKeys() leaves a usage.mode set in the file alone, and says show_cost is ignored', () => {
    const { raw, warnings } = stripLegacyKeys({ usage: { show_cost: false, mode: 'cost' } });
    assert.deepEqual(raw, { usage: { mode: 'cost' } });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /; ignored because usage\.mode is set; delete it /);
    assert.doesNotMatch(warnings[0] ?? '', /read as/);
  });

  it('stripLegacyKeys() reads usage.show_cost: true as the default usage.mode: cost', () => {
    const source = { usage: { show_cost: true } };
    const { raw, warnings } = stripLegacyKeys(source);
    assert.deepEqual(raw, { usage: {} });
    assert.deepEqual(source, { usage: { show_cost: true } });
    assert.match(warnings[0] ?? '', /: read as usage\.mode: cost; write usage\.mode instead/);
  });

  it('stripLegacyKeys() says a show_cost that is not a boolean is ignored, never "read as"', () => {
    const { raw, warnings } = stripLegacyKeys({ usage: { show_cost: 'yes' } });
    assert.deepEqual(raw, { usage: {} });
    assert.match(
      warnings[0] ?? '',
      /; ignored \(expected true or false\); set usage\.mode instead/,
    );
  });

  it('stripLegacyKeys() never says "ignored" and "read as" in one warning', () => {
    for (const usage of [{ show_cost: false }, { show_cost: true }, { show_cost: 1 }]) {
      for (const warning of stripLegacyKeys({ usage }).warnings) {
        assert.equal(/ignored/.test(warning) && /read as/.test(warning), false, warning);
      }
    }
  });
});
