import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureEditDistance, suggestNearest } from '../../src/config/suggest.js';

describe('measureEditDistance()', () => {
  it('measureEditDistance() counts insertions, deletions and substitutions', () => {
    assert.equal(measureEditDistance('auht', 'auth'), 2);
    assert.equal(measureEditDistance('port', 'port'), 0);
    assert.equal(measureEditDistance('', 'abc'), 3);
  });
});

describe('suggestNearest()', () => {
  it('suggestNearest() offers the closest key and nothing for far-off input', () => {
    assert.equal(suggestNearest('auht', ['auth', 'host', 'port']), 'auth');
    assert.equal(suggestNearest('trusted_ip', ['trusted_ips', 'user_header']), 'trusted_ips');
    assert.equal(suggestNearest('zzzzzzzz', ['auth', 'host']), undefined);
  });
});
