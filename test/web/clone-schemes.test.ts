// The clone dialog's words about accepted URLs (web/src/clone-schemes.ts), from the
// `clone_schemes` field of GET /api/session.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cloneUrlExample,
  describeCloneSchemes,
  readAllowedSchemes,
} from '../../web/src/clone-schemes.js';

describe('readAllowedSchemes()', () => {
  it('readAllowedSchemes() accepts a list of known schemes and nothing else', () => {
    assert.deepEqual(readAllowedSchemes(['https']), ['https']);
    assert.deepEqual(readAllowedSchemes([]), []);
    for (const odd of [undefined, null, 'https', ['https', 'file'], [1]]) {
      assert.equal(readAllowedSchemes(odd), null, JSON.stringify(odd));
    }
  });
});

describe('describeCloneSchemes()', () => {
  it('describeCloneSchemes() names only the schemes the settings accept', () => {
    const both = describeCloneSchemes(['https', 'ssh']);
    assert.match(both, /^Only https and ssh \(.*\) URLs without credentials are accepted\. /);
    const https = describeCloneSchemes(['https']);
    assert.match(https, /^Only https URLs .*\(ssh is turned off in clone\.allowed_schemes\)/);
    const ssh = describeCloneSchemes(['ssh']);
    assert.match(ssh, /^Only ssh .*git@host:owner\/repo\.git.*https is turned off/);
    assert.match(describeCloneSchemes([]), /allowed_schemes in clauster\.yml is empty/);
    assert.doesNotMatch(describeCloneSchemes(null), /https|ssh/);
  });
});

describe('cloneUrlExample()', () => {
  it('cloneUrlExample() shows an scp-style address when https is off', () => {
    assert.match(cloneUrlExample(['ssh']), /^git@/);
    assert.match(cloneUrlExample(['https', 'ssh']), /^https:/);
    assert.match(cloneUrlExample(null), /^https:/);
  });
});
