/**
 * The mask rule table of the redactor: identifier and secret shapes (reference/security.md
 * §7, gitleaks/TruffleHog shapes widened to stay on the safe side). Invariant: every rule's
 * masked part is replaced by `<redacted>`; only a public prefix (`session_`, `ghp_`,
 * `Authorization: Bearer `, `https://user:`) survives. Data only: the engine is mask-scan.ts
 * and redact.ts.
 *
 * Speed: each rule starts at a rare-ish anchor character (`_ - : = J A B b`, listed in
 * `starts`) and its `trigger` is a cheap necessary condition checked there first
 * (mask-scan.ts skips every anchor whose triggers all fail without running any rule). Each
 * trigger must hold whenever its rule matches: the comment beside it says why, and
 * test/security/mask-scan.test.ts checks it on generated secrets. A rule takes "any
 * character" only through a negated class `[^…]` (no `.`, `\S`, `\W`, `\D`, `\s`, `\p{…}`
 * outside one, except inside a lookbehind): the scanner's unstripped-text variants add the
 * removable characters to every negated class (checked by the same test).
 */

export interface MaskRule {
  name: string;
  /** Regex source of the anchor; rules sharing an anchor are tried in table order. */
  anchor: string;
  /** Every character the anchor can consume first (the anchor is one such character). */
  starts: string;
  /**
   * A necessary condition for a match at the anchor character, never more: the text up to
   * and including the anchor ends with `before`, and the text after it starts with `after`
   * (regex sources; an absent part always holds).
   */
  trigger: { before?: string; after?: string };
  /**
   * Regex source after the anchor, with exactly one capture group: the masked part, which
   * always ends where the match ends.
   */
  source: string;
  /** The mask starts this many characters before the match (the group is then ignored). */
  back?: number;
  /**
   * The token starts this many characters before the match. When set, it must start at a
   * word start: not right after an ASCII letter or digit, unless the stripper removed
   * something there, another mask ended there, or that letter or digit ends an escape
   * written out as text that stands for a separator (WRITTEN_SEPARATOR_SOURCE). Only for
   * shapes that ordinary words can contain (`dotenv_…`, `task-…`, `keyJson…`); distinctive
   * prefixes match anywhere.
   */
  boundaryBack?: number;
  /**
   * With boundaryBack: regex source after the anchor that matches exactly where `source`
   * does, but reads only the minimum body (no open-ended run). The scan checks it and the
   * word start before running `source`, so a long run of tokens that the word-start rule
   * rejects (`aeyJaeyJ…`) is not read to its end from every anchor inside it (quadratic).
   * test/security/mask-scan.test.ts checks that it matches exactly where `source` does.
   */
  head?: string;
  /** After a match, scan again from this many characters past its start (default: its end). */
  rescanFrom?: number;
}

/** Case-insensitive literal without the `i` flag (the other rules are case-sensitive). */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (ch) => `[${ch.toUpperCase()}${ch}]`);
}

const HEX = '[0-9a-fA-F]';
const ID_BODY = '([A-Za-z0-9]{6,}[A-Za-z0-9_-]*)';
// Separator between a header/key name and its value, tolerant of JSON (also escaped JSON),
// shell quoting and any spacing: `: `, `=`, `":"`, `\":\"`, `': '`. Split around the anchor.
const SEP_BEFORE = String.raw`\\?["']?[ \t]*[:=]`;
const SEP_AFTER = String.raw`[ \t]*\\?["']?[ \t]*`;
const SECRET_KEYS = ['token', 'secret', 'password', 'passwd', 'api[_-]?key', 'access[_-]?key']
  .concat(['private[_-]?key'])
  .map((key) => key.replace(/[a-z]+/g, anyCase))
  .join('|');
