import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LEGACY_KEYS, LEGACY_SECTIONS } from '../../src/config/legacy-keys.js';
import { reconcileConfigText } from '../../src/config/reconcile.js';
import { diffConfigLines, maskConfigLine } from '../../src/config/reconcile-diff.js';

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
