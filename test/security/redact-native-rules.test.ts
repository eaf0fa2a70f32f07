// The native redaction engine on every rule of src/security/mask-rules.ts: the very tables of
// the JS engine's tests (test/support/redact-cases.ts), then each rule's edges (bodies one
// short of the minimum, at it and past it) after every kind of word start — letters, digits,
// removal points (cuts), another mask, escapes written out as text (WRITTEN_SEPARATOR_SOURCE)
// and their near misses — and with a cut at every position of the token. Expectations come
// from the reference redactor (test/support/redact-reference.ts); the JS engine must agree.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MASK_RULES } from '../../src/security/mask-rules.js';
import { redactText } from '../../src/security/redact.js';
import { buildFakeSecrets, fill } from '../support/fake-secrets.js';
import { nativeMismatches } from '../support/native-redact.js';
import {
  BENIGN_LINES,
  benignRedaction,
  buildVariants,
  EXACT_CASES,
} from '../support/redact-cases.js';
import { referenceRedact } from '../support/redact-reference.js';

const ESC = '\x1b';
const ALNUM = 'FAKE0123456789abcdefghijkmnopqrstuvwxyz';
const UPPER = 'FAKEBCDGHIJLMNOPQRSTUVWXYZ234567';
const HEX = 'fa0123456789bcdeFACE';
const SAME = { count: 0, first: [] };

/** `prefix` + a body of `min - 1`, `min` and `min + 1` characters of `alphabet`. */
const around = (prefix: string, alphabet: string, min: number): string[] =>
  [min - 1, min, min + 1].map((n) => prefix + fill(alphabet, n));
const uuid = (last: number, first = 8): string =>
  `${fill(HEX, first)}-${fill(HEX, 4, 1)}-${fill(HEX, 4, 2)}-${fill(HEX, 4, 3)}-${fill(HEX, last, 4)}`;

/** Tokens at each rule's edges, by rule name (every rule of MASK_RULES has some). */
const RULE_EDGES: Record<string, string[]> = {
  'url-userinfo-password': [
    'https://u:FAKEpw@h',
    'https://:FAKEpw@h/x',
    'https://u:@h',
    'https://u:p@ss@h',
    'https://u:FAKEpw',
    'https://u:FA/KE@h',
    'a://b:c@d',
    `https://ghp_${fill(ALNUM, 20)}:x@h`,
  ],
  'authorization-header': [
    ...around('Authorization: Bearer ', ALNUM, 1),
    'authorization=basic FAKE==',
    'Authorization: Bearer <token>',
    'Authorization: <FAKE>',
    'AUTHORIZATION\t:\t"Negotiate\tFAKE"',
    'authorization\\":\\"Digest FAKE\\"',
    "authorization':'FAKE'",
  ],
  'cookie-header': [
    'Cookie: a=FAKE; b=c',
    'cookie=F',
    'Set-Cookie: sid=FAKE; Path=/',
    'Cookie: <none>',
  ],
  'secret-key-value': [
    ...around('token=', ALNUM, 6),
    ...around('password: "', ALNUM, 6),
    'api-key=FAKEFAKE;x',
    "PRIVATE_KEY='FAKEFAKE'",
    'passwd_hash=FAKEFAKE&y',
    'AccessKey: <FAKEFAKE',
    'secret\\":\\"FAKEFAKE\\"',
  ],
  uuid: [uuid(11), uuid(12), uuid(13), uuid(12, 7), uuid(12).toUpperCase(), `${uuid(11)}g`],
  'session-id': [
    ...around('session_', ALNUM, 6),
    `session_${fill(ALNUM, 6)}_-x`,
    'session__FAKE01',
  ],
  'env-or-cse-id': [...around('env_', ALNUM, 6), ...around('cse_', ALNUM, 6), 'env_FAKE0-1'],
  'github-token': [
    ...around('ghp_', ALNUM, 20),
    `ghs_${fill(ALNUM, 20)}`,
    `ghx_${fill(ALNUM, 20)}`,
  ],
  'github-fine-grained': around('github_pat_', `${ALNUM}_`, 20),
  'clauster-token': around('clauster_pat_', `${ALNUM}_-`, 8),
  'gitlab-token': around('glpat-', `${ALNUM}_-`, 20),
  'sk-key': [...around('sk-', `${ALNUM}_-`, 20), `sk-ant-${fill(ALNUM, 20)}`],
  'slack-token': [...around('xoxb-', `${ALNUM}-`, 10), `xoxz-${fill(ALNUM, 10)}`],
  'aws-key-id': [...around('AKIA', UPPER, 16), `A3TX${fill(UPPER, 16)}`, `AKIA${fill(ALNUM, 16)}`],
  'jwt-or-base64-json': [
    ...around('eyJ', ALNUM, 10),
    `eyJ${fill(ALNUM, 10)}==.eyJ${fill(ALNUM, 4)}.${fill(ALNUM, 4)}.more`,
  ],
  'bearer-token': [...around('Bearer ', ALNUM, 8), `bEaReR\t\t${fill(ALNUM, 8)}==`],
};
const TOKENS = Object.values(RULE_EDGES).flat();