// Cheap filter before the key lookbehinds: the two characters before `:`/`=` must end a key
// name (…on, …ie, …en, …et, …rd, …wd, …ey, …sh) or be part of the separator.
const KEY_TAIL_BODY = String.raw`(?:[Oo][Nn]|[Ii][Ee]|[Ee][NnTt]|[RrWw][Dd]|[Ee][Yy]|[Ss][Hh]|["'\ 	])[:=]`;
const KEY_ANCHOR = `[:=](?<=${KEY_TAIL_BODY})`;
// Necessary for the three header/key rules: it is their anchor's own lookbehind.
const KEY_TRIGGER = { before: KEY_TAIL_BODY };
// Every `_` rule needs ≥ 6 token characters after the anchor, every `-` rule ≥ 4: checked
// before the lookbehinds, so `lease_id=` or the dashes of a date fail at once.
const ID_ANCHOR = '_(?=[A-Za-z0-9_-]{6})';
const DASH_ANCHOR = '-(?=[A-Za-z0-9_-]{4})';
const AUTH_SCHEMES = ['bearer', 'basic', 'token', 'digest', 'negotiate'].map(anyCase).join('|');

// A byte (two hex digits) that is not an ASCII letter or digit: 0x30-39, 0x41-5A, 0x61-7A out.
const NON_ALNUM_BYTE = `(?:[0-28-9a-fA-F]${HEX}|3[a-fA-F]|[46]0|[57][b-fB-F])`;
// ESC written out as text: JSON/JS `\u001b`, C `\x1b`, `\033`, `\e`.
const WRITTEN_ESC = String.raw`\\(?:u001[bB]|x1[bB]|033|e)`;

/**
 * Regex source (anchored by the caller at the token) of an escape written out as text that
 * stands for a separator, so a token right after it starts a word even though the escape
 * ends in a letter or digit: `\n \r \t` (not `\b \f`: `C:\work\benv_…` is a path), `%HH` (also
 * re-encoded as `%25…`), `\xHH` and `\uHHHH` of anything but a letter or digit, and a
 * written colour code (`\u001b[1m`, `\x1b[0m`, `\033[32m`, `\e[1m`). `\a` in `C:\repos\ask-…`
 * or `%41` (`A`) stand for letters and do not count. Bounded: at most 48 characters.
 */
export const WRITTEN_SEPARATOR_SOURCE = [
  String.raw`\\[nrt]`,
  `%(?:25){0,8}${NON_ALNUM_BYTE}`,
  String.raw`\\x${NON_ALNUM_BYTE}`,
  String.raw`\\u(?:(?!00)${HEX}{2}${HEX}{2}|00${NON_ALNUM_BYTE})`,
  String.raw`${WRITTEN_ESC}\[[0-?]{0,16}[ -/]{0,4}[A-Za-z]`,
].join('|');

