/*
 * The first look of the mask scan: over a window of 64 units, which ones are rule anchors and
 * which ones may need stripping, as bit sets (bit k for unit k; the window and the unit after
 * it must be readable). Invariant: `anchors` holds anchors only, and every anchor where a rule
 * can match ('B'/'b' only before 'E'/'e'), and every unit the stripper may remove is in
 * `odd` (with some that it keeps: tab, LF, CR, DEL…, and every unit outside ASCII), so the
 * scan can skip every unit in neither set. Three ways give the same bits: a unit at a time
 * (everywhere), 16 units a step with SSE2 (every x86-64) and 32 with AVX2 (picked at load time
 * when the CPU has it); UTF-16 units are packed to bytes first. window_select() lets the tests
 * run each of them.
 *
 * Part of the engine body (engine/engine.h): included once per unit width, every function
 * static.
 */
enum { WINDOW_SCALAR = 0, WINDOW_SSE2 = 1, WINDOW_AVX2 = 2 };

static inline void window_bits_scalar(const unit *p, uint64_t *anchors, uint64_t *odd) {
  uint64_t a = 0;
  uint64_t o = 0;
  for (int k = 0; k < 64; k++) {
    if (is_anchor(p[k])) a |= (uint64_t)1 << k;
    if (p[k] < 0x20 || p[k] >= 0x7f) o |= (uint64_t)1 << k;
  }
  *anchors = a;
  *odd = o;
}

#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#include <stdatomic.h>

static inline void window_bits_sse2(const unit *p, uint64_t *anchors, uint64_t *odd) {
  uint64_t a = 0;
  uint64_t o = 0;
  for (int step = 0; step < 4; step++) {
    const __m128i *at = (const __m128i *)(const void *)(p + step * 16);
#if CLAUSTER_UNIT_BITS == 8
    __m128i bytes = _mm_loadu_si128(at);
#else
    /* Signed saturation: 0x0100-0x7FFF become 0xFF and 0x8000-0xFFFF become 0x00, neither an
     * anchor and both in `odd`, like every unit outside ASCII. */
    __m128i bytes = _mm_packus_epi16(_mm_loadu_si128(at), _mm_loadu_si128(at + 1));
#endif
    __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(':')), _mm_cmpeq_epi8(bytes, _mm_set1_epi8('='))),
        _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('-')), _mm_cmpeq_epi8(bytes, _mm_set1_epi8('_'))));
    hit = _mm_or_si128(
        hit, _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('A')), _mm_cmpeq_epi8(bytes, _mm_set1_epi8('J'))));
    /* 'B'/'b' only before 'E'/'e' (bearer-token is the one rule there). */
#if CLAUSTER_UNIT_BITS == 8
    __m128i next = _mm_loadu_si128((const __m128i *)(const void *)(p + step * 16 + 1));
#else
    const __m128i *after = (const __m128i *)(const void *)(p + step * 16 + 1);
    __m128i next = _mm_packus_epi16(_mm_loadu_si128(after), _mm_loadu_si128(after + 1));
#endif
    __m128i lower = _mm_set1_epi8(0x20);
    hit = _mm_or_si128(hit, _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(bytes, lower), _mm_set1_epi8('b')),
                                          _mm_cmpeq_epi8(_mm_or_si128(next, lower), _mm_set1_epi8('e'))));
    /* Below 0x20, or 0x7F and up (negative as signed bytes). */
    __m128i strange = _mm_or_si128(_mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)),
                                   _mm_cmpeq_epi8(bytes, _mm_set1_epi8(0x7f)));
    a |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (step * 16);
    o |= (uint64_t)(uint16_t)_mm_movemask_epi8(strange) << (step * 16);
  }
  *anchors = a;
  *odd = o;
}

/* The same over 32 units a step, for CPUs with AVX2. */
#include <immintrin.h>

__attribute__((target("avx2"))) static void window_bits_avx2(const unit *p, uint64_t *anchors,
                                                             uint64_t *odd) {
  uint64_t a = 0;
  uint64_t o = 0;
  for (int step = 0; step < 2; step++) {
    const unit *q = p + step * 32;
#if CLAUSTER_UNIT_BITS == 8
    __m256i bytes = _mm256_loadu_si256((const __m256i *)(const void *)q);
    __m256i next = _mm256_loadu_si256((const __m256i *)(const void *)(q + 1));
#else
    /* packus packs within 128-bit halves: the permute puts the 32 bytes back in order. */
    __m256i bytes = _mm256_permute4x64_epi64(
        _mm256_packus_epi16(_mm256_loadu_si256((const __m256i *)(const void *)q),
                            _mm256_loadu_si256((const __m256i *)(const void *)(q + 16))),
        0xd8);
    __m256i next = _mm256_permute4x64_epi64(
        _mm256_packus_epi16(_mm256_loadu_si256((const __m256i *)(const void *)(q + 1)),
                            _mm256_loadu_si256((const __m256i *)(const void *)(q + 17))),
        0xd8);
#endif
    __m256i hit = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(bytes, _mm256_set1_epi8(':')),
                        _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8('='))),
        _mm256_or_si256(_mm256_cmpeq_epi8(bytes, _mm256_set1_epi8('-')),
                        _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8('_'))));
    hit = _mm256_or_si256(hit, _mm256_or_si256(_mm256_cmpeq_epi8(bytes, _mm256_set1_epi8('A')),
                                               _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8('J'))));
    __m256i lower = _mm256_set1_epi8(0x20);
    hit = _mm256_or_si256(
        hit, _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_or_si256(bytes, lower), _mm256_set1_epi8('b')),
                              _mm256_cmpeq_epi8(_mm256_or_si256(next, lower), _mm256_set1_epi8('e'))));
    __m256i strange = _mm256_or_si256(_mm256_cmpgt_epi8(_mm256_set1_epi8(0x20), bytes),
                                      _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8(0x7f)));
    a |= (uint64_t)(uint32_t)_mm256_movemask_epi8(hit) << (step * 32);
    o |= (uint64_t)(uint32_t)_mm256_movemask_epi8(strange) << (step * 32);
  }
  *anchors = a;
  *odd = o;
}

static _Atomic int window_kind; /* process-wide; only the tests switch it */

/* Uses `kind` if this CPU can; returns the kind in use. */
static int window_select(int kind) {
  __builtin_cpu_init();
  if (kind == WINDOW_SCALAR || kind == WINDOW_SSE2) window_kind = kind;
  if (kind == WINDOW_AVX2 && __builtin_cpu_supports("avx2")) window_kind = kind;
  return window_kind;
}

static inline void window_at(const unit *p, uint64_t *anchors, uint64_t *odd) {
  int kind = atomic_load_explicit(&window_kind, memory_order_relaxed);
  if (kind == WINDOW_AVX2) window_bits_avx2(p, anchors, odd);
  else if (kind == WINDOW_SSE2) window_bits_sse2(p, anchors, odd);
  else window_bits_scalar(p, anchors, odd);
}

#else

static int window_select(int kind) {
  (void)kind;
  return WINDOW_SCALAR;
}

static inline void window_at(const unit *p, uint64_t *anchors, uint64_t *odd) {
  window_bits_scalar(p, anchors, odd);
}

#endif
