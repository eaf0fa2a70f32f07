// The candidate scanner's pre-filter must never hide a match: every rule's trigger holds
// wherever the rule matches (checked on generated secrets of every shape, alone and inside
// noise), and the skip regex stops at every such position and at every character the
// stripper removes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SUSPICIOUS_CLASS } from '../../src/security/control-strip.js';
import { MASK_RULES } from '../../src/security/mask-rules.js';
import { collectSpans, findCandidate } from '../../src/security/mask-scan.js';
import { buildFakeSecrets } from '../support/fake-secrets.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdefABCDEF';

function chars(alphabet: string, min: number, max: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
}

// One generator per secret shape (the bodies at and above each rule's minimum length).
const shapeArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...buildFakeSecrets().map((secret) => secret.text)),
  fc.tuple(fc.constantFrom('env_', 'session_', 'cse_'), chars(ALNUM, 6, 30)).map((p) => p.join('')),
  fc
    .tuple(
      chars(HEX, 8, 8),
      chars(HEX, 4, 4),
      chars(HEX, 4, 4),
      chars(HEX, 4, 4),
      chars(HEX, 12, 12),
    )
    .map((parts) => parts.join('-')),
  fc
    .tuple(fc.constantFrom('ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'), chars(ALNUM, 20, 40))
    .map((p) => p.join('')),
  chars(`${ALNUM}_`, 20, 40).map((body) => `github_pat_${body}`),
  chars(`${ALNUM}_-`, 8, 40).map((body) => `clauster_pat_${body}`),
  chars(`${ALNUM}_-`, 20, 30).map((body) => `glpat-${body}`),
  fc
    .tuple(fc.constantFrom('sk-', 'sk-ant-api03-'), chars(`${ALNUM}_-`, 20, 60))
    .map((p) => p.join('')),
  fc
    .tuple(
      fc.constantFrom('xoxa-', 'xoxb-', 'xoxe-', 'xoxp-', 'xoxr-', 'xoxs-'),
      chars(`${ALNUM}-`, 10, 30),
    )
    .map((p) => p.join('')),
  fc
    .tuple(
      fc.constantFrom('AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T7'),
      chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 20),
    )
    .map((p) => p.join('')),
  fc.tuple(chars(`${ALNUM}_-`, 10, 30), chars(`${ALNUM}_-`, 4, 20)).map(([h, s]) => `eyJ${h}.${s}`),
  fc
    .tuple(
      fc.constantFrom(
        'Authorization',
        'authorization',
        'Cookie',
        'Set-Cookie',
        'token',
        'API_KEY',
        'password_hash',
        'x-access-key',
      ),
      fc.constantFrom(': ', '=', '":"', '\\":\\"', "': '", ' = '),
      fc.constantFrom('', 'Bearer ', 'basic '),
      chars(`${ALNUM}._~+/-`, 8, 30),
    )
    .map((p) => p.join('')),
  fc
    .tuple(fc.constantFrom('Bearer ', 'bEaReR\t', 'BEARER  '), chars(`${ALNUM}._~+/-`, 8, 30))
    .map((p) => p.join('')),
  fc
    .tuple(chars(ALNUM, 1, 10), chars(`${ALNUM}._~!$*+,;=-`, 1, 20))
    .map(([u, pw]) => `https://${u}:${pw}@example.invalid/x`),
);

const contextArb = fc.constantFrom(
  '',
  ' ',
  'x',
  'word',
  '"',
  '(',
  '=',
  ':',
  '-',
  '_',
  '2026-07-01T10:00:00Z ',
);
const lineArb = fc
  .tuple(contextArb, shapeArb, contextArb, fc.option(shapeArb))
  .map(([a, s, b, t]) => `${a}${s}${b}${t ?? ''}`);

const RULE_REGEXES = MASK_RULES.map((rule) => ({
  rule,
  match: new RegExp(`${rule.anchor}(?:${rule.source})`, 'y'),
  before: rule.trigger.before === undefined ? null : new RegExp(`(?<=${rule.trigger.before})`, 'y'),
  after: rule.trigger.after === undefined ? null : new RegExp(`(?:${rule.trigger.after})`, 'y'),
}));

function holdsAt(regex: RegExp | null, text: string, at: number): boolean {
  if (regex === null) return true;
  regex.lastIndex = at;
  return regex.test(text);
}

