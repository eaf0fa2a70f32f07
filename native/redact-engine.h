/*
 * The redaction engine's entry points, one per unit width (engine/engine.h, compiled by
 * engine8.c and engine16.c), for the V8 glue in redact.cc. Invariant: each returns exactly
 * the plain reference's redaction (test/support/redact-reference.ts) of the string whose
 * units it is given, or NULL when memory runs out.
 */
#ifndef CLAUSTER_REDACT_ENGINE_H
#define CLAUSTER_REDACT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Units past `n` that the caller must make readable (any value: the scan ignores them). */
#define REDACT_PADDING 64

/*
 * The redaction of s[0, n) (s readable up to n + REDACT_PADDING), valid until the next call
 * on this thread: `*length` units, `*changed` false when it equals the input.
 */
const uint8_t *redact_latin1(const uint8_t *s, size_t n, size_t *length, bool *changed);
const uint16_t *redact_utf16(const uint16_t *s, size_t n, size_t *length, bool *changed);

/* Call before the first redaction (any number of times: the work is done once). */
void redact_latin1_init(void);
void redact_utf16_init(void);

/* Gives back this thread's big buffers (past 4 MiB) after a call. */
void redact_latin1_trim(void);
void redact_utf16_trim(void);

/* Frees all of this thread's buffers (its Node environment is ending). */
void redact_latin1_release(void);
void redact_utf16_release(void);

/*
 * How the scan takes its first look at the text (engine/window.h): 0 a unit at a time, 1 SSE2,
 * 2 AVX2. With a kind the CPU has, switches to it; with -1, only asks. Returns the kind in use.
 * All kinds give the same result (the tests run each).
 */
int redact_latin1_windows(int kind);
int redact_utf16_windows(int kind);

#ifdef __cplusplus
}
#endif

#endif
