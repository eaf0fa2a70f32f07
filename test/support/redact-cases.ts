/**
 * The redactor's table cases, shared by the tests of the JS engine (test/security/redact.test.ts)
 * and of the native one (test/security/redact-native-rules.test.ts) so both run the very same
 * tables. Invariant: every expectation is the exact output of the specification (the reference
 * redactor, test/support/redact-reference.ts); fake values only (test/support/fake-secrets.ts).
 */
import type { FakeSecret } from './fake-secrets.js';

const ESC = '\x1b';

/** Every way a terminal stream can wrap, split or fuse a value. */
export function buildVariants(secret: FakeSecret): Array<[string, string]> {
  const { text } = secret;
  const variants: Array<[string, string]> = [
    ['alone', text],
    ['in a sentence', `value is ${text} here`],
    ['colour-wrapped', `${ESC}[1;31m${text}${ESC}[0m`],
    ['OSC-8 link text', `${ESC}]8;;https://example.invalid/x${ESC}\\${text}${ESC}]8;;${ESC}\\`],
    ['OSC-8 target (dropped)', `${ESC}]8;;https://example.invalid/${text}\x07link${ESC}]8;;\x07`],
    ['fused after a word by a zero-width space', `word\u200b${text}`],
    ['fused after a word by a colour code', `word${ESC}[0m${text}`],
    ['in JSON', `{"value":"${text}","next":1}`],
    ['followed by a word through an escape', `${text}${ESC}[0mtail`],
  ];
  for (let cut = 1; cut < text.length; cut += 1) {
    const head = text.slice(0, cut);
    const tail = text.slice(cut);
    variants.push([`split at ${cut} by SGR`, `${head}${ESC}[0m${tail}`]);
    variants.push([`split at ${cut} by ZWJ`, `${head}\u200d${tail}`]);
  }
  return variants;
}

/** [title, input, exact redaction]: rule edges, fused and split ids, written separators. */
export const EXACT_CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['id fused by a colour code', `sess${ESC}[0mion_01FakeAbCdEf`, 'session_<redacted>'],
  ['id fused to a word by ZWSP', 'word\u200benv_01FakeAbCdEf', 'wordenv_<redacted>'],
  ['uuid glued to underscore', 'x_3f0c2a9e-6b1d-4c8e-9f7a-1d2e3f4a5b6c', 'x_<redacted>'],
  ['uuid glued to a hex digit', 'a3f0c2a9e-6b1d-4c8e-9f7a-1d2e3f4a5b6c', 'a<redacted>'],
  [
    'session URL',
    'https://claude.ai/code/session_01FakeAbCdEf?from=cli',
    'https://claude.ai/code/session_<redacted>?from=cli',
  ],
  [
    'environment URL',
    'https://claude.ai/code?environment=env_01FakeAbCdEf',
    'https://claude.ai/code?environment=env_<redacted>',
  ],
  [
    'cse and session fused by a redraw',
    `cse_01FakeAbCdEf${ESC}[1A${ESC}[Jsession_01FakeAbCdEf`,
    'cse_<redacted>',
  ],
  [
    'curl -H with double quotes',
    'curl -H "Authorization: Bearer FAKEtoken123" x',
    'curl -H "Authorization: Bearer <redacted>" x',
  ],
  [
    'curl -H with single quotes',
    "curl -H 'authorization:bearer FAKEtoken123' x",
    "curl -H 'authorization:bearer <redacted>' x",
  ],
  [
    'JSON header',
    '{"Authorization": "Basic RkFLRTpGQUtF"}',
    '{"Authorization": "Basic <redacted>"}',
  ],
  [
    'escaped JSON header',
    '"{\\"authorization\\":\\"Bearer FAKEtok\\"}"',
    '"{\\"authorization\\":\\"Bearer <redacted>\\"}"',
  ],
  ['cookie header', 'Cookie: clauster_session=Fe26.2**FAKE; theme=dark', 'Cookie: <redacted>'],
  [
    'URL password with @ inside',
    'https://u:p@ss@example.invalid/x',
    'https://u:<redacted>@example.invalid/x',
  ],
  [
    'token as URL user',
    `https://ghp_${'F'.repeat(36)}:x-oauth-basic@github.com/a`,
    'https://ghp_<redacted>:<redacted>@github.com/a',
  ],
  ['adjacent secrets', `AKIAFAKEFAKEFAKEFAKEghp_${'F'.repeat(36)}`, '<redacted>ghp_<redacted>'],
  // An escape written out as text stands for a separator: the token after it starts a word.
  [
    'an id after a JSON \\n',
    '"msg":"gone\\nsession_01FAKEFAKEFAKE"',
    '"msg":"gone\\nsession_<redacted>"',
  ],
  ['a key after a JSON \\t', `"m":"x\\tsk-ant-${'F'.repeat(24)}"`, '"m":"x\\tsk-<redacted>"'],
  [
    'an id after a percent-escape',
    'https%3A%2F%2Fclaude.ai%2Fcode%2Fsession_01FAKEFAKEFAKE',
    'https%3A%2F%2Fclaude.ai%2Fcode%2Fsession_<redacted>',
  ],
  ['a token after %3D', `q%3Dghp_${'F'.repeat(36)}`, 'q%3Dghp_<redacted>'],
  ['an id after \\u0022', 'x\\u0022env_01FAKEFAKE', 'x\\u0022env_<redacted>'],
  ['an id after \\x3d', 'x\\x3dcse_01FAKEFAKE', 'x\\x3dcse_<redacted>'],
  [
    'ids after written colour codes',
    '"\\u001b[1msession_01FAKEFAKE \\x1b[0menv_01FAKEFAKE \\033[32mcse_01FAKEFAKE \\e[1msession_01FAKEFAKE"',
    '"\\u001b[1msession_<redacted> \\x1b[0menv_<redacted> \\033[32mcse_<redacted> \\e[1msession_<redacted>"',
  ],
  [
    'a key after a written colour code',
    `"\\u001b[32msk-ant-${'F'.repeat(24)}"`,
    '"\\u001b[32msk-<redacted>"',
  ],
  ['an id after a re-encoded %2F', 'x%252Fsession_01FAKEFAKE', 'x%252Fsession_<redacted>'],
];