// What comes right before a token: word starts, near misses, cuts, a mask ending there, and
// escapes written out as text (separators and the ones that stand for a letter or digit).
const BEFORE = [
  ...['', ' ', 'x', 'Z', '9', '_', '-', '.', '/', '"', 'é', '日', '😀'],
  ...[
    `w${ESC}[0m`,
    'w\u200b',
    `w${ESC}]8;;x\x07`,
    'w\0',
    'w\ud800',
    uuid(12),
    `AKIA${fill(UPPER, 16)}`,
  ],
  ...['w\\n', 'w\\r', 'w\\t', 'w\\b', 'w\\f', 'w\\a', 'w\\\\n', 'w\\'],
  ...['w%3D', 'w%41', 'w%2', `w%${'25'.repeat(8)}2F`, `w%${'25'.repeat(9)}2F`, 'w%2541'],
  ...['w\\x3d', 'w\\x41', 'w\\x3', 'w\\u0022', 'w\\u0041', 'w\\u00e9', 'w\\u1234', 'w\\u0030'],
  ...['w\\u001b[1m', 'w\\x1b[0m', 'w\\x1B[0m', 'w\\033[32m', 'w\\e[1m', 'w\\u001b[', 'w\\e[1'],
  ...[`w\\e[${'1'.repeat(16)}m`, `w\\e[${'1'.repeat(17)}m`, 'w\\e[1    m', 'w\\e[1     m'],
];
const AFTER = ['', ' ', 'x', '_', '-', '.', '@', '"', `${ESC}[0m`, '\u200b', '\n', 'é'];
const CUTS = [
  `${ESC}[0m`,
  '\u200b',
  '\0',
  '\ud800',
  String.fromCodePoint(0xe0041),
  `${ESC}]8;;u\x07`,
];

/** The reference redaction, after checking that the JS engine agrees with it. */
function expected(input: string): string {
  const reference = referenceRedact(input);
  assert.equal(redactText(input), reference, JSON.stringify(input));
  return reference;
}

describe('native redact() on the redactor table cases', () => {
  const SECRETS = buildFakeSecrets();

  it('native redact() masks every fake secret exactly', () => {
    const byText = new Map(SECRETS.map((secret) => [secret.text, secret.expected]));
    const cases = SECRETS.map((secret): [string, string] => [secret.shape, secret.text]);
    assert.deepEqual(
      nativeMismatches(cases, (text) => byText.get(text) ?? ''),
      SAME,
    );
  });

  it('native redact() equals the reference on every split, fused, coloured and linked secret', () => {
    const cases = SECRETS.flatMap((secret) =>
      buildVariants(secret).map(([variant, input]): [string, string] => [
        `${secret.shape}, ${variant}`,
        input,
      ]),
    );
    assert.deepEqual(nativeMismatches(cases, expected), SAME);
  });

  it('native redact() gives the exact redaction of every table case', () => {
    const byInput = new Map(EXACT_CASES.map(([, input, redacted]) => [input, redacted]));
    const cases = EXACT_CASES.map(([title, input]): [string, string] => [title, input]);
    assert.deepEqual(
      nativeMismatches(cases, (input) => byInput.get(input) ?? ''),
      SAME,
    );
  });

  it('native redact() leaves every benign table line unchanged', () => {
    const cases = BENIGN_LINES.map((line): [string, string] => [line.slice(0, 30), line]);
    assert.deepEqual(nativeMismatches(cases, benignRedaction), SAME);
  });
});

describe('native redact() on the edges of every rule', () => {
  it('every rule of MASK_RULES has edge tokens here', () => {
    assert.deepEqual(
      MASK_RULES.map((rule) => rule.name).filter((name) => !(RULE_EDGES[name]?.length ?? 0)),
      [],
    );
  });

  it('native redact() equals the reference for each rule edge after every word start', () => {
    const cases: Array<[string, string]> = [];
    for (const token of TOKENS) {
      for (const before of BEFORE) {
        for (const after of AFTER) cases.push([JSON.stringify(before), before + token + after]);
      }
    }
    assert.deepEqual(nativeMismatches(cases, expected), SAME);
  });

  it('native redact() equals the reference with a cut at every position of each rule edge', () => {
    const cases: Array<[string, string]> = [];
    for (const token of TOKENS) {
      for (let at = 0; at <= token.length; at += 1) {
        for (const cut of CUTS) {
          const input = `${token.slice(0, at)}${cut}${token.slice(at)}`;
          cases.push([`cut at ${at}`, `w${input} ${input}`]);
        }
      }
    }
    assert.deepEqual(nativeMismatches(cases, expected), SAME);
  });
});
