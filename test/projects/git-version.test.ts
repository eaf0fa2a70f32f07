import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandOutput } from '../../src/doctor/command-output.js';
import {
  checkGitPinning,
  type GitVersionReading,
  isPinningGit,
  parseGitVersion,
  readGitVersion,
} from '../../src/projects/git-version.js';

function output(stdout: string, extra: Partial<CommandOutput> = {}): CommandOutput {
  return { exitCode: 0, signal: null, spawnError: null, stdout, ...extra };
}

describe('parseGitVersion()', () => {
  const parsed: ReadonlyArray<readonly [string, [number, number, number], string]> = [
    ['git version 2.39.5\n', [2, 39, 5], '2.39.5'],
    ['git version 2.34.1\n', [2, 34, 1], '2.34.1'],
    ['git version 2.39.3 (Apple Git-146)\n', [2, 39, 3], '2.39.3 (Apple Git-146)'],
    ['git version 2.45.1.windows.1\r\n', [2, 45, 1], '2.45.1.windows.1'],
    ['git version 2.37.0.rc0\n', [2, 37, 0], '2.37.0.rc0'],
    ['git version 2.43.0.vfs.0.0', [2, 43, 0], '2.43.0.vfs.0.0'],
    ['git version 2.37\n', [2, 37, 0], '2.37'],
    ['git version 3.0.0\nmore\n', [3, 0, 0], '3.0.0'],
  ];
  for (const [text, version, label] of parsed) {
    it(`parseGitVersion() reads ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseGitVersion(text), { version, label });
    });
  }

  const refused = [
    '',
    'git version\n',
    'git version two.thirty\n',
    'hub version 2.14.2\n',
    'warning: something\ngit version 2.39.5\n',
    'git version 2.39.5 \u001b[31m(red)\n',
    'git version 2.39.5 (a (nested) note)\n',
    'version 2.39.5\n',
    '2.39.5\n',
  ];
  for (const text of refused) {
    it(`parseGitVersion() refuses ${JSON.stringify(text)}`, () => {
      assert.equal(parseGitVersion(text), null);
    });
  }
});

describe('readGitVersion()', () => {
  it('readGitVersion() names a git that could not be started', () => {
    const reading = readGitVersion(output('', { exitCode: null, spawnError: 'ENOENT' }));
    assert.deepEqual(reading, { ok: false, detail: 'git could not be started (ENOENT)' });
  });

  it('readGitVersion() names the exit code or signal of a failing git', () => {
    const failed = readGitVersion(output('git version 2.39.5\n', { exitCode: 129 }));
    assert.deepEqual(failed, { ok: false, detail: 'git --version ended with code 129' });
    const killed = readGitVersion(output('', { exitCode: null, signal: 'SIGKILL' }));
    assert.equal(killed.ok, false);
    assert.match(killed.ok ? '' : killed.detail, /ended with signal SIGKILL/);
  });

  it('readGitVersion() shows what an unparsable git printed, escaped', () => {
    const reading = readGitVersion(output('not git \u001b[2J at all\n'));
    assert.equal(reading.ok, false);
    const detail = reading.ok ? '' : reading.detail;
    assert.match(detail, /^git --version printed "not git .*at all", not "git version X\.Y\.Z"$/);
    assert.ok(!detail.includes('\u001b'), detail);
    const empty = readGitVersion(output(''));
    assert.match(empty.ok ? '' : empty.detail, /printed nothing/);
  });
});

describe('checkGitPinning()', () => {
  const read = (stdout: string): GitVersionReading => readGitVersion(output(stdout));

  it('checkGitPinning() allows git 2.37.0 and newer, Apple and Windows builds included', () => {
    for (const line of [
      'git version 2.37.0',
      'git version 2.39.5',
      'git version 2.39.3 (Apple Git-146)',
      'git version 2.45.1.windows.1',
      'git version 3.1.0',
    ]) {
      assert.deepEqual(checkGitPinning(read(line)), { ok: true, value: undefined }, line);
      assert.equal(isPinningGit(read(line)), true, line);
    }
  });

  it('checkGitPinning() refuses an older git, naming the found and the needed version', () => {
    const old: ReadonlyArray<readonly [string, string]> = [
      ['git version 2.34.1', '2.34.1'],
      ['git version 2.36.6', '2.36.6'],
      ['git version 2.30.1 (Apple Git-130)', '2.30.1 (Apple Git-130)'],
      ['git version 1.99.0', '1.99.0'],
    ];
    for (const [line, label] of old) {
      const verdict = checkGitPinning(read(line));
      assert.equal(verdict.ok, false, line);
      if (verdict.ok) continue;
      assert.equal(verdict.code, 'git-too-old');
      assert.ok(verdict.detail.startsWith(`git ${label} is too old: `), verdict.detail);
      assert.match(verdict.detail, /https clones need git 2\.37 or newer/);
      assert.match(verdict.detail, /http\.curloptResolve/);
      assert.match(verdict.detail, /upgrade to git 2\.37 or newer$/);
    }
  });

  it('checkGitPinning() refuses a git whose version cannot be read', () => {
    const verdict = checkGitPinning(read('something else'));
    assert.equal(verdict.ok, false);
    if (verdict.ok) return;
    assert.equal(verdict.code, 'git-version-unknown');
    assert.match(
      verdict.detail,
      /^cannot tell which git this is: git --version printed "something else"/,
    );
    assert.match(verdict.detail, /install git 2\.37 or newer$/);
  });
});