/** Lines with nothing to mask; only the variation selectors in them are stripped. */
export const BENIGN_LINES: readonly string[] = [
  '/home/u/proj/src/app.ts:12:3',
  'commit 4f2c0e1b9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
  'short sha 4f2c0e1 and digest sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'version 2.1.197 / v1.19.19-beta.1 / 10.2.1',
  '2026-07-01T10:00:00.410Z [DEBUG] [bridge:api] GET .../work/poll -> 200 (no work, 1 consecutive empty polls)',
  '[14:03:12] Reconnected after 12s',
  'environment environments sessions session session_name env_var cse task-runner',
  'the session_id column, env_vars, cse_ids and my_env are fine',
  'Environment ID: env_ (missing) · Max concurrent sessions: 32 · Spawn mode: same-dir',
  'desk-top disk-usage risk-assessment ask-me whisk-it',
  'max_tokens=4096 token_count: 12 tokens=3 "token": "abc" password: none',
  'Bearer tokens are described in RFC 6750; the bearer scheme.',
  'ABBA ACDC AKIA ASIA and A3TX are just words here',
  'http://example.com/path?x=1#y and mailto:user@example.com',
  'user@example.com ssh://git@github.com/acme/proj.git git@github.com:acme/proj.git',
  'eyJ is not enough; nor is ghp_short or glpat-short or sk-short or xoxb-1',
  'UUID-like but not: 3f0c2a9e-6b1d-4c8e-9f7a and 123e4567-e89b-12d3',
  'tab\tseparated\tvalues\r',
  '·✔︎· Connected · my-repo · main',
  'café naïve 日本語 emoji 😀 Ω',
  'escapes before words: a\\nsession b%3Denv_var c\\u0041task-runner 100%25dotenv_ok',
  // Escapes that stand for a letter are no separator: these stay whole.
  'C:\\repos\\ask-questions-chatbot-frontend C:\\work\\benv_production_settings',
  '%41sk-questions-chatbot-frontend \\x41sk-questions-chatbot-frontend \\u0041sk-questions-chatbot-x',
];

/** What a benign line redacts to: itself without its variation selectors. */
export function benignRedaction(line: string): string {
  return line.replace('\ufe0e', '').replace('\ufe0f', '');
}
