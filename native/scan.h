/*
 * The mask scan of the redaction engine. Invariant: the spans are exactly those the
 * reference (test/support/redact-reference.ts) finds — one global regex of all rules from
 * position 0, the first rule in anchor-then-table order winning at a position, the
 * word-start rule applied with the removal points — in the same (scan) order.
 */
#ifndef CLAUSTER_SCAN_H
#define CLAUSTER_SCAN_H

#include "buffers.h"
#include "units.h"

/* Fills the trigger tables; call once before scan_spans(). */
void scan_init(void);
/* Units readable past the end of a text given to scan_spans() (the scan reads 64 at a time). */
#define SCAN_PADDING 64

/* Pads `t` after its `n` units for scan_spans(): SCAN_PADDING spaces. */
void pad_text(unit *t, size_t n);

/*
 * Appends [start, end) pairs of stripped `x` to `spans` (x.t padded by pad_text()); `cuts` are its removal points.
 * With `stop_at_suspicious`, `x` may be unstripped: the scan stops at its first suspicious
 * unit and returns its index (the spans are then meaningless: strip and scan again), or
 * returns x.n when there is none, and the spans are those of `x` as it is.
 */
size_t scan_spans(text x, const size_t *cuts, size_t cut_count, list *spans,
                  bool stop_at_suspicious);

#endif