describe('mask rule triggers', () => {
  it('every rule declares the characters its anchor starts with', () => {
    for (const { rule } of RULE_REGEXES) {
      assert.ok(rule.starts.length > 0, rule.name);
      const first = new RegExp(`^(?:${rule.anchor.replace(/\(\?<=.*$|\(\?=.*$/, '')})`);
      for (let code = 0; code < 0x10000; code += 1) {
        const ch = String.fromCharCode(code);
        assert.equal(first.test(ch), rule.starts.includes(ch), `${rule.name} ${code}`);
      }
    }
  });

  it("each rule's trigger holds wherever the rule matches, for every generated shape", () => {
    fc.assert(
      fc.property(lineArb, (line) => {
        for (const { rule, match, before, after } of RULE_REGEXES) {
          for (let at = 0; at < line.length; at += 1) {
            match.lastIndex = at;
            if (!match.test(line)) continue;
            const where = `${rule.name} at ${at} in ${JSON.stringify(line)}`;
            assert.ok(rule.starts.includes(line[at] as string), where);
            assert.ok(holdsAt(before, line, at + 1) && holdsAt(after, line, at + 1), where);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});

// Consuming parts of a rule source outside lookarounds that could take a removable
// character: `.`, class escapes outside a class, and positive classes that admit one.
function takesRemovable(source: string, suspicious: RegExp): string[] {
  const found: string[] = [];
  const groups: boolean[] = []; // true for a lookaround group
  const inLookaround = (): boolean => groups.includes(true);
  for (let i = 0; i < source.length; i += 1) {
    const ch = source[i] as string;
    if (ch === '\\') {
      if (!inLookaround() && /[SWDsPp]/.test(source[i + 1] ?? ''))
        found.push(source.slice(i, i + 2));
      i += 1;
    } else if (ch === '[') {
      let end = i + 1;
      while (source[end] !== ']') end += source[end] === '\\' ? 2 : 1;
      const cls = source.slice(i, end + 1);
      if (!cls.startsWith('[^') && !inLookaround()) {
        const re = new RegExp(`^${cls}$`);
        for (let code = 0; code < 0x10000; code += 1) {
          const c = String.fromCharCode(code);
          if (suspicious.test(c) && re.test(c)) {
            found.push(cls);
            break;
          }
        }
      }
      i = end;
    } else if (ch === '(') {
      groups.push(/^\(\?<?[=!]/.test(source.slice(i, i + 4)));
    } else if (ch === ')') {
      groups.pop();
    } else if (ch === '.' && !inLookaround()) {
      found.push('.');
    }
  }
  return found;
}

describe('mask rule heads', () => {
  const HEADED = MASK_RULES.filter((rule) => rule.boundaryBack !== undefined).map((rule) => ({
    rule,
    match: new RegExp(`${rule.anchor}(?:${rule.source})`, 'y'),
    head: rule.head === undefined ? null : new RegExp(`${rule.anchor}(?:${rule.head})`, 'y'),
  }));

  it('every rule with a word-start check has a head', () => {
    assert.ok(HEADED.length >= 5);
    for (const { rule, head } of HEADED) assert.ok(head !== null, rule.name);
  });

  it("a rule's head matches exactly where the rule does, bodies cut at every length", () => {
    // Shapes cut short as well, and each headed prefix with a body of every length around
    // its minimum, then a unit that may or may not continue the body.
    const cutArb = lineArb.chain((line) => fc.nat(line.length).map((k) => line.slice(0, k)));
    const edgeArb = fc
      .tuple(
        fc.constantFrom('', ' ', 'a'),
        fc.constantFrom('session_', 'env_', 'cse_', 'ghp_', 'ghs_', 'sk-', 'eyJ'),
        chars(`${ALNUM}_-+/=`, 0, 24),
        fc.constantFrom('', ' ', '.', '-', '_', '=', 'x', '7'),
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(lineArb, cutArb, edgeArb), (line) => {
        for (let at = 0; at < line.length; at += 1) {
          for (const { rule, match, head } of HEADED) {
            if (head === null) continue;
            assert.equal(
              holdsAt(head, line, at),
              holdsAt(match, line, at),
              `${rule.name} at ${at} in ${JSON.stringify(line)}`,
            );
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('mask rule sources', () => {
  it('no rule takes a removable character except through a negated class', () => {
    const suspicious = new RegExp(`^${SUSPICIOUS_CLASS}$`);
    for (const { rule } of RULE_REGEXES) {
      assert.deepEqual(
        takesRemovable(`${rule.anchor}(?:${rule.source})`, suspicious),
        [],
        rule.name,
      );
    }
  });

  it('takesRemovable() notices the constructs it guards against', () => {
    const suspicious = new RegExp(`^${SUSPICIOUS_CLASS}$`);
    assert.deepEqual(takesRemovable('a.b(?<=x.)', suspicious), ['.']);
    assert.deepEqual(takesRemovable('\\S+[\\s]', suspicious), ['\\S', '[\\s]']);
    assert.deepEqual(takesRemovable('[\\x00-\\x20][^\\x00-\\x20]', suspicious), ['[\\x00-\\x20]']);
  });
});

describe('findCandidate()', () => {
  it('findCandidate() never steps over a position where a rule matches', () => {
    fc.assert(
      fc.property(lineArb, (line) => {
        for (const { match } of RULE_REGEXES) {
          for (let at = 0; at < line.length; at += 1) {
            match.lastIndex = at;
            if (!match.test(line)) continue;
            for (const from of [0, Math.max(0, at - 9), at]) {
              assert.ok(findCandidate(line, from) <= at, `${JSON.stringify(line)} from ${from}`);
            }
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('findCandidate() stops at every character the stripper may remove', () => {
    const suspicious = new RegExp(SUSPICIOUS_CLASS);
    for (let code = 0; code < 0x10000; code += 1) {
      const ch = String.fromCharCode(code);
      if (suspicious.test(ch)) assert.equal(findCandidate(`plain text${ch}more`, 0), 10, `${code}`);
    }
  });

  it('findCandidate() reaches the end of benign text in one call', () => {
    const line = '2026-07-01T10:00:00.410Z [DEBUG] [bridge:api] GET .../work/poll -> 200 (no work)';
    assert.equal(findCandidate(line, 0), line.length);
  });
});

describe('collectSpans()', () => {
  it('collectSpans() reports unstripped text instead of masking it', () => {
    assert.equal(
      collectSpans('env_01FakeAbCdEf \x1b[0m', false, () => []),
      null,
    );
    assert.equal(
      collectSpans('token=FAKE\u200bFAKEFAKE', false, () => []),
      null,
    );
    assert.deepEqual(
      collectSpans('env_01FakeAbCdEf', false, () => []),
      [4, 16],
    );
  });

  it('collectSpans() survives a 10 MB line of rule start characters', () => {
    assert.deepEqual(
      collectSpans('a:1-x_b'.repeat(1_500_000), false, () => []),
      [],
    );
  });
});
