/*
 * The units the engine reads — Latin-1 bytes (CLAUSTER_UNIT_BITS 8, for V8's one-byte
 * strings) or UTF-16 code units (16) — and the character classes it tests them against.
 * Invariant: each class is exactly the JS regex class it names (control-strip.ts,
 * mask-rules.ts), whatever the width; the engine never decodes surrogate pairs except where
 * STRIP_SOURCE does. Classes take `unsigned` so that one source serves both widths.
 * Part of the engine body (engine/engine.h): included once per unit width, every function
 * static.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if CLAUSTER_UNIT_BITS == 8
typedef uint8_t unit;
#elif CLAUSTER_UNIT_BITS == 16
typedef uint16_t unit;
#else
#error "define CLAUSTER_UNIT_BITS as 8 or 16"
#endif

/* A stripped line: `t[0, n)`. */
typedef struct {
  const unit *t;
  size_t n;
} text;

static inline bool is_alnum(unsigned c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
static inline bool is_token(unsigned c) { return is_alnum(c) || c == '_' || c == '-'; }
static inline bool is_hex(unsigned c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}
static inline bool is_blank(unsigned c) { return c == ' ' || c == '\t'; }
static inline bool is_quote(unsigned c) { return c == '"' || c == '\''; }
static inline unsigned lower(unsigned c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* JS regex `\s`: WhiteSpace and LineTerminator. */
static inline bool is_space(unsigned c) {
  if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
         c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

/* control-strip.ts INVISIBLE_BMP_CLASS (Default_Ignorable_Code_Point ∪ Cf, BMP part). */
static inline bool is_invisible_bmp(unsigned c) {
  if (c < 0xad) return false;
  if (c < 0x2000) {
    return c == 0xad || c == 0x34f || (c >= 0x600 && c <= 0x605) || c == 0x61c ||
           c == 0x6dd || c == 0x70f || (c >= 0x890 && c <= 0x891) || c == 0x8e2 ||
           (c >= 0x115f && c <= 0x1160) || (c >= 0x17b4 && c <= 0x17b5) ||
           (c >= 0x180b && c <= 0x180f);
  }
  return (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2060 && c <= 0x206f) || c == 0x3164 || (c >= 0xfe00 && c <= 0xfe0f) ||
         c == 0xfeff || c == 0xffa0 || (c >= 0xfff0 && c <= 0xfffb);
}

/* control-strip.ts INVISIBLE_ASTRAL, as a surrogate pair. */
static inline bool is_invisible_astral(unsigned high, unsigned low) {
  return (high == 0xd804 && (low == 0xdcbd || low == 0xdccd)) ||
         (high == 0xd80d && low >= 0xdc30 && low <= 0xdc3f) ||
         (high == 0xd82f && low >= 0xdca0 && low <= 0xdca3) ||
         (high == 0xd834 && low >= 0xdd73 && low <= 0xdd7a) ||
         (high >= 0xdb40 && high <= 0xdb43 && low >= 0xdc00 && low <= 0xdfff);
}
static inline bool is_high(unsigned c) { return c >= 0xd800 && c <= 0xdbff; }
static inline bool is_low(unsigned c) { return c >= 0xdc00 && c <= 0xdfff; }

/* A C0 control but tab, LF and CR; DEL; a C1 control. */
static inline bool is_control(unsigned c) {
  return (c < 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) || (c >= 0x7f && c <= 0x9f);
}

/* control-strip.ts SUSPICIOUS_CLASS: every unit that may need stripping. */
static inline bool is_suspicious(unsigned c) {
  if (c >= 0x20 && c < 0x7f) return false;
  return is_control(c) || (c >= 0xd800 && c <= 0xdfff) || is_invisible_bmp(c);
}

/* The anchor kinds of the mask rules, each a bit (mask-rules.ts `starts`). */
enum { COLON = 1, EQUALS = 2, DASH = 4, UNDERSCORE = 8, LETTER_A = 16, LETTER_J = 32, LETTER_B = 64 };

static const uint8_t ANCHOR_KIND[128] = {
    [':'] = COLON, ['='] = EQUALS,   ['-'] = DASH,     ['_'] = UNDERSCORE,
    ['A'] = LETTER_A, ['J'] = LETTER_J, ['B'] = LETTER_B, ['b'] = LETTER_B,
};

static inline bool is_anchor(unsigned c) { return c < 128 && ANCHOR_KIND[c] != 0; }


/* 16 bytes of units at a time (GCC/Clang vector extensions: SSE2 on x86-64, NEON on arm64). */
#define LANES (16 / sizeof(unit))
typedef unit unit8 __attribute__((vector_size(16)));
#if CLAUSTER_UNIT_BITS == 8
typedef int8_t mask8 __attribute__((vector_size(16)));
#else
typedef int16_t mask8 __attribute__((vector_size(16)));
#endif

static inline unit8 load8(const unit *s) {
  unit8 v;
  memcpy(&v, s, sizeof v);
  return v;
}

/* The first lane set in `m`, or LANES. */
static inline size_t first_lane(mask8 m) {
  uint64_t half[2];
  memcpy(half, &m, sizeof half);
  size_t shift = CLAUSTER_UNIT_BITS == 8 ? 3 : 4;
  if (half[0] != 0) return (size_t)__builtin_ctzll(half[0]) >> shift;
  if (half[1] != 0) return LANES / 2 + ((size_t)__builtin_ctzll(half[1]) >> shift);
  return LANES;
}

/* Lanes that may hold a suspicious unit: controls, and the ranges that hold the invisible
 * characters and surrogates (0x7F-0xA0, 0xAD, 0x34F-0x24FF, 0x3000 and up). Box drawing,
 * Latin-1 letters and the like pass, so lines of them stay on the fast path. */
static inline mask8 maybe_suspicious8(unit8 v) {
#if CLAUSTER_UNIT_BITS == 8
  return (v < 0x20) | ((unit8)(v - 0x7f) < 0x22) | (v == 0xad);
#else
  return (v < 0x20) | ((unit8)(v - 0x7f) < 0x22) | (v == 0xad) | ((unit8)(v - 0x34f) < 0x21b1) |
         (v >= 0x3000);
#endif
}

/* Index of the first suspicious unit of s[from, n), or n. */
static inline size_t next_suspicious(const unit *s, size_t from, size_t n) {
  size_t i = from;
  while (i + LANES <= n) {
    for (size_t k = i + first_lane(maybe_suspicious8(load8(s + i))); k < i + LANES; k++) {
      if (is_suspicious(s[k])) return k;
    }
    i += LANES;
  }
  for (; i < n; i++) {
    if (is_suspicious(s[i])) return i;
  }
  return n;
}
