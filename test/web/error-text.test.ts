// Failure text of the dashboard (web/src/error-text.ts): a plain sentence per code, the
// server's detail only where it adds something, and the next step for a taken folder name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFailure } from '../../web/src/error-text.js';

describe('describeFailure()', () => {
  it('describeFailure() says a session end in one sentence, without the 401 body', () => {
    const text = describeFailure({
      code: 'unauthenticated',
      message: 'authentication required',
      status: 401,
    });
    assert.equal(text, 'Your session has ended. Please log in again.');
  });

  it('describeFailure() tells what to change when the folder name is taken', () => {
    for (const message of [
      'project widgets already exists; it is never overwritten',
      'a clone into widgets is already running',
    ]) {
      const text = describeFailure({ code: 'project-exists', message, status: 409 });
      assert.match(text, /^That folder name is taken\. [A-Z].*widgets.*\. /);
      assert.match(text, /Type a different Folder name and try again\.$/);
    }
  });

  it('describeFailure() keeps the server detail that adds something, after the plain sentence', () => {
    const text = describeFailure({
      code: 'invalid-option',
      message: 'capacity: expected 1-1000',
      status: 400,
    });
    assert.equal(text, 'One of the options is not valid. capacity: expected 1-1000');
  });

  it('describeFailure() falls back to the server text, then the status, for unknown codes', () => {
    assert.equal(describeFailure({ code: 'x-new', message: 'odd', status: 418 }), 'odd');
    assert.equal(
      describeFailure({ code: 'x-new', message: '', status: 418 }),
      'Request failed (418).',
    );
  });
});
