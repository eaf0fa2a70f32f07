import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROJECT_NAME_RE } from '../../src/projects/names.js';
import { PROJECT_NAME_PATTERN, projectNameProblem } from '../../web/src/project-name.js';

const SAMPLES = [
  'app',
  'my.app_2',
  'a',
  'A-b',
  '-x',
  '.hidden',
  '_x',
  'a b',
  'é',
  'a/b',
  '..',
  'x'.repeat(64),
  'x'.repeat(65),
  '',
];

describe('web project-name rule', () => {
  it('the input pattern, compiled as a browser does (anchored, v flag), agrees with the server rule', () => {
    const asBrowser = new RegExp(`^(?:${PROJECT_NAME_PATTERN})$`, 'v');
    for (const name of SAMPLES) {
      assert.equal(asBrowser.test(name), PROJECT_NAME_RE.test(name), JSON.stringify(name));
    }
  });

  it('projectNameProblem() refuses exactly what the server refuses, with a reason', () => {
    for (const name of SAMPLES.filter((n) => n !== '')) {
      assert.equal(projectNameProblem(name) === null, PROJECT_NAME_RE.test(name), name);
    }
    assert.equal(projectNameProblem(''), null);
    assert.match(projectNameProblem('a/b') ?? '', /slash/);
  });
});
