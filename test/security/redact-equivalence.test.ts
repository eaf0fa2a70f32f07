// The optimised redactor (candidate scanner, clean-line fast path, cache of escape-bearing
// lines) must give exactly the output of the straightforward reference implementation in
// test/support/redact-reference.ts, for generated lines mixing secrets of every shape,
// escape sequences, invisible characters, rule anchors in benign and hostile contexts, and
// arbitrary UTF-16.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readCuts, stripText } from '../../src/security/control-strip.js';
import { findMaskSpans, isRedactionCached, redactText } from '../../src/security/redact.js';
import { lineArb } from '../support/redact-arbitraries.js';
import { referenceRedact, referenceSpans } from '../support/redact-reference.js';

describe('redactText() equivalence with the reference', () => {
  it('redactText() equals the reference redaction for generated lines', () => {
    fc.assert(
      fc.property(lineArb, (line) => {
        assert.equal(redactText(line), referenceRedact(line), JSON.stringify(line));
      }),
      { numRuns: 4000 },
    );
  });

  it('redactText() equals the reference on repeated lines (cached results stay exact)', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), (lines) => {
        for (let round = 0; round < 3; round += 1) {
          for (const line of lines) assert.equal(redactText(line), referenceRedact(line));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('findMaskSpans() equals the reference spans with removal points', () => {
    fc.assert(
      fc.property(lineArb, (line) => {
        const text = stripText(line);
        const cuts = readCuts(line);
        assert.deepEqual(findMaskSpans(text, cuts), referenceSpans(text, cuts));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('redactText() cache', () => {
  const ESC_ = '\x1b';
  it('redactText() caches a benign status redraw and returns the same result', () => {
    const line = `${ESC_}[1A${ESC_}[J${ESC_}[33m·/·${ESC_}[39m Reconnecting · retrying in 4.1s`;
    const first = redactText(line);
    assert.equal(isRedactionCached(line), true);
    assert.equal(redactText(line), first);
  });

  it('redactText() never keeps a raw line that had something masked or a control string', () => {
    const lines = [
      `${ESC_}[32mConnected${ESC_}[39m env_01FakeAbCdEfGh`,
      `${ESC_}[1mtoken=FAKEFAKEFAKE${ESC_}[0m`,
      `see ${ESC_}]8;;https://example.invalid/FAKE-target\x07link${ESC_}]8;;\x07`,
      `${ESC_}P1$rFAKE${ESC_}\\ plain`,
      '\x9d0;FAKE title\x07 plain',
    ];
    for (const line of lines) {
      redactText(line);
      redactText(line);
      assert.equal(isRedactionCached(line), false, JSON.stringify(line));
    }
  });
});
