import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CloneProgress,
  createProgressReader,
  parseProgressLine,
} from '../../src/projects/clone-progress.js';

const LINES: ReadonlyArray<readonly [string, CloneProgress | null]> = [
  [
    'Receiving objects:  45% (450/1000), 1.20 MiB | 1.10 MiB/s',
    { phase: 'receiving-objects', percent: 45 },
  ],
  ['remote: Counting objects: 100% (3/3), done.', { phase: 'counting-objects', percent: 100 }],
  ['remote: Compressing objects:   7% (1/14)', { phase: 'compressing-objects', percent: 7 }],
  ['remote: Enumerating objects: 12, done.', { phase: 'enumerating-objects', percent: null }],
  ['Resolving deltas: 100% (2/2), done.', { phase: 'resolving-deltas', percent: 100 }],
  ['Updating files:  50% (1/2)', { phase: 'updating-files', percent: 50 }],
  ["Cloning into '/tmp/x'...", null],
  ["fatal: repository 'https://example.com/r.git/' not found", null],
  ['', null],
];

describe('parseProgressLine()', () => {
  for (const [line, expected] of LINES) {
    it(`parseProgressLine() reads ${JSON.stringify(line.slice(0, 40))}`, () => {
      assert.deepEqual(parseProgressLine(line), expected);
    });
  }
});

describe('createProgressReader()', () => {
  it('createProgressReader() splits \\r-redrawn chunks and reports each change once', () => {
    const seen: CloneProgress[] = [];
    const reader = createProgressReader((progress) => seen.push(progress));
    reader.push("Cloning into '/tmp/x'...\nremote: Counting objects:  50% (1/2)\rremote: Count");
    reader.push('ing objects: 100% (2/2), done.\nReceiving objects:  10% (1/10)\r');
    reader.push('Receiving objects:  10% (1/10), 1 KiB | 1 KiB/s\rReceiving objects: 100% (10/10)');
    reader.flush();
    assert.deepEqual(seen, [
      { phase: 'counting-objects', percent: 50 },
      { phase: 'counting-objects', percent: 100 },
      { phase: 'receiving-objects', percent: 10 },
      { phase: 'receiving-objects', percent: 100 },
    ]);
    assert.deepEqual(reader.messages(), []);
  });

  it('createProgressReader() keeps the last five other lines, redacted', () => {
    const reader = createProgressReader(() => {});
    for (let i = 0; i < 7; i += 1) reader.push(`warning: line ${i}\n`);
    reader.push('fatal: could not read session_ABCDEFGHIJ\n');
    const messages = reader.messages();
    assert.equal(messages.length, 5);
    assert.equal(messages.at(-1), 'fatal: could not read session_<redacted>');
  });

  it('createProgressReader() bounds a line that never ends', () => {
    const reader = createProgressReader(() => {});
    for (let i = 0; i < 100; i += 1) reader.push('x'.repeat(1000));
    reader.flush();
    const [kept] = reader.messages();
    assert.ok(kept !== undefined && kept.length <= 300);
  });
});
