import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkProjectName, isProjectDirName } from '../../src/projects/names.js';

describe('checkProjectName()', () => {
  const cases: Array<[unknown, boolean]> = [
    ['app', true],
    ['My-App_2.0', true],
    ['a'.repeat(64), true],
    ['a'.repeat(65), false],
    ['', false],
    ['../etc', false],
    ['..', false],
    ['.', false],
    ['a/b', false],
    ['a\\b', false],
    ['a..b', false],
    ['.hidden', false],
    ['-rf', false],
    ['_x', false],
    ['a b', false],
    ['a\u0000b', false],
    ['café', false],
    [42, false],
    [null, false],
  ];
  for (const [input, accepted] of cases) {
    it(`checkProjectName() ${accepted ? 'accepts' : 'refuses'} ${JSON.stringify(input)}`, () => {
      const result = checkProjectName(input);
      assert.equal(result.ok, accepted);
      if (!result.ok) assert.equal(result.code, 'invalid-project-name');
    });
  }

  it('checkProjectName() names the field and never echoes control characters raw', () => {
    const result = checkProjectName('a\u001b[31mb/c');
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.match(result.detail, /^project name /);
      assert.ok(!result.detail.includes('\u001b'));
    }
  });

  it('checkProjectName() shows removed characters escaped, so the value never looks valid', () => {
    const cases: Array<[string, string]> = [
      ['\u202eapp', 'project name "\\u202eapp": must not contain a control or invisible character'],
      ['a\u200bb', 'project name "a\\u200bb": must not contain a control or invisible'],
      ['app\u0000', 'project name "app\\u0000": must not contain a control or invisible character'],
      ['app\u0085', 'project name "app\\u0085": must not contain a control or invisible'],
      ['app\n', 'project name "app\\n": must not contain a control or invisible'],
      ['app\u{1f600}', 'project name "app\u{1f600}": expected 1–64 characters'],
    ];
    for (const [input, start] of cases) {
      const result = checkProjectName(input);
      assert.ok(!result.ok && result.detail.startsWith(start), `${JSON.stringify(input)}`);
    }
  });
});

describe('isProjectDirName()', () => {
  it('isProjectDirName() skips hidden and clone temp directories', () => {
    assert.equal(isProjectDirName('web'), true);
    assert.equal(isProjectDirName('.git'), false);
    assert.equal(isProjectDirName('.clone-tmp-abc'), false);
    assert.equal(isProjectDirName('node modules'), false);
  });
});
