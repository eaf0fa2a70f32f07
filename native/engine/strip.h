/*
 * The stripping stage (control-strip.ts STRIP_SOURCE, its alternatives tried in its order at
 * each unit). Invariant: the output holds no unit stripText() would remove and exactly the
 * units it keeps, and `cuts` are exactly readCuts(): each place where something was removed,
 * once.
 *
 * Part of the engine body (engine/engine.h): included once per unit width, every function
 * static.
 */


#include <string.h>

/* CSI after its introducer: parameters, intermediates, an optional final byte. The three
 * ranges are disjoint, so greedy runs are the regex's only parse. */
static size_t csi_tail(const unit *s, size_t n, size_t i) {
  size_t k = i;
  while (k < n && s[k] >= 0x30 && s[k] <= 0x3f) k++;
  while (k < n && s[k] >= 0x20 && s[k] <= 0x2f) k++;
  if (k < n && s[k] >= 0x40 && s[k] <= 0x7e) k++;
  return k - i;
}

static bool ends_string(unsigned c) { return c == 0x07 || c == 0x9c || c == 0x18 || c == 0x1a; }

/* A control string's payload and terminator (BEL, ST, CAN, SUB or ESC \); unterminated, it
 * ends before the next ESC, CR or LF, or at the end. */
static size_t string_tail(const unit *s, size_t n, size_t i) {
  size_t k = i;
  while (k < n && !ends_string(s[k]) && s[k] != 0x1b && s[k] != '\n' && s[k] != '\r') k++;
  if (k < n && ends_string(s[k])) k++;
  else if (k + 1 < n && s[k] == 0x1b && s[k + 1] == '\\') k += 2;
  return k - i;
}

static bool opens_string(unsigned c) {
  return c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_';
}

/* An ESC form: CSI, control string, ESC with intermediates, or ESC and one final byte. */
static size_t escape_at(const unit *s, size_t n, size_t i) {
  if (i + 1 >= n) return 1;
  unit next = s[i + 1];
  if (next == '[') return 2 + csi_tail(s, n, i + 2);
  if (opens_string(next)) return 2 + string_tail(s, n, i + 2);
  if (next >= 0x20 && next <= 0x2f) {
    size_t k = i + 1;
    while (k < n && s[k] >= 0x20 && s[k] <= 0x2f) k++;
    if (k < n && s[k] >= 0x30 && s[k] <= 0x7e) k++;
    return k - i;
  }
  return (next >= 0x30 && next <= 0x7e) ? 2 : 1;
}

/* Length of the removal that starts at s[i], 0 when s[i] stays. */
static size_t removal_at(const unit *s, size_t n, size_t i) {
  unit c = s[i];
  if (c == 0x1b) return escape_at(s, n, i);
  if (c == 0x9b) return 1 + csi_tail(s, n, i + 1);
  if (c == 0x90 || c == 0x98 || c == 0x9d || c == 0x9e || c == 0x9f) {
    return 1 + string_tail(s, n, i + 1);
  }
  if (is_control(c) || is_invisible_bmp(c)) return 1;
  if (is_high(c)) {
    if (i + 1 < n && is_low(s[i + 1])) return is_invisible_astral(c, s[i + 1]) ? 2 : 0;
    return 1; /* a lone high surrogate */
  }
  if (is_low(c)) return (i > 0 && is_high(s[i - 1])) ? 0 : 1;
  return 0;
}

static size_t strip(const unit *s, size_t n, size_t first, unit *out, list *cuts) {
  memcpy(out, s, first * sizeof(unit));
  size_t o = first;
  size_t i = first;
  while (i < n) {
    size_t removed = removal_at(s, n, i);
    if (removed == 0) {
      /* Kept: this unit (a valid surrogate pair's half) and the run up to the next
       * suspicious unit, copied whole. */
      size_t next = next_suspicious(s, i + 1, n);
      memcpy(out + o, s + i, (next - i) * sizeof(unit));
      o += next - i;
      i = next;
      continue;
    }
    if (cuts->len == 0 || cuts->data[cuts->len - 1] != o) push(cuts, o);
    i += removed;
    size_t next = next_suspicious(s, i, n);
    memcpy(out + o, s + i, (next - i) * sizeof(unit));
    o += next - i;
    i = next;
  }
  return o;
}
