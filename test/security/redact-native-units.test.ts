// The native redaction engine against the reference (test/support/redact-reference.ts), one
// UTF-16 code unit at a time: every unit 0..0xFFFF in the places where the stripper and the
// rules look at a single unit (between letters, inside an id, before a token, after an ESC,
// inside a CSI and an OSC payload), every high surrogate before a spread of low ones, and
// every invisible astral character of control-strip.ts with its neighbours.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripText } from '../../src/security/control-strip.js';
import { nativeMismatches } from '../support/native-redact.js';
import { referenceRedact } from '../support/redact-reference.js';

const ESC = '\x1b';
const KEY = 'sk-FAKE0123456789abcdefFAKE';
const ID = 'session_01FAKEFAKE';

const hex = (code: number): string => code.toString(16).toUpperCase().padStart(4, '0');

const ANCHORS = [':', '=', '-', '_', 'A', 'J', 'B', 'b'];

/** Where a single character `c` goes; each is checked with every code unit. */
const CONTEXTS: ReadonlyArray<readonly [string, (c: string) => string]> = [
  ['between letters', (c) => `a${c}b`],
  ['inside an id', (c) => `session_abc${c}defghij`],
  ['before a token', (c) => `${c}${KEY}`],
  ['between a word and a token', (c) => `word${c}env_01FAKEFAKE`],
  ['after an ESC', (c) => `x${ESC}${c}${ID}`],
  ['inside a CSI', (c) => `x${ESC}[1${c}${ID}`],
  ['after an 8-bit CSI', (c) => `x\x9b${c}${ID}`],
  ['inside an OSC payload', (c) => `x${ESC}]8;;https://example.invalid/${c}${ID}\x07${ID}`],
  // The unit right after and right before each rule anchor (the engine's trigger tables).
  [
    'after each anchor',
    (c) => ANCHORS.map((a) => `token${a}${c}abcdefghijklmnopqrstuvwx`).join(' '),
  ],
  ['before each anchor', (c) => ANCHORS.map((a) => `${c}${a}abcdefghijklmnopqrstuvwx`).join(' ')],
];

function assertNoMismatch(cases: ReadonlyArray<readonly [string, string]>): void {
  assert.deepEqual(nativeMismatches(cases, referenceRedact), { count: 0, first: [] });
}

describe('native redact() per UTF-16 code unit', () => {
  for (const [where, place] of CONTEXTS) {
    it(`native redact() equals the reference for every code unit ${where}`, () => {
      const cases: Array<[string, string]> = [];
      for (let unit = 0; unit <= 0xffff; unit += 1) {
        cases.push([`U+${hex(unit)}`, place(String.fromCharCode(unit))]);
      }
      assertNoMismatch(cases);
    });
  }
});

describe('native redact() on surrogates and astral characters', () => {
  const LOWS = [0xdc00, 0xdc01, 0xdc30, 0xdc3f, 0xdca0, 0xdcbd, 0xdccd, 0xdd73, 0xde00, 0xdfff];
  const pairedPlaces = (high: number): Array<[string, string]> => {
    const h = String.fromCharCode(high);
    const out: Array<[string, string]> = [];
    for (const low of LOWS) {
      const pair = h + String.fromCharCode(low);
      out.push([`${hex(high)} ${hex(low)}`, `a${pair}b`]);
      out.push([`${hex(high)} ${hex(low)} in an id`, `sess${pair}ion_01FAKE${pair}FAKE`]);
      out.push([`${hex(low)} ${hex(high)} reversed`, `a${String.fromCharCode(low)}${h}b`]);
      out.push([
        `${hex(high)} ${hex(low)} ${hex(low)}`,
        `${pair}${String.fromCharCode(low)}${KEY}`,
      ]);
    }
    for (const [name, next] of [
      ['letter', 'a'],
      ['high', '\ud800'],
      ['ESC', ESC],
      ['end', ''],
    ]) {
      out.push([`${hex(high)} before ${name}`, `word${h}${next}${KEY}`]);
    }
    return out;
  };

  it('native redact() equals the reference for every high surrogate before each kind of unit', () => {
    const cases: Array<[string, string]> = [];
    for (let high = 0xd800; high <= 0xdbff; high += 1) cases.push(...pairedPlaces(high));
    assertNoMismatch(cases);
  });

  it('native redact() equals the reference for the invisible astral characters and their neighbours', () => {
    // The stripper is the specification of what is invisible (INVISIBLE_ASTRAL).
    const invisible: number[] = [];
    for (let cp = 0x10000; cp <= 0x10ffff; cp += 1) {
      if (stripText(String.fromCodePoint(cp)) === '') invisible.push(cp);
    }
    assert.ok(invisible.length > 4_000, `only ${invisible.length} invisible astral characters`);
    const points = new Set<number>();
    for (const cp of invisible) for (const near of [cp - 1, cp, cp + 1]) points.add(near);
    for (let cp = 0x10000; cp <= 0x10ffff; cp += 251) points.add(cp); // and a spread of the rest
    const cases: Array<[string, string]> = [];
    for (const cp of points) {
      if (cp > 0x10ffff) continue;
      const ch = String.fromCodePoint(cp);
      const label = `U+${hex(cp)}`;
      cases.push([label, `a${ch}b`], [`${label} in an id`, `session_abc${ch}defghij`]);
      cases.push([`${label} before a token`, `word${ch}${KEY}`]);
    }
    assertNoMismatch(cases);
  });
});
