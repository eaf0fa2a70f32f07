/*
 * The mask scan. Invariant: the spans are exactly those the reference
 * (test/support/redact-reference.ts) finds — one global regex of all rules from position 0,
 * the first rule in anchor-then-table order winning at a position, the word-start rule
 * applied with the removal points — in the same (scan) order.
 *
 * Part of the engine body (engine/engine.h): included once per unit width, every function
 * static.
 */

/* The three header/key rules behind KEY_ANCHOR, in table order. */
static bool key_rules(text x, size_t at, match *m) {
  return key_tail(x, at) && (authorization(x, at, m) || cookie(x, at, m) || secret_value(x, at, m));
}

/*
 * The rules that start at anchor unit `c`, in the reference's order; sets the match, the
 * token's distance before the anchor when it must start a word (else 0), and where to scan
 * next when not at the match's end (else 0). Unless `full`, a rule with a word-start check
 * only makes sure that it matches and does not read its body to the end (rules.h, body()).
 */
static bool match_at(text x, size_t at, bool full, match *m, size_t *back, size_t *rescan) {
  *back = 0;
  *rescan = 0;
  switch (x.t[at]) {
    case ':':
      if (url_password(x, at, m)) {
        *rescan = at + 3;
        return true;
      }
      return key_rules(x, at, m); /* the header/key rules share ':' with '=' */
    case '=':
      return key_rules(x, at, m);
    case '-':
      if (uuid(x, at, m) || gitlab_token(x, at, m)) return true;
      if (sk_key(x, at, full, m)) {
        *back = 2;
        return true;
      }
      return slack_token(x, at, m);
    case '_':
      if (session_id(x, at, full, m)) {
        *back = 7;
        return true;
      }
      if (env_or_cse_id(x, at, full, m) || github_token(x, at, full, m)) {
        *back = 3;
        return true;
      }
      return github_fine_grained(x, at, m) || clauster_token(x, at, m);
    case 'A':
      return aws_key(x, at, m);
    case 'J':
      *back = 2;
      return jwt(x, at, full, m);
    default:
      return bearer(x, at, m);
  }
}

/* What one unit before and after an anchor must be for any of its rules to match (a
 * necessary condition, never more; each rule checks itself after), by anchor kind (units.h). */
typedef struct {
  uint8_t before[256];   /* kinds whose rules accept this unit right before the anchor */
  uint8_t after_and[256]; /* …and this unit right after it */
  uint8_t after_or[256];  /* kinds that a unit right after the anchor lets through alone */
} trigger_table;

static trigger_table triggers;

static void mark(uint8_t *table, const char *units, uint8_t kinds) {
  for (const char *u = units; *u != '\0'; u++) table[(unsigned char)*u] |= kinds;
}

/* Fills the trigger tables; call once before scan_spans(). */
static void scan_init(void) {
  window_select(WINDOW_SSE2);
  window_select(WINDOW_AVX2); /* kept at SSE2 (or the scalar way) where the CPU lacks it */
  trigger_table *t = &triggers;
  /* KEY_ANCHOR's lookbehind ends in one of these (…on …ie …en …et …rd …wd …ey …sh, a quote
   * or a blank); the URL rule needs '/' after ':'. */
  mark(t->before, "\"' \tnNeEtTdDyYhH", COLON | EQUALS);
  mark(t->after_or, "/", COLON);
  /* uuid: hex before; glpat-, sk-, xox?-: 't', 'k', [abeprs]; a token unit after. */
  mark(t->before, "0123456789abcdefABCDEFtkprs", DASH);
  /* session_, env_, cse_, gh[pousr]_, github_pat_, clauster_pat_; a token unit after. */
  mark(t->before, "nvepousrt", UNDERSCORE);
  /* eyJ, then a base64url unit. */
  mark(t->before, "y", LETTER_J);
  for (unsigned c = 0; c < 256; c++) {
    bool token = is_token(c);
    bool base64 = token || c == '+' || c == '/';
    t->after_and[c] = (uint8_t)(COLON | EQUALS | (token ? DASH | UNDERSCORE : 0) |
                                (base64 ? LETTER_J : 0));
  }
  /* AKIA ASIA ABIA ACCA A3T…; bearer in any case. */
  mark(t->after_or, "KSBC3", LETTER_A);
  mark(t->after_or, "eE", LETTER_B);
}

