import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LEGACY_KEYS, LEGACY_SECTIONS } from '../../src/config/legacy-keys.js';
import { reconcileConfigText } from '../../src/config/reconcile.js';
import { diffConfigLines, maskConfigLine } from '../../src/config/reconcile-diff.js';
import { checkSameMeaning } from '../../src/config/reconcile-meaning.js';

describe('reconcileConfigText()', () => {
  it('reconcileConfigText() removes every listed legacy section and key', () => {
    const lines: string[] = ['port: 7621'];
    for (const section of LEGACY_SECTIONS) lines.push(`${section}:`, '  x: 1');
    for (const [section, keys] of Object.entries(LEGACY_KEYS)) {
      const steps = section.split('.');
      steps.forEach((step, depth) => {
        lines.push(`${'  '.repeat(depth)}${step}:`);
      });
      for (const key of keys) lines.push(`${'  '.repeat(steps.length)}${key}: true`);
    }
    const { changes, text } = reconcileConfigText(`${lines.join('\n')}\n`);
    const expected = [
      ...LEGACY_SECTIONS,
      ...Object.entries(LEGACY_KEYS).flatMap(([s, keys]) => keys.map((k) => `${s}.${k}`)),
    ];
    assert.deepEqual(changes.map((c) => c.path).sort(), [...expected].sort());
    // usage.show_cost: true became usage.mode: cost; every other section emptied is gone.
    assert.equal(text, 'port: 7621\nusage:\n  mode: cost\n');
  });

  it('reconcileConfigText() keeps the comment lines above a removed key', () => {
    const { text } = reconcileConfigText('# header\nclaustrum:\n  on: true\nport: 1\n');
    assert.equal(text, '# header\nport: 1\n');
  });

  it('reconcileConfigText() moves the comments after a removed section to the next key', () => {
    const source = [
      'port: 1',
      'claustrum:',
      '  x: 1',
      '  # note',
      '# --- Web ---',
      'host: a',
      'db:',
      '  a:',
      '    b: 1',
      '    # inner',
      '# --- Tail ---',
      '',
    ].join('\n');
    const { text } = reconcileConfigText(source);
    assert.equal(text, 'port: 1\n# note\n# --- Web ---\nhost: a\n\n# inner\n# --- Tail ---\n');
  });

  it('reconcileConfigText() writes show_cost as a plain scalar, dropping its tag', () => {
    const { text } = reconcileConfigText('usage:\n  show_cost: !!bool false # old\n');
    assert.equal(text, 'usage:\n  mode: tokens # old\n');
  });

  it('reconcileConfigText() drops a non-boolean show_cost without guessing a mode', () => {
    const { changes, text } = reconcileConfigText('usage:\n  currency: EUR\n  show_cost: "yes"\n');
    assert.equal(text, 'usage:\n  currency: EUR\n');
    assert.equal(changes[0]?.message, 'removed usage.show_cost (not true or false)');
  });

  it('reconcileConfigText() returns the text unchanged when there is nothing to do', () => {
    const source = 'port:   7621   # odd spacing stays\nevents: {}\n';
    assert.deepEqual(reconcileConfigText(source), { changes: [], text: source });
  });
});

describe('diffConfigLines()', () => {
  it('diffConfigLines() groups changed lines with the old line number', () => {
    const hunks = diffConfigLines('a: 1\nb: true\nc: 3\nd: off\n', 'a: 1\nc: 3\nmode: tokens\n');
    assert.deepEqual(hunks, [
      { line: 2, removed: ['b: true'], added: [] },
      { line: 4, removed: ['d: off'], added: ['mode: tokens'] },
    ]);
  });

  it('diffConfigLines() hides every line inside a block scalar, key-like or not', () => {
    const before = 'claustrum:\n  note: |\n    FAKE text\n    secret: part\nport: 1\n';
    const [hunk] = diffConfigLines(before, 'port: 1\n');
    assert.deepEqual(hunk?.removed, [
      'claustrum:',
      '  note: <hidden>',
      '    <hidden>',
      '    <hidden>',
    ]);
  });
});

describe('checkSameMeaning()', () => {
  it('checkSameMeaning() accepts a rewrite that loads to the same settings', () => {
    const verdict = checkSameMeaning(
      'usage:\n  show_cost: true\nclaustrum: {}\n',
      'usage:\n  mode: cost\n',
      'f',
    );
    assert.deepEqual(verdict, { ok: true });
  });

  it('checkSameMeaning() refuses a rewrite that changes a setting, naming the section only', () => {
    const verdict = checkSameMeaning('usage:\n  mode: cost\n', 'usage:\n  mode: tokens\n', 'f');
    assert.deepEqual(verdict.ok ? null : [verdict.which, verdict.problems[0]?.path], [
      'candidate',
      'usage',
    ]);
  });

  it('checkSameMeaning() tells an original that is already refused from a bad rewrite', () => {
    const original = checkSameMeaning('port: "x"\n', 'port: 1\n', 'f');
    assert.equal(original.ok ? null : original.which, 'original');
    const candidate = checkSameMeaning('usage: {}\n', 'usage:\n  mode: !!bool true\n', 'f');
    assert.equal(candidate.ok ? null : candidate.which, 'candidate');
  });
});

describe('maskConfigLine()', () => {
  const cases: [string, string][] = [
    ['  password_hash: "$argon2id$v=19$FAKE"', '  password_hash: <hidden>'],
    ['  urls: ["https://hooks.example.com/FAKE"]', '  urls: <hidden>'],
    ['    - https://hooks.example.com/FAKE', '    - <hidden>'],
    ['  - url: https://x.example/FAKE # note FAKE', '  - url: <hidden> # …'],
    ['  show_cost: false', '  show_cost: false'],
    ['  mode: tokens', '  mode: tokens'],
    ['claustrum:', 'claustrum:'],
    ['  # token FAKE', '  # …'],
    ['    FAKE continued block text', '    <hidden>'],
    ['', ''],
  ];
  for (const [line, masked] of cases) {
    it(`maskConfigLine() shows ${JSON.stringify(masked)}`, () => {
      assert.equal(maskConfigLine(line), masked);
    });
  }
});
