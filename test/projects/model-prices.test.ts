import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findModelPrice, parseModelVersion } from '../../src/projects/model-prices.js';

describe('findModelPrice()', () => {
  const cases: [string, number | null, number | null][] = [
    ['claude-opus-4-5-20251101', 5, 25],
    ['claude-opus-4-6', 5, 25],
    ['claude-opus-4-8', 5, 25],
    ['claude-opus-5', 5, 25],
    // A dot is a minor version: 4.5 is 4-5, 4.1 is 4-1 (not Opus 4 at $15).
    ['claude-opus-4.5', 5, 25],
    ['claude-opus-4.5-20251101', 5, 25],
    ['claude-opus-4.1', 15, 75],
    ['claude-sonnet-4.6', 3, 15],
    ['claude-3.5-haiku', 0.8, 4],
    ['claude-opus-4-1-20250805', 15, 75],
    ['claude-opus-4-20250514', 15, 75],
    ['claude-opus-4-0', 15, 75],
    ['claude-sonnet-4-20250514', 3, 15],
    ['claude-sonnet-4-5-20250929', 3, 15],
    ['claude-sonnet-4-5-20250929[1m]', 3, 15],
    ['claude-3-7-sonnet-20250219', 3, 15],
    ['claude-3-5-sonnet-20241022', 3, 15],
    ['claude-haiku-4-5-20251001', 1, 5],
    ['claude-3-5-haiku-20241022', 0.8, 4],
    ['claude-3-haiku-20240307', 0.25, 1.25],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 3, 15],
    ['claude-sonnet-4-5@20250929', 3, 15],
    // Not in the table: never a guess.
    ['claude-3-opus-20240229', null, null],
    ['claude-3-sonnet-20240229', null, null],
    ['claude-sonnet-5', null, null],
    // Unpublished versions: no open range guesses a price.
    ['claude-sonnet-4-9', null, null],
    ['claude-sonnet-4-7', null, null],
    ['claude-opus-4-50', null, null],
    ['claude-opus-4.50', null, null],
    ['claude-opus-4-9', null, null],
    ['claude-opus-4-5.1', null, null],
    ['claude-haiku-4.6', null, null],
    ['claude-opus-5-5', null, null],
    ['claude-haiku-4-6', null, null],
    ['claude-sonnet-40', null, null],
    ['gpt-4o', null, null],
    ['unknown', null, null],
    ['', null, null],
  ];
  for (const [model, input, output] of cases) {
    it(`findModelPrice() prices ${JSON.stringify(model)} at ${input}/${output}`, () => {
      const price = findModelPrice(model);
      if (input === null) {
        assert.equal(price, null);
        return;
      }
      assert.deepEqual(price, {
        input,
        output,
        cache_write: input * 1.25,
        cache_write_1h: input * 2,
        cache_read: input * 0.1,
      });
    });
  }
});

describe('parseModelVersion()', () => {
  it('parseModelVersion() tells a date suffix from a minor version', () => {
    assert.deepEqual(parseModelVersion('claude-opus-4-20250514'), {
      family: 'opus',
      major: 4,
      minor: 0,
    });
    assert.deepEqual(parseModelVersion('claude-opus-4-1-20250805'), {
      family: 'opus',
      major: 4,
      minor: 1,
    });
    assert.deepEqual(parseModelVersion('claude-opus-4.5'), parseModelVersion('claude-opus-4-5'));
    assert.equal(parseModelVersion('<synthetic>'), null);
  });
});
