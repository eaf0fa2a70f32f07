/*
 * What the rule matchers share (engine/rules*.h implement mask-rules.ts over stripped text). Invariant: a matcher
 * called at its anchor unit `at` returns true exactly when the rule's regex (anchor, source,
 * lookbehinds) matches at `at`, and then sets the masked part [start, end), whose end is the
 * match's end. Word starts (boundaryBack) are checked by the caller (engine/scan.h).
 *
 * Part of the engine body (engine/engine.h): included once per unit width, every function
 * static.
 */
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
static inline size_t run_end(text x, size_t from, bool (*keep)(unsigned)) {
  size_t i = from;
  while (i < x.n && keep(x.t[i])) i++;
  return i;
}