/** Rules in priority order: at one position the first rule that matches wins. */
export const MASK_RULES: readonly MaskRule[] = [
  {
    // https://user:password@host → https://user:<redacted>@host; the user part is scanned
    // again afterwards (a token used as the user name is caught by its own rule).
    name: 'url-userinfo-password',
    anchor: ':',
    starts: ':',
    trigger: { after: '//' }, // the source begins with `//`
    source: String.raw`\/\/[^\s\/?#@:]*:([^\s\/?#]+)(?=@)`,
    rescanFrom: 3,
  },
  {
    name: 'authorization-header',
    anchor: KEY_ANCHOR,
    starts: ':=',
    trigger: KEY_TRIGGER,
    source: `(?<=${anyCase('authorization')}${SEP_BEFORE})${SEP_AFTER}(?!(?:${AUTH_SCHEMES})[ \\t]+<)(?:(?:${AUTH_SCHEMES})[ \\t]+)?([^\\s"'\\\\<][^\\s"'\\\\]*)`,
  },
  {
    name: 'cookie-header',
    anchor: KEY_ANCHOR,
    starts: ':=',
    trigger: KEY_TRIGGER,
    source: `(?<=${anyCase('cookie')}${SEP_BEFORE})${SEP_AFTER}([^\\s"'\\\\<][^\\r\\n"'\\\\]*)`,
  },
  {
    name: 'secret-key-value',
    anchor: KEY_ANCHOR,
    starts: ':=',
    trigger: KEY_TRIGGER,
    source: `(?<=(?:${SECRET_KEYS})(?:[_-]?${anyCase('hash')})?${SEP_BEFORE})${SEP_AFTER}([^\\s"'\\\\<;&]{6,})`,
  },
  {
    name: 'uuid',
    anchor: DASH_ANCHOR,
    starts: '-',
    // The group starts with HEX{4}- and the final lookbehind puts HEX{8} right before `-`.
    trigger: { before: `${HEX}{8}-`, after: `${HEX}{4}-` },
    source: `(${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12})(?<=${HEX}{8}-.{27})`,
    back: 8,
  },
  {
    name: 'session-id',
    anchor: ID_ANCHOR,
    starts: '_',
    trigger: { before: 'session_' }, // the source's own leading lookbehind (same below)
    source: `(?<=session_)${ID_BODY}`,
    boundaryBack: 7,
    head: '(?<=session_)[A-Za-z0-9]{6}',
  },
  {
    name: 'env-or-cse-id',
    anchor: ID_ANCHOR,
    starts: '_',
    trigger: { before: '(?:env|cse)_' },
    source: `(?<=(?:env|cse)_)${ID_BODY}`,
    boundaryBack: 3,
    head: '(?<=(?:env|cse)_)[A-Za-z0-9]{6}',
  },
  {
    name: 'github-token',
    anchor: ID_ANCHOR,
    starts: '_',
    trigger: { before: 'gh[pousr]_' },
    source: '(?<=gh[pousr]_)([A-Za-z0-9]{20,})',
    boundaryBack: 3,
    head: '(?<=gh[pousr]_)[A-Za-z0-9]{20}',
  },
  {
    name: 'github-fine-grained',
    anchor: ID_ANCHOR,
    starts: '_',
    trigger: { before: 'github_pat_' },
    source: '(?<=github_pat_)([A-Za-z0-9_]{20,})',
  },
  {
    name: 'clauster-token',
    anchor: ID_ANCHOR,
    starts: '_',
    trigger: { before: 'clauster_pat_' },
    source: '(?<=clauster_pat_)([A-Za-z0-9_-]{8,})',
  },
  {
    name: 'gitlab-token',
    anchor: DASH_ANCHOR,
    starts: '-',
    trigger: { before: 'glpat-' }, // the source's own leading lookbehind (same for the next two)
    source: '(?<=glpat-)([A-Za-z0-9_-]{20,})',
  },
  {
    name: 'sk-key',
    anchor: DASH_ANCHOR,
    starts: '-',
    trigger: { before: 'sk-' },
    source: '(?<=sk-)([A-Za-z0-9_-]{20,})',
    boundaryBack: 2,
    head: '(?<=sk-)[A-Za-z0-9_-]{20}',
  },
  {
    name: 'slack-token',
    anchor: DASH_ANCHOR,
    starts: '-',
    trigger: { before: 'xox[abeprs]-' },
    source: '(?<=xox[abeprs]-)([A-Za-z0-9-]{10,})',
  },
  {
    name: 'aws-key-id',
    anchor: 'A',
    starts: 'A',
    trigger: { after: 'KIA|SIA|BIA|CCA|3T' }, // the first characters of the source's alternatives
    source: '((?:KIA|SIA|BIA|CCA|3T[A-Z0-9])[A-Z0-9]{16,})',
    back: 0,
  },
  {
    // JWTs and any base64url-encoded JSON object (`{"` encodes as `eyJ`).
    name: 'jwt-or-base64-json',
    anchor: 'J',
    starts: 'J',
    trigger: { before: 'eyJ' }, // the source's own leading lookbehind
    source: '(?<=eyJ)([A-Za-z0-9_+/-]{10,}=*(?:\\.[A-Za-z0-9_+/=-]+){0,2})',
    back: 2,
    boundaryBack: 2,
    head: '(?<=eyJ)[A-Za-z0-9_+/-]{10}',
  },
  {
    name: 'bearer-token',
    anchor: '[Bb]',
    starts: 'Bb',
    trigger: { after: anyCase('earer') }, // the source begins with it
    source: `${anyCase('earer')}[ \\t]+([A-Za-z0-9._~+/-]{8,}=*)`,
  },
];
