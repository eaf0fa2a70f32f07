import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSavedSpawnMode, resolveUnflaggedSpawnMode } from '../../src/claude/spawn-mode.js';

const DIR = '/srv/projects/app';

function configWith(entry: unknown, key = DIR): Record<string, unknown> {
  return { projects: { [key]: entry } };
}

describe('readSavedSpawnMode()', () => {
  const cases: Array<[string, Record<string, unknown> | null, string | null]> = [
    ['worktree', configWith({ remoteControlSpawnMode: 'worktree' }), 'worktree'],
    ['same-dir', configWith({ remoteControlSpawnMode: 'same-dir' }), 'same-dir'],
    ['a key with a trailing slash', configWith({ remoteControlSpawnMode: 'worktree' }), 'worktree'],
    ['an unknown value', configWith({ remoteControlSpawnMode: 'session' }), null],
    ['a non-string value', configWith({ remoteControlSpawnMode: 1 }), null],
    [
      'no entry for the directory',
      configWith({ remoteControlSpawnMode: 'worktree' }, '/srv'),
      null,
    ],
    ['a project entry that is not an object', configWith('worktree'), null],
    ['projects that is not an object', { projects: ['worktree'] }, null],
    ['an unusable config', null, null],
  ];
  for (const [title, config, expected] of cases) {
    it(`readSavedSpawnMode() reads ${expected} for ${title}`, () => {
      const dir = title === 'a key with a trailing slash' ? `${DIR}/` : DIR;
      assert.equal(readSavedSpawnMode(config, dir), expected);
    });
  }

  it('readSavedSpawnMode() ignores an inherited projects key', () => {
    const config = Object.create({ projects: configWith({ remoteControlSpawnMode: 'worktree' }) });
    assert.equal(readSavedSpawnMode(config, DIR), null);
  });
});

describe('resolveUnflaggedSpawnMode()', () => {
  const saved = configWith({ remoteControlSpawnMode: 'worktree' });
  it('resolveUnflaggedSpawnMode() keeps a saved worktree in a git repository', () => {
    assert.equal(resolveUnflaggedSpawnMode(saved, DIR, true), 'worktree');
  });
  it('resolveUnflaggedSpawnMode() falls back to same-dir for worktree outside git', () => {
    assert.equal(resolveUnflaggedSpawnMode(saved, DIR, false), 'same-dir');
  });
  it('resolveUnflaggedSpawnMode() is same-dir when nothing is saved', () => {
    assert.equal(resolveUnflaggedSpawnMode({}, DIR, true), 'same-dir');
  });
});
