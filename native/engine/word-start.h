/*
 * The word-start rule of mask-rules.ts (`boundaryBack`): a token that ordinary words can
 * contain counts only where a word starts — not right after an ASCII letter or digit, unless
 * the stripper removed something there, another mask ended there, or that letter or digit
 * ends an escape written out as text (WRITTEN_SEPARATOR_SOURCE).
 *
 * Part of the engine body (engine/engine.h): included once per unit width, every function
 * static.
 */

static int hex_value(unit c) {
  if (c >= '0' && c <= '9') return c - '0';
  return (lower(c) - 'a') + 10;
}

/* NON_ALNUM_BYTE: two hex digits whose byte is not an ASCII letter or digit. */
static bool non_alnum_byte(unit a, unit b) {
  return is_hex(a) && is_hex(b) && !is_alnum((unit)(hex_value(a) * 16 + hex_value(b)));
}

/* `%HH`, also re-encoded as `%25…HH` (at most eight `25`), ending at `end`. */
static bool written_percent(text x, size_t end) {
  if (end < 3 || !non_alnum_byte(x.t[end - 2], x.t[end - 1])) return false;
  size_t p = end - 2;
  for (int k = 0; k <= 8; k++) {
    if (p >= 1 && x.t[p - 1] == '%') return true;
    if (k == 8 || p < 2 || x.t[p - 2] != '2' || x.t[p - 1] != '5') return false;
    p -= 2;
  }
  return false;
}

/* `\uHHHH` of anything but a letter or digit, ending at `end`. */
static bool written_unicode(text x, size_t end) {
  if (end < 6 || x.t[end - 6] != '\\' || x.t[end - 5] != 'u') return false;
  for (size_t i = end - 4; i < end; i++) {
    if (!is_hex(x.t[i])) return false;
  }
  bool latin = x.t[end - 4] == '0' && x.t[end - 3] == '0';
  return !latin || non_alnum_byte(x.t[end - 2], x.t[end - 1]);
}

/* A written colour code (`\u001b[1m`, `\x1b[0m`, `\033[32m`, `\e[1m`) ending at `end`:
 * ESC written out, '[', ≤ 16 of 0x30-0x3F, ≤ 4 of 0x20-0x2F, a letter. The ranges are
 * disjoint, so the runs are read backwards whole. */
static bool written_colour(text x, size_t end) {
  unit last = x.t[end - 1];
  if (!((last >= 'A' && last <= 'Z') || (last >= 'a' && last <= 'z'))) return false;
  size_t p = end - 1;
  size_t from = p;
  while (p > 0 && x.t[p - 1] >= 0x20 && x.t[p - 1] <= 0x2f) p--;
  if (from - p > 4) return false;
  from = p;
  while (p > 0 && x.t[p - 1] >= 0x30 && x.t[p - 1] <= 0x3f) p--;
  if (from - p > 16 || p == 0 || x.t[p - 1] != '[') return false;
  p--;
  return ends_with(x, p, "\\u001b") || ends_with(x, p, "\\u001B") || ends_with(x, p, "\\x1b") ||
         ends_with(x, p, "\\x1B") || ends_with(x, p, "\\033") || ends_with(x, p, "\\e");
}

/* WRITTEN_SEPARATOR_SOURCE ends right before `end` (the unit before `end` is alphanumeric). */
static bool follows_written_separator(text x, size_t end) {
  if (end >= 2 && x.t[end - 2] == '\\') {
    unit c = x.t[end - 1];
    if (c == 'n' || c == 'r' || c == 't') return true;
  }
  if (written_percent(x, end)) return true;
  if (end >= 4 && x.t[end - 4] == '\\' && x.t[end - 3] == 'x' &&
      non_alnum_byte(x.t[end - 2], x.t[end - 1])) {
    return true;
  }
  return written_unicode(x, end) || written_colour(x, end);
}

static bool has_cut(const size_t *cuts, size_t count, size_t at) {
  size_t lo = 0;
  size_t hi = count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cuts[mid] == at) return true;
    if (cuts[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/* The boundaryBack rule of mask-rules.ts for a token starting at `start`. */
static bool is_word_start(text x, size_t start, const size_t *cuts, size_t count, size_t last) {
  if (start == 0 || start == last || !is_alnum(x.t[start - 1])) return true;
  return follows_written_separator(x, start) || has_cut(cuts, count, start);
}
