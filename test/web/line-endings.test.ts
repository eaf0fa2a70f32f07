// CRLF round trip of the CLAUDE.md editor (web/src/line-endings.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toCrlf, usesCrlf } from '../../web/src/line-endings.js';

describe('usesCrlf()', () => {
  it('usesCrlf() is true only when every line break is CRLF', () => {
    assert.equal(usesCrlf('a\r\nb\r\n'), true);
    assert.equal(usesCrlf('a\r\nb\n'), false);
    assert.equal(usesCrlf('a\nb\n'), false);
    assert.equal(usesCrlf('no breaks'), false);
    assert.equal(usesCrlf('lone\rcr'), false);
  });
});

describe('toCrlf()', () => {
  it('toCrlf() gives back the original bytes of a CRLF file read through a textarea', () => {
    const original = '# Rules\r\n\r\nBe kind.\r\n';
    const inTextarea = original.replace(/\r\n/g, '\n');
    assert.equal(toCrlf(inTextarea), original);
    assert.equal(toCrlf('a\r\nb\nc'), 'a\r\nb\r\nc');
    assert.equal(new TextEncoder().encode(toCrlf(inTextarea)).length, 21);
  });
});
