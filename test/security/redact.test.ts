import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findMaskSpans, maskStripped, redactText } from '../../src/security/redact.js';
import { buildFakeSecrets, leakedPiece } from '../support/fake-secrets.js';
import {
  BENIGN_LINES,
  benignRedaction,
  buildVariants,
  EXACT_CASES,
} from '../support/redact-cases.js';

const SECRETS = buildFakeSecrets();

describe('leakedPiece()', () => {
  it('leakedPiece() finds any 6-character piece of the secret and never the marker', () => {
    assert.equal(leakedPiece('FAKEsecret42', 'kept: Esecre only'), 'Esecre');
    assert.equal(leakedPiece('FAKEsecret42', 'kept: Esecr and t42'), undefined);
    assert.equal(leakedPiece('FAKE1', 'all of FAKE1'), 'FAKE1');
    assert.equal(leakedPiece('redacted99', 'x <redacted> y'), undefined);
  });
});

describe('redactText()', () => {
  for (const secret of SECRETS) {
    it(`redactText() masks ${secret.shape} exactly`, () => {
      assert.equal(redactText(secret.text), secret.expected);
    });
  }

  for (const secret of SECRETS) {
    it(`redactText() masks ${secret.shape} split, fused, coloured and linked`, () => {
      for (const [variant, input] of buildVariants(secret)) {
        const output = redactText(input);
        assert.equal(
          leakedPiece(secret.hidden, output),
          undefined,
          `${variant}: ${JSON.stringify(output)}`,
        );
      }
    });
  }

  for (const [title, input, expected] of EXACT_CASES) {
    it(`redactText() masks ${title}`, () => {
      assert.equal(redactText(input), expected);
    });
  }

  for (const line of BENIGN_LINES) {
    it(`redactText() leaves benign text unchanged: ${JSON.stringify(line.slice(0, 40))}`, () => {
      assert.equal(redactText(line), benignRedaction(line));
    });
  }
});

describe('maskStripped()', () => {
  it('maskStripped() treats removal points as word starts', () => {
    assert.equal(maskStripped('wordenv_01FakeAbCdEf', [4]), 'wordenv_<redacted>');
    assert.equal(maskStripped('wordenv_01FakeAbCdEf', []), 'wordenv_01FakeAbCdEf');
  });
});

describe('findMaskSpans()', () => {
  it('findMaskSpans() returns sorted, merged spans', () => {
    const text = `https://ghp_${'F'.repeat(36)}:pw@h`;
    assert.deepEqual(findMaskSpans(text), [
      [12, 48],
      [49, 51],
    ]);
  });
});
