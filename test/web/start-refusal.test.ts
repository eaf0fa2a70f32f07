// The start dialog's text for a project whose trust was withdrawn outside clauster
// (web/src/start-refusal.ts): the page's own button, not the API route or CLI command.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NOT_TRUSTED_TEXT, untrustedStartText } from '../../web/src/start-refusal.js';

const SERVER_TEXT =
  'project notes: the claude CLI does not trust /srv/code/notes (not-granted); trust first (run `clauster trust notes`, or press Trust… on its card in the dashboard)';

describe('untrustedStartText()', () => {
  it('untrustedStartText() tells the operator to press Trust… on the card', () => {
    const text = untrustedStartText({ code: 'untrusted', message: SERVER_TEXT });
    assert.equal(text, NOT_TRUSTED_TEXT);
    assert.match(String(text), /press Trust… on its card/);
    assert.doesNotMatch(String(text), /POST|clauster trust/);
  });

  it('untrustedStartText() keeps a reason that pressing Trust… may not fix', () => {
    const message = 'project notes: a reason of a newer claude CLI; trust first (…)';
    assert.equal(
      untrustedStartText({ code: 'untrusted', message }),
      `${NOT_TRUSTED_TEXT} (${message})`,
    );
  });

  it('untrustedStartText() leaves every other failure to the usual text', () => {
    for (const failure of [
      { code: 'already-running', message: 'x' },
      { code: 'claude-config-invalid', message: 'project notes: /home/op/.claude.json: …' },
      new Error('untrusted'),
      'untrusted',
      null,
    ]) {
      assert.equal(untrustedStartText(failure), null);
    }
  });
});
