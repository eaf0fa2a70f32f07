import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError, STATUS_BY_CODE, toErrorResponse } from '../../src/http/errors.js';

class FakeDomainError extends Error {
  readonly code = 'already-running';
}

describe('toErrorResponse()', () => {
  it('toErrorResponse() maps an HttpError through the table, with extra fields and headers', () => {
    const error = new HttpError('throttled', 'too many attempts', {
      headers: { 'Retry-After': '30' },
      extra: { retry_after_seconds: 30 },
    });
    assert.deepEqual(toErrorResponse(error), {
      status: 429,
      headers: { 'Retry-After': '30' },
      body: { error: { code: 'throttled', message: 'too many attempts', retry_after_seconds: 30 } },
    });
  });

  it('toErrorResponse() maps a domain error by its code', () => {
    const response = toErrorResponse(new FakeDomainError('bridge already running'));
    assert.equal(response.status, 409);
    assert.deepEqual(response.body, {
      error: { code: 'already-running', message: 'bridge already running' },
    });
  });

  it('toErrorResponse() hides the message of unknown and 5xx errors', () => {
    const secretish = new Error('ENOENT /home/someone/.claude.json token=abc');
    for (const error of [
      secretish,
      Object.assign(new Error('x /etc/passwd'), { code: 'EACCES' }),
      'str',
      null,
    ]) {
      const response = toErrorResponse(error);
      assert.equal(response.status, 500);
      assert.deepEqual(response.body, { error: { code: 'internal', message: 'internal error' } });
    }
    const unavailable = toErrorResponse(new HttpError('unavailable', 'db at /secret/path down'));
    assert.deepEqual(unavailable.body, {
      error: { code: 'unavailable', message: 'service unavailable' },
    });
  });

  it('toErrorResponse() lets the extra fields never override code and message', () => {
    const response = toErrorResponse(
      new HttpError('bad-request', 'nope', { extra: { code: 'x', message: 'y' } }),
    );
    assert.deepEqual(response.body.error, { code: 'bad-request', message: 'nope' });
  });

  it('STATUS_BY_CODE covers the contract codes', () => {
    const expected: Record<string, number> = {
      'bad-credentials': 401,
      throttled: 429,
      'already-running': 409,
      untrusted: 409,
      'max-bridges': 409,
      'bypass-refused': 403,
      'unknown-project': 404,
      'invalid-option': 422,
      'no-url': 409,
    };
    for (const [code, status] of Object.entries(expected))
      assert.equal(STATUS_BY_CODE[code], status, code);
  });
});
