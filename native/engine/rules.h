/*
 * The rules anchored at '-', '_', 'A', 'J' and 'B'/'b' (engine/match.h), and the text helpers all
 * rules share. A prefix rule's lookbehind is its prefix right before the anchor (case as in
 * mask-rules.ts); its body is a greedy run with a minimum length, which never needs
 * backtracking since nothing follows it in the regex.
 *
 * Part of the engine body (engine/engine.h): included once per unit width, every function
 * static.
 */

/* The body right after the anchor: a run of `keep` of at least `least` units. Unless `full`,
 * only those `least` units are read and the match ends there: enough to know that the rule
 * matches (the scan reads the rest only once the token passes the word-start rule, so a run
 * of rejected tokens is never read again and again). */
static bool body(text x, size_t at, bool (*keep)(unsigned), size_t least, bool full, match *m) {
  size_t from = at + 1;
  text read = x;
  if (!full && x.n - from > least) read.n = from + least;
  size_t e = run_end(read, from, keep);
  if (e - from < least) return false;
  m->start = from;
  m->end = e;
  return true;
}

static bool is_hex_run(text x, size_t at, size_t count) {
  if (at > x.n || count > x.n - at) return false;
  for (size_t i = 0; i < count; i++) {
    if (!is_hex(x.t[at + i])) return false;
  }
  return true;
}

/* uuid at its first '-': 8-4-4-4-12 hex digits, masked whole. */
static bool uuid(text x, size_t at, match *m) {
  if (at < 8 || !is_hex_run(x, at - 8, 8)) return false;
  if (!is_hex_run(x, at + 1, 4) || !equals_at(x, at + 5, "-") || !is_hex_run(x, at + 6, 4) ||
      !equals_at(x, at + 10, "-") || !is_hex_run(x, at + 11, 4) ||
      !equals_at(x, at + 15, "-") || !is_hex_run(x, at + 16, 12)) {
    return false;
  }
  m->start = at - 8;
  m->end = at + 28;
  return true;
}

static bool is_alnum_underscore(unsigned c) { return is_alnum(c) || c == '_'; }
static bool is_alnum_dash(unsigned c) { return is_alnum(c) || c == '-'; }

static bool gitlab_token(text x, size_t at, match *m) {
  return ends_with(x, at, "glpat") && body(x, at, is_token, 20, true, m);
}

static bool sk_key(text x, size_t at, bool full, match *m) {
  return ends_with(x, at, "sk") && body(x, at, is_token, 20, full, m);
}

static bool slack_token(text x, size_t at, match *m) {
  if (at < 4 || !equals_at(x, at - 4, "xox")) return false;
  unit kind = x.t[at - 1];
  bool known = kind == 'a' || kind == 'b' || kind == 'e' || kind == 'p' || kind == 'r' ||
               kind == 's';
  return known && body(x, at, is_alnum_dash, 10, true, m);
}

/* ID_BODY: six letters or digits, then any token units (read only when `full`, see body()). */
static bool id_body(text x, size_t at, bool full, match *m) {
  size_t six = at + 7;
  if (six > x.n) return false;
  for (size_t i = at + 1; i < six; i++) {
    if (!is_alnum(x.t[i])) return false;
  }
  m->start = at + 1;
  m->end = full ? run_end(x, six, is_token) : six;
  return true;
}

static bool session_id(text x, size_t at, bool full, match *m) {
  return ends_with(x, at, "session") && id_body(x, at, full, m);
}

static bool env_or_cse_id(text x, size_t at, bool full, match *m) {
  return (ends_with(x, at, "env") || ends_with(x, at, "cse")) && id_body(x, at, full, m);
}

static bool github_token(text x, size_t at, bool full, match *m) {
  if (at < 3 || x.t[at - 3] != 'g' || x.t[at - 2] != 'h') return false;
  unit kind = x.t[at - 1];
  bool known = kind == 'p' || kind == 'o' || kind == 'u' || kind == 's' || kind == 'r';
  return known && body(x, at, is_alnum, 20, full, m);
}

static bool github_fine_grained(text x, size_t at, match *m) {
  return ends_with(x, at, "github_pat") && body(x, at, is_alnum_underscore, 20, true, m);
}

static bool clauster_token(text x, size_t at, match *m) {
  return ends_with(x, at, "clauster_pat") && body(x, at, is_token, 8, true, m);
}

static bool is_upper_or_digit(unsigned c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

/* aws-key-id at 'A': AKIA/ASIA/ABIA/ACCA/A3T? then ≥ 16 upper-case letters or digits, the
 * 'A' masked too. */
static bool aws_key(text x, size_t at, match *m) {
  if (at + 4 > x.n) return false;
  bool kind = equals_at(x, at + 1, "KIA") || equals_at(x, at + 1, "SIA") ||
              equals_at(x, at + 1, "BIA") || equals_at(x, at + 1, "CCA") ||
              (equals_at(x, at + 1, "3T") && is_upper_or_digit(x.t[at + 3]));
  if (!kind) return false;
  size_t e = run_end(x, at + 4, is_upper_or_digit);
  if (e - (at + 4) < 16) return false;
  m->start = at;
  m->end = e;
  return true;
}

static bool is_base64(unsigned c) { return is_alnum(c) || c == '_' || c == '+' || c == '/' || c == '-'; }
static bool is_base64_padded(unsigned c) { return is_base64(c) || c == '='; }

/* jwt-or-base64-json at the 'J' of `eyJ`: ≥ 10 base64url units, '=' padding, then up to two
 * dot-separated parts; masked from the 'e'. */
static bool jwt(text x, size_t at, bool full, match *m) {
  if (at < 2 || x.t[at - 2] != 'e' || x.t[at - 1] != 'y') return false;
  if (!body(x, at, is_base64, 10, full, m)) return false;
  m->start = at - 2;
  if (!full) return true; /* see body() */
  size_t e = m->end;
  while (e < x.n && x.t[e] == '=') e++;
  for (int part = 0; part < 2; part++) {
    if (e + 1 >= x.n || x.t[e] != '.' || !is_base64_padded(x.t[e + 1])) break;
    e = run_end(x, e + 1, is_base64_padded);
  }
  m->end = e;
  return true;
}

static bool is_bearer_unit(unsigned c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '-';
}

/* bearer-token at 'B'/'b': `bearer` in any case, blanks, ≥ 8 token units, '=' padding. */
static bool bearer(text x, size_t at, match *m) {
  if (!equals_any_case_at(x, at + 1, "earer")) return false;
  size_t q = run_end(x, at + 6, is_blank);
  if (q == at + 6) return false;
  size_t e = run_end(x, q, is_bearer_unit);
  if (e - q < 8) return false;
  while (e < x.n && x.t[e] == '=') e++;
  m->start = q;
  m->end = e;
  return true;
}
