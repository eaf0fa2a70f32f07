/*
 * The redaction engine for one unit width, from its parts: strip (engine/strip.h), mask scan
 * (engine/scan.h, with engine/window.h and the rules of engine/match.h, rules-keys.h and
 * rules.h), and the replacement below. native/engine8.c and engine16.c each define
 * CLAUSTER_UNIT_BITS and the ENGINE_* names, then include this file once: one translation unit per
 * width, every function static but the entry point (declared in native/redact-engine.h).
 * Invariant: the entry point's result is exactly the plain reference's
 * (test/support/redact-reference.ts) for the same string.
 */
#include <pthread.h>
#include <stdlib.h>

#include "../buffers.h"
#include "../redact-engine.h"
#include "units.h"
#include "window.h"
#include "strip.h"
#include "match.h"
#include "rules-keys.h"
#include "rules.h"
#include "word-start.h"
#include "scan.h"

static const char REDACTED[] = "<redacted>";
#define REDACTED_LENGTH 10

/* This thread's buffers, reached through one pointer per call (each thread-local access from
 * a dlopen()ed module costs a call). */
typedef struct {
  buffer strip;
  buffer out;
  buffer cuts;
  buffer spans;
} buffers;

static _Thread_local buffers state;

static int by_start(const void *a, const void *b) {
  const size_t *x = a;
  const size_t *y = b;
  return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Spans in scan order that overlap are sorted and merged (touching ones too), as the
 * reference does; disjoint ones in order are replaced one by one. Returns the span count. */
static size_t order_spans(size_t *spans, size_t count) {
  bool in_order = true;
  for (size_t i = 1; i < count && in_order; i++) {
    if (spans[2 * i] < spans[2 * i - 1]) in_order = false;
  }
  if (in_order) return count;
  qsort(spans, count, 2 * sizeof(size_t), by_start);
  size_t merged = 0;
  for (size_t i = 0; i < count; i++) {
    size_t start = spans[2 * i];
    size_t end = spans[2 * i + 1];
    if (merged > 0 && start <= spans[2 * merged - 1]) {
      if (end > spans[2 * merged - 1]) spans[2 * merged - 1] = end;
    } else {
      spans[2 * merged] = start;
      spans[2 * merged + 1] = end;
      merged++;
    }
  }
  return merged;
}

/* `x` with each span replaced by REDACTED, into `out`; returns the length or SIZE_MAX. */
static size_t apply_spans(text x, size_t *spans, size_t count, buffer *out_buf) {
  count = order_spans(spans, count);
  if (!reserve(out_buf, x.n + count * REDACTED_LENGTH + 1, sizeof(unit))) return SIZE_MAX;
  unit *out = out_buf->data;
  size_t o = 0;
  size_t pos = 0;
  for (size_t i = 0; i < count; i++) {
    size_t start = spans[2 * i];
    memcpy(out + o, x.t + pos, (start - pos) * sizeof(unit));
    o += start - pos;
    for (size_t k = 0; k < REDACTED_LENGTH; k++) out[o + k] = (unit)REDACTED[k];
    o += REDACTED_LENGTH;
    pos = spans[2 * i + 1];
  }
  memcpy(out + o, x.t + pos, (x.n - pos) * sizeof(unit));
  return o + x.n - pos;
}

const unit *ENGINE_ENTRY(const unit *s, size_t n, size_t *length, bool *changed) {
  text x = {s, n};
  buffers *own = &state;
  list cuts = {own->cuts.data, 0, &own->cuts, false};
  list spans = {own->spans.data, 0, &own->spans, false};
  /* One pass finds the masks of a line with nothing to strip, or where stripping starts. */
  size_t first = scan_spans(x, NULL, 0, &spans, true);
  if (first < n) {
    if (!reserve(&own->strip, n + REDACT_PADDING, sizeof(unit))) return NULL;
    x.n = strip(s, n, first, own->strip.data, &cuts);
    pad_text(own->strip.data, x.n);
    x.t = own->strip.data;
    spans.len = 0;
    scan_spans(x, cuts.data, cuts.len, &spans, false);
  }
  if (cuts.failed || spans.failed) return NULL;
  *changed = cuts.len > 0 || spans.len > 0;
  if (spans.len == 0) {
    *length = x.n;
    return x.t;
  }
  size_t out = apply_spans(x, spans.data, spans.len / 2, &own->out);
  if (out == SIZE_MAX) return NULL;
  *length = out;
  return own->out.data;
}

/* The trigger tables and the window kind are process-wide: built once, whatever the number
 * of Node environments (workers) that load the module. */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

void ENGINE_INIT(void) { pthread_once(&init_once, scan_init); }

void ENGINE_RELEASE(void) {
  buffers *own = &state;
  release(&own->strip);
  release(&own->out);
  release(&own->cuts);
  release(&own->spans);
}

int ENGINE_WINDOWS(int kind) { return window_select(kind); }

void ENGINE_TRIM(void) {
  buffers *own = &state;
  trim(&own->strip, sizeof(unit));
  trim(&own->out, sizeof(unit));
  trim(&own->cuts, sizeof(size_t));
  trim(&own->spans, sizeof(size_t));
}
