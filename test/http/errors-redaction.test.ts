import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError, toErrorResponse } from '../../src/http/errors.js';
import { refuseUnknownFields } from '../../src/http/routes/bridge-http.js';

describe('toErrorResponse() redaction', () => {
  it('toErrorResponse() redacts ids and secrets in the message and string details', () => {
    const token = `ghp_${'FAKE'.repeat(9)}`;
    const error = new HttpError(
      'invalid-option',
      `bad url https://u:FAKEpw1@h.invalid for session_01FakeAbCdEf`,
      {
        extra: { detail: `token ${token}`, count: 3 },
      },
    );
    const { body } = toErrorResponse(error);
    assert.deepEqual(body, {
      error: {
        code: 'invalid-option',
        message: 'bad url https://u:<redacted>@h.invalid for session_<redacted>',
        detail: 'token ghp_<redacted>',
        count: 3,
      },
    });
  });

  it('toErrorResponse() redacts a domain error message', () => {
    const error = Object.assign(new Error('bridge env_01FakeAbCdEf not found'), {
      code: 'unknown-bridge',
    });
    assert.equal(toErrorResponse(error).body.error.message, 'bridge env_<redacted> not found');
  });
});

describe('refuseUnknownFields()', () => {
  it('redacts an unknown field name before cutting it, so no part of a token is echoed', () => {
    // Cut first, the name would keep ghp_ + 6 characters: too short for the token rule.
    const name = `${'x'.repeat(29)} ghp_${'A1b2C3d4E5'.repeat(3)}`;
    assert.throws(
      () => refuseUnknownFields({ [name]: 1 }, new Set(['name']), 'name'),
      (error: unknown) => {
        assert.ok(error instanceof HttpError);
        assert.ok(!error.message.includes('A1b2C3'), error.message);
        assert.match(error.message, /ghp_<reda…"/);
        return true;
      },
    );
  });
});
