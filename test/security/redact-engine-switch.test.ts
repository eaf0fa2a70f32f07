import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { redactText, redactTextJs, setNativeRedactor } from '../../src/security/redact.js';

const LINE = 'connected session_FAKEx1Y2z3x1Y2z3 ok';

describe('setNativeRedactor()', () => {
  afterEach(() => setNativeRedactor(null));

  it('redactText() returns the native answer when the engine answers', () => {
    const seen: string[] = [];
    setNativeRedactor((input) => {
      seen.push(input);
      return 'from the native engine';
    });
    assert.equal(redactText(LINE), 'from the native engine');
    assert.deepEqual(seen, [LINE]);
  });

  it('redactText() falls back to the JS engine when the native one declines (undefined)', () => {
    let calls = 0;
    setNativeRedactor(() => {
      calls += 1;
      return undefined;
    });
    assert.equal(redactText(LINE), 'connected session_<redacted> ok');
    assert.equal(calls, 1);
  });

  it('setNativeRedactor(null) puts the JS engine back', () => {
    setNativeRedactor(() => 'native');
    setNativeRedactor(null);
    assert.equal(redactText(LINE), redactTextJs(LINE));
  });

  it('redactTextJs() ignores the installed engine', () => {
    setNativeRedactor(() => 'native');
    assert.equal(redactTextJs(LINE), 'connected session_<redacted> ok');
  });
});
