import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareVersions,
  parseClaudeVersion,
  parsePlainVersion,
} from '../../src/doctor/version-compare.js';

describe('parseClaudeVersion()', () => {
  const cases: [string, readonly number[] | null][] = [
    ['2.1.197 (Claude Code)\n', [2, 1, 197]],
    ['2.1.145 (Claude Code)', [2, 1, 145]],
    ['2.2.0-beta.1 (Claude Code)', [2, 2, 0]],
    ['deadbeef (Claude Code)', null],
    ['2.1 (Claude Code)', null],
    ['2.1.197', null],
    ['Claude Code 2.1.197', null],
    ['', null],
  ];
  for (const [output, expected] of cases) {
    it(`parseClaudeVersion() reads ${JSON.stringify(output)}`, () => {
      assert.deepEqual(parseClaudeVersion(output), expected);
    });
  }
});

describe('parsePlainVersion()', () => {
  it('parsePlainVersion() fills missing parts with 0 and accepts a leading v', () => {
    assert.deepEqual(parsePlainVersion('20.5'), [20, 5, 0]);
    assert.deepEqual(parsePlainVersion('v20.19.1'), [20, 19, 1]);
    assert.equal(parsePlainVersion('>=20'), null);
  });
});

describe('compareVersions()', () => {
  it('compareVersions() compares numerically, not as strings', () => {
    assert.ok(compareVersions([2, 1, 145], [2, 1, 97]) > 0);
    assert.ok(compareVersions([2, 1, 100], [2, 1, 145]) < 0);
    assert.equal(compareVersions([2, 1, 145], [2, 1, 145]), 0);
    assert.ok(compareVersions([3, 0, 0], [2, 99, 99]) > 0);
  });
});
