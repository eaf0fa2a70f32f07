/*
 * The mask rules of mask-rules.ts as matchers over stripped text. Invariant: a matcher
 * called at its anchor unit `at` returns true exactly when the rule's regex (anchor, source,
 * lookbehinds) matches at `at`, and then sets the masked part [start, end), whose end is the
 * match's end. Word starts (boundaryBack) are checked by the caller (scan.c).
 */
#ifndef CLAUSTER_RULES_H
#define CLAUSTER_RULES_H

#include "units.h"

typedef struct {
  size_t start;
  size_t end;
} match;

/* x.t[at, at + len) equals ASCII `word` (in any case when `any_case`; `word` lower-case). */
static inline bool equals_n(text x, size_t at, const char *word, size_t len, bool any_case) {
  if (at > x.n || len > x.n - at) return false;
  for (size_t i = 0; i < len; i++) {
    unit c = any_case ? lower(x.t[at + i]) : x.t[at + i];
    if (c != (unit)word[i]) return false;
  }
  return true;
}

/* Helpers over string literals (their length known at compile time). */
#define equals_at(x, at, word) equals_n((x), (at), (word), sizeof(word) - 1, false)
#define equals_any_case_at(x, at, word) equals_n((x), (at), (word), sizeof(word) - 1, true)
/* The text before `end` ends with `word`. */
#define ends_with(x, end, word) \
  ((end) >= sizeof(word) - 1 && equals_n((x), (end) - (sizeof(word) - 1), (word), sizeof(word) - 1, false))
#define ends_any_case(x, end, word) \
  ((end) >= sizeof(word) - 1 && equals_n((x), (end) - (sizeof(word) - 1), (word), sizeof(word) - 1, true))

/* End of the run of units from `from` that `keep` accepts. */
static inline size_t run_end(text x, size_t from, bool (*keep)(unit)) {
  size_t i = from;
  while (i < x.n && keep(x.t[i])) i++;
  return i;
}

/* rules-keys.c: at ':' or '=' */
bool url_password(text x, size_t at, match *m);
bool key_tail(text x, size_t at);
bool authorization(text x, size_t at, match *m);
bool cookie(text x, size_t at, match *m);
bool secret_value(text x, size_t at, match *m);

/* rules.c: at '-', '_', 'A', 'J', 'B'/'b' */
bool uuid(text x, size_t at, match *m);
bool gitlab_token(text x, size_t at, match *m);
bool sk_key(text x, size_t at, match *m);
bool slack_token(text x, size_t at, match *m);
bool session_id(text x, size_t at, match *m);
bool env_or_cse_id(text x, size_t at, match *m);
bool github_token(text x, size_t at, match *m);
bool github_fine_grained(text x, size_t at, match *m);
bool clauster_token(text x, size_t at, match *m);
bool aws_key(text x, size_t at, match *m);
bool jwt(text x, size_t at, match *m);
bool bearer(text x, size_t at, match *m);

#endif