/* The necessary condition of the anchor at `at` (a unit outside ASCII passes nothing). */
static bool may_match(text x, size_t at) {
  if (!is_anchor(x.t[at])) return false;
  unsigned prev = at > 0 ? x.t[at - 1] : 0;
  unsigned next = at + 1 < x.n ? x.t[at + 1] : 0;
  if (prev > 0xff) prev = 0; /* the tables mark ASCII only */
  if (next > 0xff) next = 0;
  unsigned kinds = (triggers.before[prev] & triggers.after_and[next]) | triggers.after_or[next];
  return (kinds & ANCHOR_KIND[x.t[at]]) != 0;
}

/* Pads `t` after its `n` units for scan_spans(): REDACT_PADDING spaces (the scan reads 64
 * units at a time). */
static void pad_text(unit *t, size_t n) {
  for (size_t k = 0; k < REDACT_PADDING; k++) t[n + k] = ' ';
}

/*
 * Appends [start, end) pairs of stripped `x` (padded by pad_text()) to `spans`; `cuts` are
 * its removal points. With `stop_at_suspicious`, `x` may be unstripped: the scan stops at its
 * first suspicious unit and returns its index (the spans are then meaningless: strip and
 * scan again), or returns x.n when there is none, and the spans are those of `x` as it is.
 */
static size_t scan_spans(text x, const size_t *cuts, size_t cut_count, list *spans,
                  bool stop_at_suspicious) {
  size_t last = SIZE_MAX;
  size_t pos = 0;
  size_t base = 0;
  while (base < x.n) {
    uint64_t anchors;
    uint64_t odd;
    window_at(x.t + base, &anchors, &odd);
    if (x.n - base < 64) {
      uint64_t inside = ((uint64_t)1 << (x.n - base)) - 1;
      anchors &= inside;
      odd &= inside;
    }
    uint64_t from_pos = ~(uint64_t)0;
    if (pos > base) from_pos = pos - base >= 64 ? 0 : from_pos << (pos - base);
    anchors &= from_pos;
    /* Watching: the first unit of the window (from pos) that the stripper removes. */
    size_t stop = x.n;
    for (uint64_t o = stop_at_suspicious ? odd & from_pos : 0; o != 0; o &= o - 1) {
      size_t at = base + (size_t)__builtin_ctzll(o);
      if (is_suspicious(x.t[at])) {
        stop = at;
        break;
      }
    }
    for (; anchors != 0; anchors &= anchors - 1) {
      size_t at = base + (size_t)__builtin_ctzll(anchors);
      if (at >= stop) break;
      if (at < pos) continue;
      pos = at + 1;
      if (!may_match(x, at)) continue;
      match m;
      size_t back;
      size_t rescan;
      if (!match_at(x, at, false, &m, &back, &rescan)) continue;
      if (back > 0) {
        /* A token rejected here is never read to its end: in a run of such tokens that
         * would be read again from every anchor inside it (quadratic). */
        if (!is_word_start(x, at - back, cuts, cut_count, last)) continue;
        match_at(x, at, true, &m, &back, &rescan); /* the same rule: to the end now */
      }
      /* Unstripped, a match must not take a unit the stripper removes: that unit is where
       * stripping starts (the scan never passes one unseen). */
      if (stop_at_suspicious) {
        size_t removable = next_suspicious(x.t, at, m.end);
        if (removable < m.end) return removable;
      }
      push(spans, m.start);
      push(spans, m.end);
      last = m.end;
      pos = rescan > 0 ? rescan : m.end;
    }
    if (stop < x.n) return stop;
    base = pos > base + 64 ? pos : base + 64;
  }
  return x.n;
}
