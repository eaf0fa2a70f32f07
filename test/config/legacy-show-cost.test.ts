import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripLegacyKeys } from '../../src/config/legacy-keys.js';

describe('stripLegacyKeys() and usage.show_cost', () => {
  it('stripLegacyKeys() reads usage.show_cost: false as usage.mode: tokens, with the warning', () => {
    const { raw, warnings } = stripLegacyKeys({ usage: { show_cost: false, currency: 'EUR' } });
    assert.deepEqual(raw, { usage: { currency: 'EUR', mode: 'tokens' } });
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0] ?? '',
      /^usage\.show_cost: deprecated .*use usage\.mode \(read as usage\.mode: tokens\)$/,
    );
  });

  it('stripLegacyKeys() leaves a usage.mode set in the file alone', () => {
    const { raw, warnings } = stripLegacyKeys({ usage: { show_cost: false, mode: 'cost' } });
    assert.deepEqual(raw, { usage: { mode: 'cost' } });
    assert.doesNotMatch(warnings[0] ?? '', /read as/);
  });

  it('stripLegacyKeys() drops usage.show_cost: true without setting a mode', () => {
    const source = { usage: { show_cost: true } };
    const { raw } = stripLegacyKeys(source);
    assert.deepEqual(raw, { usage: {} });
    assert.deepEqual(source, { usage: { show_cost: true } });
  });
});
